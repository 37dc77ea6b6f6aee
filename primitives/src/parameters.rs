//! One mechanism for every governable number of every MetaChain pallet.
//!
//! - Each pallet declares its rules with [`parameter_set!`]: a struct with one field per number
//!   (stored whole in the pallet's `Parameters` storage value, set at genesis) and an enum with
//!   one variant per field, each tagged with its [`ParameterKind`].
//! - Each pallet implements [`GovernedParameters`]: the rules in force, and storing new ones after
//!   checking their bounds and consistency (and doing what a change implies, e.g. starting a new
//!   credit period).
//! - The runtime lists the pallets in [`runtime_parameters!`], which makes `RuntimeParameter`: one
//!   enum over every parameter of every pallet.
//! - `pallet-chain-parameters` has the one call (`set_parameter(RuntimeParameter)`), checks the
//!   origin for the parameter's kind, and emits the one event (`Updated { old, new }`); its
//!   runtime API lists every value in force.
//!
//! polkadot-sdk's `pallet-parameters` has the same call shape, but it stores each value alone
//! with no check of its value, no genesis values and no hook on change; MetaChain's rules need
//! all three (see `pallets/chain-parameters/README.md`).

use alloc::vec::Vec;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::dispatch::DispatchResult;
use scale_info::TypeInfo;

/// Who may change a parameter: the runtime maps each kind to an origin.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ParameterKind {
	/// Periods, credit amounts, limits: a referendum or two thirds of the Technical Committee.
	Technical,
	/// Prices, deposits and shares of MC: also two thirds of the Foundation.
	Economic,
	/// The rules of governance itself: a referendum only.
	Governance,
}

/// A pallet's rules: a struct of numbers, changed one field at a time. Made by
/// [`parameter_set!`].
pub trait ParameterSet: Clone + core::fmt::Debug {
	/// One field with a value.
	type Parameter: Clone;
	/// Replace the field `parameter` names with its value.
	fn apply(&mut self, parameter: Self::Parameter);
	/// Who may change the field `parameter` names.
	fn kind(parameter: &Self::Parameter) -> ParameterKind;
	/// The field `parameter` names, with its value in `self`.
	fn current(&self, parameter: &Self::Parameter) -> Self::Parameter;
	/// Every field with its value, in declaration order.
	fn all(&self) -> Vec<Self::Parameter>;
}

/// A pallet whose rules are a [`ParameterSet`] it keeps in storage.
pub trait GovernedParameters {
	/// The pallet's rules.
	type Set: ParameterSet;
	/// The rules in force.
	fn parameters() -> Self::Set;
	/// Check `new` (each field's bounds, and the fields against each other), store it, and do
	/// what the change implies. Fails, changing nothing, with the pallet's own error if `new` is
	/// not valid. The caller has checked the origin.
	fn set_parameters(new: Self::Set) -> DispatchResult;
	/// Genesis: store `params`, or `defaults()` when there are none, and return what was
	/// stored. Panics if they are not valid: an invalid genesis is refused when the chain spec
	/// is built, never at run time. [`impl_governed_parameters!`] stores them without the change
	/// hook (there is no old value); this default goes through [`Self::set_parameters`].
	fn build_genesis(params: Option<Self::Set>, defaults: impl FnOnce() -> Self::Set) -> Self::Set {
		let params = params.unwrap_or_else(defaults);
		if let Err(e) = Self::set_parameters(params.clone()) {
			panic!(
				"invalid genesis parameters of {}: {params:?} ({e:?})",
				core::any::type_name::<Self>()
			);
		}
		params
	}
}

/// One parameter of the pallet `P`, with a value.
pub type ParameterOf<P> = <<P as GovernedParameters>::Set as ParameterSet>::Parameter;

/// Every parameter of every pallet of a runtime, one at a time. Made by
/// [`runtime_parameters!`].
pub trait AggregatedParameter: Sized {
	/// Who may change it.
	fn kind(&self) -> ParameterKind;
	/// The same parameter with the value in force.
	fn current(&self) -> Self;
	/// Make this value the one in force (through its pallet's [`GovernedParameters`]).
	fn set(self) -> DispatchResult;
	/// Every parameter of every pallet with the value in force.
	fn all() -> Vec<Self>;
}

