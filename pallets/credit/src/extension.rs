//! `CheckHeartbeat`: the transaction pool refuses invalid heartbeats, and batches from accounts
//! that are not relays holding their deposit, before inclusion.
//!
//! A valid heartbeat is free (`#[pallet::feeless_if]` with `SkipCheckIfFeeless` in the
//! runtime). Without this extension an invalid one would simply pay a fee and fail in the
//! block; with it, a heartbeat from an account that is not an active device, or a second one
//! in the same period, is invalid in the pool and never reaches a block. The pool's reason is
//! `InvalidTransaction::Custom(i)`, `i` the index of the pallet's `Error` variant (see
//! `Pallet::pool_error`). Valid heartbeats
//! provide the tag `(device, period)`, so a device's signed and batched heartbeats exclude one
//! another.
//!
//! A relay's `submit_heartbeats` is checked for its signer only: a registered relay whose
//! deposit pays for the whole batch being skipped (one read). Its entries' signatures are verified in the block, where the
//! relay pays for the invalid ones, so the pool never does unpaid work that grows with a
//! batch. Batches rank at `HeartbeatPriority`.

use crate::{Call, Config, Pallet, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::{TransactionSource, ValidTransaction},
	traits::{Get, IsSubType, OriginTrait},
	weights::Weight,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, DispatchOriginOf, TransactionExtension, ValidateResult},
};

/// Refuse invalid `credit.heartbeat` calls, and `credit.submit_heartbeats` from anyone but a
/// relay whose deposit pays for the batch, in the transaction pool. Carries no data.
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckHeartbeat<T>(PhantomData<T>);

impl<T> CheckHeartbeat<T> {
	/// The extension (it has no fields).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

impl<T> core::fmt::Debug for CheckHeartbeat<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckHeartbeat")
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckHeartbeat<T>
where
	<T as frame_system::Config>::RuntimeCall: IsSubType<Call<T>>,
{
	const IDENTIFIER: &'static str = "CheckHeartbeat";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		match call.is_sub_type() {
			Some(Call::heartbeat {}) => T::WeightInfo::check_heartbeat(),
			Some(Call::submit_heartbeats { .. }) => T::WeightInfo::check_relay(),
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: DispatchOriginOf<<T as frame_system::Config>::RuntimeCall>,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let Some(who) = origin.as_signer() else {
			return Ok((ValidTransaction::default(), (), origin));
		};
		match call.is_sub_type() {
			Some(Call::heartbeat {}) => {}
			Some(Call::submit_heartbeats { heartbeats, .. }) => {
				if heartbeats.is_empty() {
					return Err(Pallet::<T>::pool_error(crate::Error::<T>::EmptyBatch));
				}
				Pallet::<T>::check_relay(who, heartbeats.len() as u32)
					.map_err(Pallet::<T>::pool_error)?;
				let valid = ValidTransaction {
					priority: T::HeartbeatPriority::get(),
					..Default::default()
				};
				return Ok((valid, (), origin));
			}
			_ => return Ok((ValidTransaction::default(), (), origin)),
		}
		let period = Pallet::<T>::current_period();
		Pallet::<T>::check_heartbeat(who, period).map_err(Pallet::<T>::pool_error)?;
		let valid = ValidTransaction {
			provides: alloc::vec![Pallet::<T>::heartbeat_tag(who, period)],
			longevity: Pallet::<T>::blocks_left_in_period(),
			..Default::default()
		};
		Ok((valid, (), origin))
	}

	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