/// Declare a pallet's rules: a struct with one field per number and the matching enum of
/// single-field changes, with [`ParameterSet`] implemented between them.
///
/// ```ignore
/// metachain_primitives::parameter_set! {
///     /// Every number of the workload rules.
///     pub struct WorkloadParams<Balance, BlockNumber>;
///     /// One workload parameter with its value.
///     pub enum WorkloadParameter {
///         /// Blocks per settlement day.
///         settlement_period: BlockNumber => SettlementPeriod(Technical),
///         /// MC paid a day from the incentive pool.
///         daily_workload_reward: Balance => DailyWorkloadReward(Economic),
///     }
/// }
/// ```
///
/// The struct derives SCALE, `TypeInfo` and serde (camelCase field names, unknown fields
/// refused: it is what genesis presets write); the enum derives SCALE and `TypeInfo`, with
/// variants in field order. The calling crate needs `codec`, `scale-info` and `serde`.
#[macro_export]
macro_rules! parameter_set {
	(
		$(#[doc = $set_doc:literal])*
		pub struct $set:ident $(< $($gen:ident),+ >)? ;
		$(#[doc = $enum_doc:literal])*
		pub enum $param:ident {
			$(
				$(#[doc = $field_doc:literal])*
				$field:ident : $ty:ty => $variant:ident ( $kind:ident )
			),+ $(,)?
		}
	) => {
		$(#[doc = $set_doc])*
		#[derive(codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen, scale_info::TypeInfo)]
		#[derive(Clone, Copy, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
		#[serde(rename_all = "camelCase", deny_unknown_fields)]
		pub struct $set $(< $($gen),+ >)? {
			$(
				$(#[doc = $field_doc])*
				pub $field: $ty,
			)+
		}

		$(#[doc = $enum_doc])*
		#[derive(codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen, scale_info::TypeInfo)]
		#[derive(Clone, Copy, PartialEq, Eq, Debug)]
		pub enum $param $(< $($gen),+ >)? {
			$(
				$(#[doc = $field_doc])*
				$variant($ty),
			)+
		}

		impl $(< $($gen: Clone + core::fmt::Debug),+ >)? $crate::parameters::ParameterSet for $set $(< $($gen),+ >)? {
			type Parameter = $param $(< $($gen),+ >)?;

			fn apply(&mut self, parameter: Self::Parameter) {
				match parameter {
					$( $param::$variant(value) => self.$field = value, )+
				}
			}

			fn kind(parameter: &Self::Parameter) -> $crate::parameters::ParameterKind {
				match parameter {
					$( $param::$variant(_) => $crate::parameters::ParameterKind::$kind, )+
				}
			}

			fn current(&self, parameter: &Self::Parameter) -> Self::Parameter {
				match parameter {
					$( $param::$variant(_) => $param::$variant(self.$field.clone()), )+
				}
			}

			fn all(&self) -> $crate::__private::Vec<Self::Parameter> {
				$crate::__private::vec![ $( $param::$variant(self.$field.clone()), )+ ]
			}
		}
	};
}

/// Implement [`GovernedParameters`] for a pallet that keeps its rules in one storage value and
/// checks them with its `params_valid(&Set) -> bool`:
///
/// ```ignore
/// metachain_primitives::impl_governed_parameters!(
///     Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter
/// );
/// // With something to do on a change (before the new rules are stored):
/// metachain_primitives::impl_governed_parameters!(
///     Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter,
///     on_change = Pallet::<T>::on_parameters_change
/// );
/// ```
///
/// `set_parameters` refuses rules `params_valid` rejects with the given error (changing
/// nothing), calls `on_change(&old, &new)` if given, then stores the new rules.
#[macro_export]
macro_rules! impl_governed_parameters {
	(
		$pallet:ident < $t:ident : $config:path >, $store:ty, $set:ty, $invalid:expr
		$(, on_change = $on_change:expr)? $(,)?
	) => {
		impl<$t: $config> $crate::parameters::GovernedParameters for $pallet<$t> {
			type Set = $set;

			fn parameters() -> $set {
				<$store as $crate::__private::StorageValue<$set>>::get()
			}

			fn set_parameters(new: $set) -> $crate::__private::DispatchResult {
				if !$pallet::<$t>::params_valid(&new) {
					return Err($invalid.into());
				}
				$(
					let old = <$store as $crate::__private::StorageValue<$set>>::get();
					($on_change)(&old, &new);
				)?
				<$store as $crate::__private::StorageValue<$set>>::put(new);
				Ok(())
			}

			fn build_genesis(params: Option<$set>, defaults: impl FnOnce() -> $set) -> $set {
				let params = params.unwrap_or_else(defaults);
				assert!(
					$pallet::<$t>::params_valid(&params),
					"invalid genesis parameters of {}: {:?}",
					core::any::type_name::<Self>(),
					params,
				);
				<$store as $crate::__private::StorageValue<$set>>::put(params.clone());
				params
			}
		}
	};
}

/// Make the runtime's enum of every governable parameter: one variant per pallet, carrying
/// one of that pallet's parameters ([`ParameterOf`]), with [`AggregatedParameter`] routed to
/// each pallet's [`GovernedParameters`].
///
/// ```ignore
/// metachain_primitives::runtime_parameters! {
///     /// Every governable parameter of the runtime.
///     pub enum RuntimeParameter {
///         /// Devices and credit.
///         Credit(crate::Credit),
///         /// Workload settlement.
///         Workload(crate::Workload),
///     }
/// }
/// ```
///
/// The calling crate needs `codec` and `scale-info`.
#[macro_export]
macro_rules! runtime_parameters {
	(
		$(#[doc = $doc:literal])*
		pub enum $name:ident {
			$(
				$(#[doc = $variant_doc:literal])*
				$variant:ident ( $owner:ty )
			),+ $(,)?
		}
	) => {
		$(#[doc = $doc])*
		#[derive(codec::Encode, codec::Decode, codec::DecodeWithMemTracking, codec::MaxEncodedLen, scale_info::TypeInfo)]
		#[derive(Clone, PartialEq, Eq, Debug)]
		pub enum $name {
			$(
				$(#[doc = $variant_doc])*
				$variant($crate::parameters::ParameterOf<$owner>),
			)+
		}

		impl $crate::parameters::AggregatedParameter for $name {
			fn kind(&self) -> $crate::parameters::ParameterKind {
				use $crate::parameters::{GovernedParameters, ParameterSet};
				match self {
					$( Self::$variant(p) => <<$owner as GovernedParameters>::Set as ParameterSet>::kind(p), )+
				}
			}

			fn current(&self) -> Self {
				use $crate::parameters::{GovernedParameters, ParameterSet};
				match self {
					$( Self::$variant(p) => Self::$variant(<$owner as GovernedParameters>::parameters().current(p)), )+
				}
			}

			fn set(self) -> $crate::__private::DispatchResult {
				use $crate::parameters::{GovernedParameters, ParameterSet};
				match self {
					$(
						Self::$variant(p) => {
							let mut set = <$owner as GovernedParameters>::parameters();
							set.apply(p);
							<$owner as GovernedParameters>::set_parameters(set)
						},
					)+
				}
			}

			fn all() -> $crate::__private::Vec<Self> {
				use $crate::parameters::{GovernedParameters, ParameterSet};
				let mut all = $crate::__private::Vec::new();
				$(
					all.extend(
						<$owner as GovernedParameters>::parameters().all().into_iter().map(Self::$variant),
					);
				)+
				all
			}
		}
	};
}

/// Migrate a parameter set stored at `key` to a version with fields appended at its end: SCALE
/// encodes a struct as its fields in order, so the stored encoding followed by the encoding of
/// the new fields' values (`appended`, a tuple for several) is the new set. Returns whether a
/// value was stored; fails, changing nothing, if the result does not decode exactly as `New`.
pub fn migrate_appending_fields<New: Decode + Encode>(
	key: &[u8],
	appended: &impl Encode,
) -> Result<bool, codec::Error> {
	let Some(mut raw) = frame_support::storage::unhashed::get_raw(key) else { return Ok(false) };
	raw.extend(appended.encode());
	let new = <New as codec::DecodeAll>::decode_all(&mut &raw[..])?;
	frame_support::storage::unhashed::put(key, &new);
	Ok(true)
}

/// Append the encoding of `appended` to the parameter set stored at `key`, unchecked: for a
/// migration that later ones extend further (only the last one can check the result against
/// the set's type, with [`migrate_appending_fields`]). Returns whether a value was stored.
pub fn append_fields_unchecked(key: &[u8], appended: &impl Encode) -> bool {
	let Some(mut raw) = frame_support::storage::unhashed::get_raw(key) else { return false };
	raw.extend(appended.encode());
	frame_support::storage::unhashed::put_raw(key, &raw);
	true
}

/// A migration that appends `Values::get()` (a tuple for several fields) to the parameter set
/// `Params` stored in the storage value `S`. Wrap it in `VersionedMigration` with the owning
/// pallet's versions. `Db` prices the read and the write (the runtime's `DbWeight`).
///
/// With `CHECK` (the default) the result must decode exactly as `Params` (with
/// [`migrate_appending_fields`]); a stored set it cannot extend is left as it was (reads fall
/// back to the runtime's default parameters) and reported as a defensive failure. Without it
/// the bytes are appended unchecked: for a migration that later ones extend further (only the
/// last can check the whole set).
pub struct AppendFields<Params, S, Values, Db, const CHECK: bool = true>(
	core::marker::PhantomData<(Params, S, Values, Db)>,
);

impl<Params, S, Values, Db, const CHECK: bool> frame_support::traits::UncheckedOnRuntimeUpgrade
	for AppendFields<Params, S, Values, Db, CHECK>
where
	Params: codec::FullCodec,
	S: frame_support::storage::StorageValue<Params>,
	Values: frame_support::traits::TypedGet,
	Values::Type: Encode,
	Db: frame_support::traits::Get<frame_support::weights::RuntimeDbWeight>,
{
	fn on_runtime_upgrade() -> frame_support::weights::Weight {
		if !CHECK {
			append_fields_unchecked(&S::hashed_key(), &Values::get());
		} else if let Err(e) = migrate_appending_fields::<Params>(&S::hashed_key(), &Values::get())
		{
			frame_support::defensive!("parameters not migrated", e);
		}
		Db::get().reads_writes(1, 1)
	}

	#[cfg(feature = "try-runtime")]
	fn post_upgrade(_state: Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
		if !CHECK {
			return Ok(());
		}
		let raw = frame_support::storage::unhashed::get_raw(&S::hashed_key());
		if let Some(raw) = raw {
			<Params as codec::DecodeAll>::decode_all(&mut &raw[..])
				.map_err(|_| "parameters undecodable after the migration")?;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use core::cell::RefCell;

	parameter_set! {
		/// Two numbers.
		pub struct Pair<Balance>;
		/// One of them.
		pub enum PairParameter {
			/// A price.
			price: Balance => Price(Economic),
			/// A length.
			length: u32 => Length(Technical),
		}
	}

	std::thread_local! {
		static STORED: RefCell<Pair<u128>> = const { RefCell::new(Pair { price: 5, length: 10 }) };
	}

	/// A pallet keeping a `Pair`, refusing a zero length.
	pub struct Owner;
	impl GovernedParameters for Owner {
		type Set = Pair<u128>;
		fn parameters() -> Pair<u128> {
			STORED.with(|s| *s.borrow())
		}
		fn set_parameters(new: Pair<u128>) -> DispatchResult {
			frame_support::ensure!(new.length > 0, "zero length");
			STORED.with(|s| *s.borrow_mut() = new);
			Ok(())
		}
	}

	runtime_parameters! {
		/// Everything.
		pub enum Everything {
			/// The pair.
			Pair(Owner),
		}
	}

	#[test]
	fn one_field_is_changed_checked_and_listed() {
		let p = Everything::Pair(PairParameter::Length(3));
		assert_eq!(p.kind(), ParameterKind::Technical);
		assert_eq!(Everything::Pair(PairParameter::Price(1)).kind(), ParameterKind::Economic);
		assert_eq!(p.current(), Everything::Pair(PairParameter::Length(10)));
		assert!(p.clone().set().is_ok());
		assert_eq!(Owner::parameters(), Pair { price: 5, length: 3 });
		// Refused by the owner's check: nothing changes.
		assert!(Everything::Pair(PairParameter::Length(0)).set().is_err());
		assert_eq!(Owner::parameters(), Pair { price: 5, length: 3 });
		assert_eq!(
			Everything::all(),
			vec![
				Everything::Pair(PairParameter::Price(5)),
				Everything::Pair(PairParameter::Length(3))
			]
		);
	}

	#[test]
	fn sets_read_genesis_json_with_camel_case_names_only() {
		let pair: Pair<u128> = serde_json::from_str(r#"{"price":7,"length":2}"#).unwrap();
		assert_eq!(pair, Pair { price: 7, length: 2 });
		assert!(serde_json::from_str::<Pair<u128>>(r#"{"price":7,"length":2,"x":1}"#).is_err());
	}
}
