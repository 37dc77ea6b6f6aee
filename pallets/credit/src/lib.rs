//! # Credit: devices, invitations and proof-of-credit scores
//!
//! The lower layer of MetaChain is millions of devices (DVPN clients and smart home gateways).
//! This pallet gives each an on-chain identity and a credit score:
//!
//! - **Registration** needs an open invitation and holds a collateral (`DeviceDeposit`) for as
//!   long as the device is registered. `deregister` starts an unbonding period
//!   (`DeregisterDelay`), after which `withdraw_deposit` releases it. One device per account.
//! - **Stake.** A device's deposit is its bond: `bond_extra(amount)` raises it, `unbond(amount)`
//!   lowers it (never below `DeviceDeposit`); unbonded MC stays held for `DeregisterDelay`
//!   blocks, then `withdraw_unbonded` releases it. A device **weighs** `bonded × multiplier`,
//!   the multiplier rising linearly with its level from 1 (level 0) to `MaxCreditMultiplier`
//!   (at `MaxCredit`): what other pallets reward and elect by ([`CreditSnapshot::weight`]). So
//!   splitting the same MC across more devices weighs no more than keeping it in one, and
//!   credit alone weighs nothing.
//! - **Invitations** come from registered devices with at least `MinInviterCredit` (at most
//!   `MaxOpenInvites` open at once, each expiring after `InviteExpiry` blocks) or from
//!   governance (`InviteOrigin`). A new device starts with `InitialCredit`. Its inviter's bonus
//!   (`InviterBonus`, at most `MaxInviterBonusPerPeriod` per credit period) **vests**: once the
//!   invitee has stayed registered and active for `InviteVestingPeriods` credit periods,
//!   `vest_invite_bonus(invitee)` gives it to the inviter; it is forfeited if the invitee
//!   deregisters first. An account that withdrew its deposit cannot be invited again for
//!   `ReregisterCooldown` blocks. So an inviter gains nothing by inviting its own accounts and
//!   cycling them through registration.
//! - **Uptime**: one `heartbeat` per credit period adds `UptimeCredit` (up to `MaxCredit`). A
//!   valid heartbeat is free; an invalid one is refused by the transaction pool
//!   ([`CheckHeartbeat`]).
//! - **Relays** carry many devices' heartbeats in one `submit_heartbeats` transaction, each
//!   signed by its device for that relay ([`heartbeat_payload`]). A relay registers and holds
//!   `RelayDeposit` (`register_relay`); it signs its batches like any transaction. The pool
//!   checks only that the signer is a relay whose deposit can pay for the whole batch being
//!   invalid (O(1), no entry signature), so an unpaid submission costs the chain one
//!   signature check and one read. The entries are verified in the
//!   block: an invalid or stale entry (another period, not a device, deregistering, already
//!   heard from, listed twice, a bad signature) is **skipped**, never fatal to the batch, and
//!   the relay pays for it from its deposit (the fee of its weight, to the treasury). A batch
//!   whose entries are all valid is free.
//! - **Work**: other pallets award credit through [`CreditSink`], capped at
//!   `MaxWorkCreditPerPeriod` per device and period.
//! - **Decay**: each full period without a heartbeat, after `DecayGracePeriods`, costs
//!   `DecayPerPeriod`, down to zero. Decay is lazy: effective credit is computed from the stored
//!   credit and the last heartbeat whenever it is read, and written back whenever the device is
//!   touched.
//! - **Levels**: `credit / CreditPerLevel`. Below `MinRewardCredit` a device earns no rewards and
//!   cannot delegate.
//! - **Replenishment**: `replenish_credit(points)` buys credit back at `CreditPrice` per point, up
//!   to the highest credit the device ever had. `ReplenishRewardShare` of the price goes to the
//!   incentive pool; the rest is burnt (total issuance falls).
//!
//! Every rule's number is a parameter in storage ([`Parameters`]), set at genesis and changed
//! one at a time through `pallet-chain-parameters`, which asks this pallet to check and store
//! it ([`GovernedParameters`](metachain_primitives::parameters::GovernedParameters)). Other
//! pallets read credit through [`CreditInspect`], award work credit through [`CreditSink`] and
//! learn of changes through [`OnCreditChanged`] (traits of `metachain-primitives`, re-exported
//! here).
//!
//! Everything is O(1) in the number of devices: no hook iterates devices, and every loop is
//! bounded by a constant (`MaxOpenInvitesBound`, `MaxHeartbeatsPerBatch`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
mod extension;
pub mod migrations;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use extension::CheckHeartbeat;
/// Devices' credit as other pallets see it, and credit periods: moved to `metachain-primitives`,
/// re-exported for the users of this crate.
pub use metachain_primitives::credit::{
	heartbeat_class_of, CreditInspect, CreditPoints, CreditSink, CreditSnapshot, DeviceKind,
	DeviceStake, GroupTicket, HeartbeatClass, HeartbeatWitness, ListenerMark, OnCreditChanged,
	OnReplenished, PeriodAnchor, PeriodIndex, Stake, WorkReason,
};
/// Who may change a parameter: moved to `metachain-primitives`, re-exported for the users of
/// this crate.
pub use metachain_primitives::parameters::ParameterKind;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
#[cfg(any(feature = "try-runtime", test))]
use frame_support::traits::fungible::InspectHold;
use frame_support::weights::Weight;
use frame_support::{
	defensive,
	dispatch::{DispatchResult, Pays, PostDispatchInfo},
	ensure,
	traits::{
		fungible::{Inspect, Mutate, MutateHold},
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{
		CheckedMul, CheckedSub, IdentifyAccount, One, SaturatedConversion, Saturating, Verify, Zero,
	},
	transaction_validity::{InvalidTransaction, TransactionLongevity, TransactionValidityError},
	FixedPointNumber, FixedU128, Perbill, Rounding,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::credit";

/// Domain tag of the message a device signs for a batched heartbeat.
pub const HEARTBEAT_CONTEXT: [u8; 8] = *b"mc/hrtbt";

/// The message a device signs to have `relay` carry its heartbeat for `period`:
/// `SCALE(("mc/hrtbt", genesis_hash, device, period, relay))`. Binding the genesis hash keeps a
/// heartbeat of one chain from being replayed on another; binding the relay keeps anyone else
/// from copying it into their own batch (to void the relay's entry, which would then be
/// skipped at the relay's cost).
pub fn heartbeat_payload<AccountId: Encode, Hash: Encode>(
	genesis_hash: &Hash,
	device: &AccountId,
	period: PeriodIndex,
	relay: &AccountId,
) -> Vec<u8> {
	(HEARTBEAT_CONTEXT, genesis_hash, device, period, relay).encode()
}

/// The balance type of the pallet's currency.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A device as stored.
pub type DeviceOf<T> =
	Device<<T as frame_system::Config>::AccountId, BalanceOf<T>, BlockNumberFor<T>>;
/// The parameters of the pallet.
pub type ParamsOf<T> = CreditParams<BalanceOf<T>, BlockNumberFor<T>>;
/// One parameter with its value (what `pallet-chain-parameters` changes).
pub type ParameterOf<T> = CreditParameter<BalanceOf<T>, BlockNumberFor<T>>;
/// A heartbeat signed by its device.
pub type SignedHeartbeatOf<T> =
	SignedHeartbeat<<T as frame_system::Config>::AccountId, <T as Config>::DeviceSignature>;
/// MC a device is unbonding.
pub type UnbondingChunkOf<T> = UnbondingChunk<BalanceOf<T>, BlockNumberFor<T>>;
/// The largest `MaxCreditMultiplier` the parameters accept.
pub const MAX_CREDIT_MULTIPLIER_BOUND: u32 = 10;
/// An open invitation.
pub type InvitationOf<T> = Invitation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;
	use metachain_primitives::pool::IncentivePool;

	/// The storage layout's version: 1 added `DecayFloor` to the parameters, 2 the invite
	/// vesting and re-registration cooldown, 3 `MaxCreditMultiplier`, 4 the slash penalties,
	/// 5 `RelayDeposit`.
	pub const STORAGE_VERSION: StorageVersion = StorageVersion::new(5);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (MC): deposits are held, replenishment is paid and burnt.
		type Currency: Mutate<Self::AccountId>
			+ MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The signature devices put on batched heartbeats (the runtime's `MultiSignature`).
		type DeviceSignature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;

		/// The incentive pool, which receives `ReplenishRewardShare` of replenishment.
		type IncentivePool: IncentivePool<Self::AccountId, BalanceOf<Self>>;

		/// The origin that may invite devices on behalf of the chain (`force_invite`).
		type InviteOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told of every change of a device's credit.
		type OnCreditChanged: OnCreditChanged<Self::AccountId>;

		/// Told of the MC replenishment sends to the incentive pool.
		type OnReplenished: OnReplenished<BalanceOf<Self>>;

		/// Where slashed device MC goes (the treasury).
		type SlashBeneficiary: Get<Self::AccountId>;

		/// The least `DeregisterDelay`: blocks until every slash a device may owe has landed
		/// (staking's slash deferral plus the era the offence is in), so that no device
		/// withdraws or unbonds MC before the slash of the validator it backed.
		type MinUnbondingDelay: Get<BlockNumberFor<Self>>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// Upper bound of the `MaxOpenInvites` parameter (the size of the per-inviter list).
		#[pallet::constant]
		type MaxOpenInvitesBound: Get<u32>;

		/// Most heartbeats in one `submit_heartbeats` transaction.
		#[pallet::constant]
		type MaxHeartbeatsPerBatch: Get<u32>;

		/// Priority of relays' heartbeat batches in the pool.
		#[pallet::constant]
		type HeartbeatPriority: Get<TransactionPriority>;

		/// The fee of a weight as transactions pay it (without the length fee): a relay pays
		/// `WeightToFee(submit_heartbeats_skipped(k))` from its deposit for a batch with `k`
		/// skipped entries.
		type WeightToFee: sp_runtime::traits::Convert<Weight, BalanceOf<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates device keys and signatures for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: metachain_primitives::benchmarking::DeviceKeys<
			Self::AccountId,
			Self::DeviceSignature,
		>;
	}

	/// Why this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The collateral of a registered device.
		DeviceDeposit,
		/// The deposit of a heartbeat relay.
		RelayDeposit,
	}

	/// Every number of the credit rules.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	/// How blocks map to credit periods.
	#[pallet::storage]
	pub type Anchor<T: Config> = StorageValue<_, PeriodAnchor<BlockNumberFor<T>>, OptionQuery>;

	/// The registered devices, by account.
	#[pallet::storage]
	pub type Devices<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, DeviceOf<T>, OptionQuery>;

	/// Open invitations, by invitee (at most one per account).
	#[pallet::storage]
	pub type Invitations<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, InvitationOf<T>, OptionQuery>;

	/// Each inviting device's open invitations: invitee and expiry.
	#[pallet::storage]
	pub type OpenInvites<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		BoundedVec<(T::AccountId, BlockNumberFor<T>), T::MaxOpenInvitesBound>,
		ValueQuery,
	>;

	/// Invitees whose inviter's bonus has not vested yet, with the credit period from which
	/// `vest_invite_bonus` gives it. Removed when it vests or is forfeited (the invitee
	/// deregisters).
	#[pallet::storage]
	pub type VestingInviteBonus<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, PeriodIndex, OptionQuery>;

	/// Accounts that withdrew their deposit, with the block from which they may be invited again
	/// (`ReregisterCooldown`). Removed when they are invited again.
	#[pallet::storage]
	pub type ReregisterAt<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BlockNumberFor<T>, OptionQuery>;

	/// MC each device is unbonding: held, no longer in its weight, released by
	/// `withdraw_unbonded` (or `withdraw_deposit`) once it unlocks. At most one entry per
	/// device.
	#[pallet::storage]
	pub type Unbonding<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, UnbondingChunkOf<T>, OptionQuery>;

	/// The sum of all held device MC: deposits (bonds) and what is unbonding.
	#[pallet::storage]
	pub type TotalDeposits<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// The registered heartbeat relays, with the MC each holds (`HoldReason::RelayDeposit`):
	/// `RelayDeposit` when it registered, less what skipped entries cost it since.
	#[pallet::storage]
	pub type Relays<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The parameters; `None` takes the runtime's defaults.
		pub params: Option<ParamsOf<T>>,
		/// Devices registered at genesis (invited by no one); each must hold the deposit.
		pub devices: Vec<(T::AccountId, DeviceKind)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let params = Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			Anchor::<T>::put(PeriodAnchor::from_genesis(params.credit_period));
			for (who, kind) in &self.devices {
				assert!(!Devices::<T>::contains_key(who), "credit: genesis device listed twice");
				if let Err(e) = Pallet::<T>::do_register(who, *kind, None, Zero::zero()) {
					panic!("credit: genesis device cannot register: {e:?}");
				}
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An invitation was opened.
		Invited {
			/// The inviting device, or `None` for `InviteOrigin` (governance).
			inviter: Option<T::AccountId>,
			/// Who may now register.
			invitee: T::AccountId,
			/// The invitation expires at this block.
			expires_at: BlockNumberFor<T>,
		},
		/// An inviter withdrew an invitation.
		InvitationCancelled {
			/// The inviting device.
			inviter: T::AccountId,
			/// Who was invited.
			invitee: T::AccountId,
		},
		/// A device registered.
		DeviceRegistered {
			/// The device's account.
			device: T::AccountId,
			/// What it is.
			kind: DeviceKind,
			/// Who invited it.
			inviter: Option<T::AccountId>,
			/// The collateral held.
			deposit: BalanceOf<T>,
			/// Its initial credit.
			credit: CreditPoints,
		},
		/// An invitee registered: its inviter's bonus vests from credit period `vests_in` if the
		/// invitee stays registered and active until then.
		InviterBonusVesting {
			/// The inviting device.
			inviter: T::AccountId,
			/// The new device.
			invitee: T::AccountId,
			/// The credit period from which `vest_invite_bonus` gives the bonus.
			vests_in: PeriodIndex,
		},
		/// An inviter's bonus was forfeited: the invitee deregistered before it vested, or the
		/// inviter was no longer an active device when it did.
		InviterBonusForfeited {
			/// The inviting device.
			inviter: T::AccountId,
			/// The invitee.
			invitee: T::AccountId,
		},
		/// An inviter gained credit for a registration.
		InviterBonusAwarded {
			/// The inviting device.
			inviter: T::AccountId,
			/// The bonus (after the per-period cap).
			bonus: CreditPoints,
			/// The inviter's credit now.
			credit: CreditPoints,
		},
		/// A device reported for a period with its own `heartbeat` (a relay's batch deposits
		/// `HeartbeatsRelayed` for its entries, and `HeartbeatSkipped` for each one skipped).
		Heartbeat {
			/// The device.
			device: T::AccountId,
			/// The period.
			period: PeriodIndex,
			/// Its credit now.
			credit: CreditPoints,
		},
		/// A device earned credit for work.
		WorkCreditAwarded {
			/// The device.
			device: T::AccountId,
			/// Points awarded (after the per-period cap).
			points: CreditPoints,
			/// Why, as tagged by the awarding pallet.
			reason: WorkReason,
			/// Its credit now.
			credit: CreditPoints,
		},
		/// A device bought back credit.
		CreditReplenished {
			/// The device.
			device: T::AccountId,
			/// Points bought.
			points: CreditPoints,
			/// MC paid in all.
			cost: BalanceOf<T>,
			/// Of which burnt.
			burnt: BalanceOf<T>,
			/// Of which sent to the incentive pool.
			to_pool: BalanceOf<T>,
			/// Its credit now.
			credit: CreditPoints,
		},
		/// A device started deregistering.
		DeregistrationStarted {
			/// The device.
			device: T::AccountId,
			/// Its deposit can be withdrawn from this block on.
			unlocks_at: BlockNumberFor<T>,
		},
		/// A device bonded more MC.
		Bonded {
			/// The device.
			device: T::AccountId,
			/// MC added.
			amount: BalanceOf<T>,
			/// Its bond now.
			bonded: BalanceOf<T>,
		},
		/// A device started unbonding MC.
		Unbonded {
			/// The device.
			device: T::AccountId,
			/// MC unbonded by this call.
			amount: BalanceOf<T>,
			/// Its bond now.
			bonded: BalanceOf<T>,
			/// All it is unbonding, withdrawable from `unlocks_at`.
			unbonding: BalanceOf<T>,
			/// The block it unlocks at.
			unlocks_at: BlockNumberFor<T>,
		},
		/// Unbonded MC was released to the device.
		UnbondedWithdrawn {
			/// The device.
			device: T::AccountId,
			/// MC released.
			amount: BalanceOf<T>,
		},
		/// A device was slashed: the validator it backed was.
		DeviceSlashed {
			/// The device.
			device: T::AccountId,
			/// The share of its bonded and unbonding MC taken.
			fraction: Perbill,
			/// MC moved to the treasury.
			amount: BalanceOf<T>,
			/// Credit lost (`SlashCreditPenalty`).
			credit_lost: CreditPoints,
			/// Its bond now.
			bonded: BalanceOf<T>,
		},
		/// An inviter lost credit for a device it invited that was slashed.
		InviterPenalized {
			/// The inviter.
			inviter: T::AccountId,
			/// The slashed invitee.
			invitee: T::AccountId,
			/// Credit lost (`InviterSlashPenalty`).
			credit_lost: CreditPoints,
		},
		/// A device left and got its deposit back.
		DepositWithdrawn {
			/// The former device.
			device: T::AccountId,
			/// The deposit released (with anything still unbonding).
			amount: BalanceOf<T>,
			/// The account may be invited again from this block on (`ReregisterCooldown`).
			reregister_at: BlockNumberFor<T>,
		},
		/// An account registered as a heartbeat relay, or topped its deposit up.
		RelayRegistered {
			/// The relay.
			relay: T::AccountId,
			/// The MC it holds now.
			deposit: BalanceOf<T>,
		},
		/// A relay left and got what remains of its deposit back.
		RelayUnregistered {
			/// The former relay.
			relay: T::AccountId,
			/// MC released.
			released: BalanceOf<T>,
		},
		/// A relay's batch was applied.
		HeartbeatsRelayed {
			/// The relay that signed the batch.
			relay: T::AccountId,
			/// The credit period.
			period: PeriodIndex,
			/// Heartbeats recorded: every entry of the batch that was not skipped.
			accepted: u32,
			/// Entries skipped (each has its `HeartbeatSkipped` event).
			skipped: u32,
			/// MC taken from the relay's deposit for the skipped entries (to the treasury).
			charged: BalanceOf<T>,
		},
		/// An entry of a relay's batch was skipped.
		HeartbeatSkipped {
			/// The relay.
			relay: T::AccountId,
			/// The device the entry names.
			device: T::AccountId,
			/// Why: `WrongPeriod`, `NotRegistered`, `Deregistering`, `HeartbeatAlreadySent`,
			/// `DuplicateHeartbeat`, `BadHeartbeatSignature` or `HeavyWitnessExceeded`.
			reason: DispatchError,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is not a registered device.
		NotRegistered,
		/// The account already is a registered device.
		AlreadyRegistered,
		/// There is no open invitation for this account.
		NoInvitation,
		/// The invitation has expired.
		InvitationExpired,
		/// The account already has an open invitation.
		AlreadyInvited,
		/// The inviter's credit is below `MinInviterCredit`.
		InviterCreditTooLow,
		/// The inviter has `MaxOpenInvites` invitations open.
		TooManyOpenInvites,
		/// The caller did not issue this invitation.
		NotInviter,
		/// A device cannot invite itself.
		CannotInviteSelf,
		/// The device already sent its heartbeat this period.
		HeartbeatAlreadySent,
		/// A batched heartbeat is for another period than the current one.
		WrongPeriod,
		/// A batched heartbeat's signature does not verify.
		BadHeartbeatSignature,
		/// A device appears twice in one batch of heartbeats.
		DuplicateHeartbeat,
		/// A batch of heartbeats is empty.
		EmptyBatch,
		/// The device is deregistering.
		Deregistering,
		/// The device has not started deregistering.
		NotDeregistering,
		/// The unbonding period has not passed yet.
		StillUnbonding,
		/// Replenishment would raise credit above the device's highest credit ever.
		AboveHistoricalMaximum,
		/// Zero points requested.
		ZeroPoints,
		/// The account cannot pay (the deposit, or the replenishment price).
		InsufficientBalance,
		/// The parameters would be inconsistent (a zero period or level size, more open
		/// invitations than the bound, credit amounts above `MaxCredit`).
		InvalidParameter,
		/// An amount overflowed.
		Overflow,
		/// No inviter bonus is vesting for this account.
		NoVestingBonus,
		/// The inviter bonus has not vested yet: the invitee has been registered for fewer than
		/// `InviteVestingPeriods` credit periods.
		BonusNotVested,
		/// The account withdrew its deposit less than `ReregisterCooldown` blocks ago.
		ReregisterCooldown,
		/// Unbonding this much would leave the bond below `DeviceDeposit`.
		BelowMinimumBond,
		/// The device is not unbonding anything.
		NotUnbonding,
		/// A zero amount was given.
		ZeroAmount,
		/// The account is not a registered heartbeat relay.
		NotRelay,
		/// The relay already holds the full `RelayDeposit`.
		RelayAlreadyRegistered,
		/// The relay's deposit (what skipped entries left of it) cannot pay for the batch if
		/// every entry were skipped: it submits again after `register_relay` tops it up.
		RelayDepositTooLow,
		/// A relay's batch has more heavy entries (devices that delegate, or answer for a
		/// validator they left) than its `heavy` witness says: the entry is skipped, and so is
		/// every later entry of the batch whose device the listeners would be asked about.
		HeavyWitnessExceeded,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxOpenInvitesBound::get() > 0, "MaxOpenInvitesBound must be positive");
			assert!(T::MaxHeartbeatsPerBatch::get() > 0, "MaxHeartbeatsPerBatch must be positive");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Register the caller as a device of `kind`.
		///
		/// Needs an open, unexpired invitation for the caller; holds `DeviceDeposit` for as long
		/// as the device is registered. The device starts with `InitialCredit`; a device inviter
		/// gains `InviterBonus` (capped per period).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::register_device().saturating_add(T::OnCreditChanged::weight().saturating_mul(2)))]
		pub fn register_device(origin: OriginFor<T>, kind: DeviceKind) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!Devices::<T>::contains_key(&who), Error::<T>::AlreadyRegistered);
			let invitation = Invitations::<T>::take(&who).ok_or(Error::<T>::NoInvitation)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now < invitation.expires_at, Error::<T>::InvitationExpired);
			if let Some(inviter) = &invitation.inviter {
				Self::close_open_invite(inviter, &who);
			}
			Self::do_register(&who, kind, invitation.inviter, now)
		}

		/// Invite `invitee` to register a device.
		///
		/// The caller must be an active device with at least `MinInviterCredit` and fewer than
		/// `MaxOpenInvites` open invitations. The invitation expires after `InviteExpiry` blocks.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::invite())]
		pub fn invite(origin: OriginFor<T>, invitee: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(who != invitee, Error::<T>::CannotInviteSelf);
			let device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(device.is_active(), Error::<T>::Deregistering);
			let params = Parameters::<T>::get();
			ensure!(
				Self::effective_credit(&device, Self::current_period())
					>= params.min_inviter_credit,
				Error::<T>::InviterCreditTooLow
			);
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_invitable(&invitee, now)?;
			let expires_at = now.saturating_add(params.invite_expiry);
			OpenInvites::<T>::try_mutate(&who, |list| -> DispatchResult {
				list.retain(|(_, expiry)| *expiry > now);
				ensure!(
					(list.len() as u32) < params.max_open_invites,
					Error::<T>::TooManyOpenInvites
				);
				list.try_push((invitee.clone(), expires_at))
					.map_err(|_| Error::<T>::TooManyOpenInvites)?;
				Ok(())
			})?;
			Invitations::<T>::insert(
				&invitee,
				Invitation { inviter: Some(who.clone()), expires_at },
			);
			Self::deposit_event(Event::Invited { inviter: Some(who), invitee, expires_at });
			Ok(())
		}

		/// Invite `invitee` on behalf of the chain: how the first devices join.
		///
		/// The origin must be [`Config::InviteOrigin`]. The invitation counts against no device
		/// and earns no bonus.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::force_invite())]
		pub fn force_invite(origin: OriginFor<T>, invitee: T::AccountId) -> DispatchResult {
			T::InviteOrigin::ensure_origin(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_invitable(&invitee, now)?;
			let expires_at = now.saturating_add(Parameters::<T>::get().invite_expiry);
			Invitations::<T>::insert(&invitee, Invitation { inviter: None, expires_at });
			Self::deposit_event(Event::Invited { inviter: None, invitee, expires_at });
			Ok(())
		}

		/// Withdraw an invitation the caller issued, freeing its slot.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel_invitation())]
		pub fn cancel_invitation(origin: OriginFor<T>, invitee: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let invitation = Invitations::<T>::get(&invitee).ok_or(Error::<T>::NoInvitation)?;
			ensure!(invitation.inviter.as_ref() == Some(&who), Error::<T>::NotInviter);
			Invitations::<T>::remove(&invitee);
			Self::close_open_invite(&who, &invitee);
			Self::deposit_event(Event::InvitationCancelled { inviter: who, invitee });
			Ok(())
		}

		/// Report that the device is online for the current credit period, gaining
		/// `UptimeCredit` (up to `MaxCredit`).
		///
		/// Once per period. A valid heartbeat pays no fee; an invalid one (not a device,
		/// deregistering, already sent this period) is refused by the transaction pool.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::heartbeat().saturating_add(T::OnCreditChanged::weight()))]
		#[pallet::feeless_if(|origin: &OriginFor<T>| -> bool {
			match ensure_signed(origin.clone()) {
				Ok(who) => Pallet::<T>::check_heartbeat(&who, Pallet::<T>::current_period()).is_ok(),
				Err(_) => false,
			}
		})]
		pub fn heartbeat(origin: OriginFor<T>) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let period = Self::current_period();
			let device = Self::check_heartbeat(&who, period)?;
			let hook = Self::do_heartbeat(&who, device, period);
			// Charge what the credit listeners used, not their worst case.
			Ok(Some(T::WeightInfo::heartbeat().saturating_add(hook)).into())
		}

		/// Heartbeats of many devices in one transaction, signed by a registered relay; each
		/// entry signed by its device over [`heartbeat_payload`] for the current period and this
		/// relay.
		///
		/// Every entry is checked here, in the block: one that is for another period, not of an
		/// active device, already heard from, listed twice or badly signed is skipped
		/// (`HeartbeatSkipped`) and the rest are recorded. The relay pays for what it
		/// submitted invalid: `WeightToFee(submit_heartbeats_skipped(skipped))` from its deposit
		/// to the treasury. Its transaction fee is refunded (valid heartbeats are free). The
		/// pool (and the block) admit a batch only from a relay whose deposit can pay for all of
		/// it being skipped.
		///
		/// `witness` says how the batch weighs on the credit listeners
		/// ([`OnCreditChanged::heartbeat_class`]; the `CreditApi::heartbeat_readiness` runtime
		/// API tells each entry's class): how many entries are grouped (devices that delegate and
		/// were alive in the previous period, taken together per validator), in how many groups,
		/// and how many are heavy (the listeners' full work: a changed weight, a missed period, a
		/// validator left whose slashes it still answers for). The batch declares, and is
		/// admitted to a block by, the weight of that mix ([`Self::batch_weight`]); an entry
		/// beyond the witness is skipped (`HeavyWitnessExceeded`), and after it every entry
		/// whose device is not [`ListenerMark::Quiet`]. A grouped entry beyond the grouped
		/// witness (or of a group beyond it) is taken as heavy if the heavy witness has room.
		/// Light entries (quiet devices: they do not delegate) ask no listener.
		#[pallet::call_index(5)]
		#[pallet::weight(Pallet::<T>::batch_weight(heartbeats.len() as u32, *witness))]
		pub fn submit_heartbeats(
			origin: OriginFor<T>,
			heartbeats: BoundedVec<SignedHeartbeatOf<T>, T::MaxHeartbeatsPerBatch>,
			witness: HeartbeatWitness,
		) -> DispatchResultWithPostInfo {
			let relay = ensure_signed(origin)?;
			let held = Relays::<T>::get(&relay).ok_or(Error::<T>::NotRelay)?;
			ensure!(!heartbeats.is_empty(), Error::<T>::EmptyBatch);
			// (`CheckHeartbeat` checked in this block that `held` pays for every entry.)
			let period = Self::current_period();
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			let mut seen = alloc::collections::BTreeSet::new();
			let (mut accepted, mut skipped) = (0u32, 0u32);
			let mut budget = WitnessBudget::new(witness);
			let (mut hooks, mut heavy) = (Weight::zero(), 0u64);
			let mut grouped = Vec::new();
			let params = Parameters::<T>::get();
			for hb in heartbeats.iter() {
				let checked =
					Self::check_entry(hb, period, &genesis, &relay, &mut seen).and_then(|device| {
						let (old, new, mut device) = Self::heartbeat_of(device, period, &params);
						let class = budget.admit_entry(&hb.device, &mut device, &old, &new)?;
						Ok((device, old, new, class))
					});
				match checked {
					Ok((device, old, new, class)) => {
						// A grouped entry's ticket (`heartbeat_class_of` groups none without).
						let ticket = device.listeners.ticket().cloned();
						Devices::<T>::insert(&hb.device, device);
						match (class, ticket) {
							(HeartbeatClass::Light, _) => {}
							(HeartbeatClass::Grouped(_), Some(ticket)) => {
								grouped.push((hb.device.clone(), old, new, ticket))
							}
							(HeartbeatClass::Heavy | HeartbeatClass::Grouped(_), _) => {
								let hook = T::OnCreditChanged::on_credit_changed(
									&hb.device,
									Some(old),
									Some(new),
								);
								heavy = heavy.saturating_add(1);
								hooks = hooks.saturating_add(hook);
							}
						}
						// No `Heartbeat` event: `HeartbeatsRelayed` counts the batch's entries
						// taken (every entry not skipped), at a fraction of an entry's cost.
						accepted.saturating_inc();
					}
					Err(reason) => {
						skipped.saturating_inc();
						Self::deposit_event(Event::HeartbeatSkipped {
							relay: relay.clone(),
							device: hb.device.clone(),
							reason: reason.into(),
						});
					}
				}
			}
			let grouped_hooks = if grouped.is_empty() {
				Weight::zero()
			} else {
				T::OnCreditChanged::on_heartbeats(&grouped)
			};
			let charged =
				if skipped > 0 { Self::charge_relay(&relay, held, skipped) } else { Zero::zero() };
			Self::deposit_event(Event::HeartbeatsRelayed {
				relay,
				period,
				accepted,
				skipped,
				charged,
			});
			// Charge the block what was done (the listeners' real work, not their worst case);
			// the relay's fee is refunded: it paid for the skipped entries from its deposit.
			// `submit_heartbeats(n)` is the credit pallet's own work (see `batch_weight`); the
			// heavy entries' look-ups and what their listeners reported, and what the grouped
			// ones cost, are added. An entry skipped for the witness looked its class (and
			// perhaps its group) up.
			let light = T::OnCreditChanged::light_weight();
			let used = T::WeightInfo::submit_heartbeats(accepted)
				.saturating_add(T::WeightInfo::submit_heartbeats_skipped(skipped))
				.saturating_add(Self::over_witness_weight().saturating_mul(budget.over as u64))
				.saturating_add(light.saturating_mul(heavy))
				.saturating_add(hooks)
				.saturating_add(grouped_hooks);
			Ok(PostDispatchInfo { actual_weight: Some(used), pays_fee: Pays::No })
		}

		/// Register the caller as a heartbeat relay, holding `RelayDeposit`; or, if it is one
		/// whose deposit skipped entries used up, hold what it lacks again.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::register_relay())]
		pub fn register_relay(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let required = Parameters::<T>::get().relay_deposit;
			let held = match Relays::<T>::get(&who) {
				Some(held) => {
					ensure!(held < required, Error::<T>::RelayAlreadyRegistered);
					held
				}
				None => Zero::zero(),
			};
			let lacking = required.saturating_sub(held);
			if !lacking.is_zero() {
				T::Currency::hold(&HoldReason::RelayDeposit.into(), &who, lacking)
					.map_err(|_| Error::<T>::InsufficientBalance)?;
			}
			let deposit = held.saturating_add(lacking);
			Relays::<T>::insert(&who, deposit);
			Self::deposit_event(Event::RelayRegistered { relay: who, deposit });
			Ok(())
		}

		/// Stop relaying: release what is left of the caller's relay deposit. Its batches still
		/// in the pool become invalid.
		#[pallet::call_index(14)]
		#[pallet::weight(T::WeightInfo::unregister_relay())]
		pub fn unregister_relay(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let held = Relays::<T>::take(&who).ok_or(Error::<T>::NotRelay)?;
			let released = T::Currency::release(
				&HoldReason::RelayDeposit.into(),
				&who,
				held,
				Precision::BestEffort,
			)
			.unwrap_or_default();
			Self::deposit_event(Event::RelayUnregistered { relay: who, released });
			Ok(())
		}

		/// Buy back `points` of credit at `CreditPrice` each, up to the device's highest credit
		/// ever. `ReplenishRewardShare` of the price goes to the incentive pool, the rest is
		/// burnt.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::replenish_credit().saturating_add(T::OnCreditChanged::weight()))]
		pub fn replenish_credit(origin: OriginFor<T>, points: CreditPoints) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!points.is_zero(), Error::<T>::ZeroPoints);
			let mut device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(device.is_active(), Error::<T>::Deregistering);
			let period = Self::current_period();
			let old = Self::settle(&mut device, period);
			let credit =
				device.credit.checked_add(points).ok_or(Error::<T>::AboveHistoricalMaximum)?;
			ensure!(credit <= device.highest, Error::<T>::AboveHistoricalMaximum);

			let params = Parameters::<T>::get();
			let cost = params
				.credit_price
				.checked_mul(&BalanceOf::<T>::from(points))
				.ok_or(Error::<T>::Overflow)?;
			ensure!(
				T::Currency::reducible_balance(&who, Preservation::Preserve, Fortitude::Polite)
					>= cost,
				Error::<T>::InsufficientBalance
			);
			let to_pool = params.replenish_reward_share * cost;
			let burnt = cost.saturating_sub(to_pool);
			T::IncentivePool::receive(&who, to_pool)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			T::Currency::burn_from(
				&who,
				burnt,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientBalance)?;

			T::OnReplenished::on_replenished(to_pool);
			device.credit = credit;
			Self::store(&who, device, Some(old), period);
			Self::deposit_event(Event::CreditReplenished {
				device: who,
				points,
				cost,
				burnt,
				to_pool,
				credit,
			});
			Ok(())
		}

		/// Start deregistering: the device stops being active (no heartbeats, credit or
		/// invitations) and its deposit can be withdrawn after `DeregisterDelay` blocks.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::deregister().saturating_add(T::OnCreditChanged::weight()))]
		pub fn deregister(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(device.is_active(), Error::<T>::Deregistering);
			let period = Self::current_period();
			let old = Self::settle(&mut device, period);
			let unlocks_at = frame_system::Pallet::<T>::block_number()
				.saturating_add(Parameters::<T>::get().deregister_delay);
			device.unbonding_until = Some(unlocks_at);
			let inviter = device.inviter.clone();
			Self::store(&who, device, Some(old), period);
			Self::deposit_event(Event::DeregistrationStarted { device: who.clone(), unlocks_at });
			if VestingInviteBonus::<T>::take(&who).is_some() {
				if let Some(inviter) = inviter {
					Self::deposit_event(Event::InviterBonusForfeited { inviter, invitee: who });
				}
			}
			Ok(())
		}

		/// After the unbonding period, remove the device and release its deposit.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::withdraw_deposit().saturating_add(T::OnCreditChanged::weight()))]
		pub fn withdraw_deposit(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			let unlocks_at = device.unbonding_until.ok_or(Error::<T>::NotDeregistering)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() >= unlocks_at,
				Error::<T>::StillUnbonding
			);
			// Slashes it still owes land before anything is released.
			T::OnCreditChanged::before_hold_change(&who);
			let device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			let period = Self::current_period();
			let old = Self::snapshot_of(&device, period);
			// Whatever is still unbonding unlocked no later than the deposit: it goes too.
			let unbonding = Unbonding::<T>::take(&who).map_or(Zero::zero(), |c| c.amount);
			let held = device.deposit.saturating_add(unbonding);
			let released = T::Currency::release(
				&HoldReason::DeviceDeposit.into(),
				&who,
				held,
				Precision::BestEffort,
			)?;
			TotalDeposits::<T>::mutate(|t| *t = t.saturating_sub(held));
			Devices::<T>::remove(&who);
			OpenInvites::<T>::remove(&who);
			let now = frame_system::Pallet::<T>::block_number();
			let reregister_at = now.saturating_add(Parameters::<T>::get().reregister_cooldown);
			if reregister_at > now {
				ReregisterAt::<T>::insert(&who, reregister_at);
			}
			T::OnCreditChanged::on_credit_changed(&who, Some(old), None);
			Self::deposit_event(Event::DepositWithdrawn {
				device: who,
				amount: released,
				reregister_at,
			});
			Ok(())
		}

		/// Give `invitee`'s inviter its bonus, once the invitee has stayed registered and
		/// active for `InviteVestingPeriods` credit periods. Anyone may call it (the inviter
		/// has the reason to). The bonus counts against the inviter's `MaxInviterBonusPerPeriod`
		/// of the current period; an inviter that is no longer an active device forfeits it.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::vest_invite_bonus().saturating_add(T::OnCreditChanged::weight()))]
		pub fn vest_invite_bonus(origin: OriginFor<T>, invitee: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			let vests_in =
				VestingInviteBonus::<T>::get(&invitee).ok_or(Error::<T>::NoVestingBonus)?;
			let period = Self::current_period();
			ensure!(period >= vests_in, Error::<T>::BonusNotVested);
			VestingInviteBonus::<T>::remove(&invitee);
			let inviter =
				Devices::<T>::get(&invitee).filter(|d| d.is_active()).and_then(|d| d.inviter);
			// An invitee that deregistered took its entry with it, so this is defensive.
			let Some(inviter) = inviter else { return Ok(()) };
			if !Self::award_inviter_bonus(&inviter, period, &Parameters::<T>::get()) {
				Self::deposit_event(Event::InviterBonusForfeited { inviter, invitee });
			}
			Ok(())
		}

		/// Bond `amount` more MC to the device: it is held with the deposit and raises the
		/// device's weight (`bonded × multiplier`) at once.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::bond_extra()
			.saturating_add(T::OnCreditChanged::weight().saturating_mul(2)))]
		pub fn bond_extra(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			ensure!(
				Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?.is_active(),
				Error::<T>::Deregistering
			);
			// Slashes it still owes take their fraction of the bond they were incurred on.
			T::OnCreditChanged::before_hold_change(&who);
			let mut device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			T::Currency::hold(&HoldReason::DeviceDeposit.into(), &who, amount)
				.map_err(|_| Error::<T>::InsufficientBalance)?;
			TotalDeposits::<T>::mutate(|t| *t = t.saturating_add(amount));
			let period = Self::current_period();
			let old = Self::settle(&mut device, period);
			device.deposit = device.deposit.saturating_add(amount);
			let bonded = device.deposit;
			Self::store(&who, device, Some(old), period);
			Self::deposit_event(Event::Bonded { device: who, amount, bonded });
			Ok(())
		}

		/// Unbond `amount` of the device's bond, never below `DeviceDeposit`. It stops counting
		/// in the device's weight at once and stays held (and at risk) for `DeregisterDelay`
		/// blocks; `withdraw_unbonded` then releases it. A further `unbond` adds to what is
		/// unbonding and restarts the wait.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::unbond().saturating_add(T::OnCreditChanged::weight()))]
		pub fn unbond(origin: OriginFor<T>, amount: BalanceOf<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
			let mut device = Devices::<T>::get(&who).ok_or(Error::<T>::NotRegistered)?;
			ensure!(device.is_active(), Error::<T>::Deregistering);
			let params = Parameters::<T>::get();
			let bonded = device.deposit.checked_sub(&amount).ok_or(Error::<T>::BelowMinimumBond)?;
			ensure!(bonded >= params.device_deposit, Error::<T>::BelowMinimumBond);
			let unlocks_at =
				frame_system::Pallet::<T>::block_number().saturating_add(params.deregister_delay);
			let unbonding =
				Unbonding::<T>::get(&who).map_or(Zero::zero(), |c| c.amount).saturating_add(amount);
			Unbonding::<T>::insert(&who, UnbondingChunk { amount: unbonding, unlocks_at });
			let period = Self::current_period();
			let old = Self::settle(&mut device, period);
			device.deposit = bonded;
			Self::store(&who, device, Some(old), period);
			Self::deposit_event(Event::Unbonded {
				device: who,
				amount,
				bonded,
				unbonding,
				unlocks_at,
			});
			Ok(())
		}

		/// Release what the device unbonded, once it has unlocked.
		#[pallet::call_index(12)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded().saturating_add(T::OnCreditChanged::weight()))]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let chunk = Unbonding::<T>::get(&who).ok_or(Error::<T>::NotUnbonding)?;
			ensure!(
				frame_system::Pallet::<T>::block_number() >= chunk.unlocks_at,
				Error::<T>::StillUnbonding
			);
			// Slashes it still owes land before anything is released.
			T::OnCreditChanged::before_hold_change(&who);
			let Some(chunk) = Unbonding::<T>::take(&who) else { return Ok(()) };
			let released = T::Currency::release(
				&HoldReason::DeviceDeposit.into(),
				&who,
				chunk.amount,
				Precision::BestEffort,
			)?;
			TotalDeposits::<T>::mutate(|t| *t = t.saturating_sub(chunk.amount));
			Self::deposit_event(Event::UnbondedWithdrawn { device: who, amount: released });
			Ok(())
		}
	}

	/// The reads dApps do most, as view functions (metadata v16): a client calls
	/// `RuntimeViewFunction_execute_view_function` with the id from the metadata and decodes the
	/// answer with the metadata's types, without custom type definitions.
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The device of `who` as clients see it, its credit computed for the current period
		/// (decay applied), or `None` if `who` is no device: what `CreditApi::device` answers.
		pub fn device(
			who: T::AccountId,
		) -> Option<DeviceInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
			Self::device_info(&who)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The current credit period.
	pub fn current_period() -> PeriodIndex {
		Self::period_at(frame_system::Pallet::<T>::block_number())
	}

	/// The credit period of block `n`.
	pub fn period_at(n: BlockNumberFor<T>) -> PeriodIndex {
		Self::anchor().index_at(n)
	}

	/// Blocks until the current period ends (at least 1).
	pub(crate) fn blocks_left_in_period() -> TransactionLongevity {
		let now = frame_system::Pallet::<T>::block_number();
		Self::anchor().blocks_left_at(now).saturated_into()
	}

	/// How blocks map to credit periods: [`Anchor`], or periods of `CreditPeriod` blocks from
	/// genesis if it is not set.
	fn anchor() -> PeriodAnchor<BlockNumberFor<T>> {
		Anchor::<T>::get()
			.unwrap_or_else(|| PeriodAnchor::from_genesis(Parameters::<T>::get().credit_period))
	}

	/// A device's effective credit in `period`: its stored credit less `DecayPerPeriod` for
	/// every full period without a heartbeat beyond the grace periods that is not yet applied,
	/// never below `DecayFloor` (credit already at or below the floor does not decay).
	pub fn effective_credit(device: &DeviceOf<T>, period: PeriodIndex) -> CreditPoints {
		Self::effective_credit_with(device, period, &Parameters::<T>::get())
	}

	/// [`Self::effective_credit`] under `params` (the stored ones, read once by the caller).
	fn effective_credit_with(
		device: &DeviceOf<T>,
		period: PeriodIndex,
		params: &ParamsOf<T>,
	) -> CreditPoints {
		if device.credit <= params.decay_floor {
			return device.credit;
		}
		let first_decaying =
			device.anchor_period().saturating_add(1).saturating_add(params.decay_grace_periods);
		let from = first_decaying.max(device.decayed_through.saturating_add(1));
		// Periods `from ..= period - 1` are over, without a heartbeat, and not yet applied.
		let decaying = period.saturating_sub(from);
		device
			.credit
			.saturating_sub(decaying.saturating_mul(params.decay_per_period))
			.max(params.decay_floor)
	}

	/// Write the decay up to `period` back into the stored credit (what every change of a
	/// device's credit does first). Returns the device as other pallets saw it before: the
	/// `old` snapshot to tell the listeners.
	fn settle(device: &mut DeviceOf<T>, period: PeriodIndex) -> CreditSnapshot {
		Self::settle_with(device, period, &Parameters::<T>::get())
	}

	/// [`Self::settle`] under `params`.
	fn settle_with(
		device: &mut DeviceOf<T>,
		period: PeriodIndex,
		params: &ParamsOf<T>,
	) -> CreditSnapshot {
		let old = Self::snapshot_with(device, period, params);
		device.credit = old.credit;
		device.decayed_through = device.decayed_through.max(period.saturating_sub(1));
		old
	}

	/// The device as other pallets see it in `period`.
	fn snapshot_of(device: &DeviceOf<T>, period: PeriodIndex) -> CreditSnapshot {
		Self::snapshot_with(device, period, &Parameters::<T>::get())
	}

	/// [`Self::snapshot_of`] under `params`.
	fn snapshot_with(
		device: &DeviceOf<T>,
		period: PeriodIndex,
		params: &ParamsOf<T>,
	) -> CreditSnapshot {
		let credit = Self::effective_credit_with(device, period, params);
		let bonded: Stake = device.deposit.saturated_into();
		CreditSnapshot {
			credit,
			last_heartbeat: device.last_heartbeat,
			anchor: device.anchor_period(),
			active: device.is_active(),
			bonded,
			weight: Self::weight_of(bonded, credit, params),
		}
	}

	/// What `bonded` MC at `credit` weighs: `bonded × multiplier`, the multiplier rising
	/// linearly with the level from 1 (level 0) to `MaxCreditMultiplier` (the level of
	/// `MaxCredit`), rounded down.
	pub fn weight_of(bonded: Stake, credit: CreditPoints, params: &ParamsOf<T>) -> Stake {
		let (extra, top) = Self::multiplier_above_one(credit, params);
		let bonus =
			multiply_by_rational_with_rounding(bonded, extra as u128, top as u128, Rounding::Down)
				.unwrap_or(0);
		bonded.saturating_add(bonus)
	}

	/// The credit multiplier at `credit` (see [`Self::weight_of`]).
	pub fn multiplier(credit: CreditPoints, params: &ParamsOf<T>) -> FixedU128 {
		let (extra, top) = Self::multiplier_above_one(credit, params);
		FixedU128::one()
			.saturating_add(FixedU128::checked_from_rational(extra, top).unwrap_or_default())
	}

	/// The part of the credit multiplier above one at `credit`, as the fraction `extra / top`:
	/// `(MaxCreditMultiplier − 1) · level` over the top level (`top` is never zero).
	fn multiplier_above_one(credit: CreditPoints, params: &ParamsOf<T>) -> (u32, u32) {
		let per_level = params.credit_per_level.max(1);
		let top = (params.max_credit / per_level).max(1);
		let level = (credit.min(params.max_credit) / per_level).min(top);
		(params.max_credit_multiplier.saturating_sub(1).saturating_mul(level), top)
	}

	/// Add `points` to a device's credit (up to `MaxCredit`) and track its highest credit.
	fn add_credit(device: &mut DeviceOf<T>, points: CreditPoints, max_credit: CreditPoints) {
		device.credit = device.credit.saturating_add(points).min(max_credit);
		device.highest = device.highest.max(device.credit);
	}

	/// Store a changed device and tell the listeners; returns the weight they used.
	fn store(
		who: &T::AccountId,
		device: DeviceOf<T>,
		old: Option<CreditSnapshot>,
		period: PeriodIndex,
	) -> Weight {
		let new = Self::snapshot_of(&device, period);
		Devices::<T>::insert(who, device);
		T::OnCreditChanged::on_credit_changed(who, old, Some(new))
	}

	/// Whether `params` are consistent.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		!params.credit_period.is_zero()
			&& params.deregister_delay >= T::MinUnbondingDelay::get()
			&& params.credit_per_level > 0
			&& params.max_open_invites <= T::MaxOpenInvitesBound::get()
			&& params.initial_credit <= params.max_credit
			&& params.uptime_credit <= params.max_credit
			&& params.decay_floor <= params.max_credit
			// An offline device must end up below the reward threshold.
			&& (params.decay_floor == 0 || params.decay_floor < params.min_reward_credit)
			&& (1..=MAX_CREDIT_MULTIPLIER_BOUND).contains(&params.max_credit_multiplier)
			&& params.slash_credit_penalty <= params.max_credit
			&& params.inviter_slash_penalty <= params.max_credit
	}

	/// `invitee` may be invited: not a device, not within `ReregisterCooldown` of withdrawing
	/// its deposit, no open unexpired invitation. An expired invitation and a cooldown that
	/// passed are dropped.
	fn ensure_invitable(invitee: &T::AccountId, now: BlockNumberFor<T>) -> Result<(), Error<T>> {
		ensure!(!Devices::<T>::contains_key(invitee), Error::<T>::AlreadyRegistered);
		if let Some(at) = ReregisterAt::<T>::get(invitee) {
			ensure!(now >= at, Error::<T>::ReregisterCooldown);
			ReregisterAt::<T>::remove(invitee);
		}
		if let Some(existing) = Invitations::<T>::get(invitee) {
			ensure!(existing.expires_at <= now, Error::<T>::AlreadyInvited);
			Invitations::<T>::remove(invitee);
			if let Some(inviter) = existing.inviter {
				Self::close_open_invite(&inviter, invitee);
			}
		}
		Ok(())
	}

	/// Drop `invitee` from `inviter`'s open invitations, and the inviter's entry with its last
	/// one (an empty list is not kept in storage).
	fn close_open_invite(inviter: &T::AccountId, invitee: &T::AccountId) {
		OpenInvites::<T>::mutate_exists(inviter, |open| {
			if let Some(list) = open {
				list.retain(|(i, _)| i != invitee);
				if list.is_empty() {
					*open = None;
				}
			}
		});
	}

	/// Register `who` (its invitation already consumed): hold the deposit, create the device
	/// with `InitialCredit`, reward a device inviter.
	fn do_register(
		who: &T::AccountId,
		kind: DeviceKind,
		inviter: Option<T::AccountId>,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let params = Parameters::<T>::get();
		let deposit = params.device_deposit;
		T::Currency::hold(&HoldReason::DeviceDeposit.into(), who, deposit)
			.map_err(|_| Error::<T>::InsufficientBalance)?;
		TotalDeposits::<T>::mutate(|t| *t = t.saturating_add(deposit));
		let period = Self::current_period();
		let credit = params.initial_credit.min(params.max_credit);
		let device = Device {
			kind,
			credit,
			highest: credit,
			registered_period: period,
			last_heartbeat: None,
			decayed_through: period,
			inviter: inviter.clone(),
			deposit,
			registered_at: now,
			unbonding_until: None,
			bonus_in_period: 0,
			bonus_period: period,
			work_in_period: 0,
			work_period: period,
			listeners: ListenerMark::Quiet,
		};
		Self::store(who, device, None, period);
		Self::deposit_event(Event::DeviceRegistered {
			device: who.clone(),
			kind,
			inviter: inviter.clone(),
			deposit,
			credit,
		});
		if let Some(inviter) = inviter {
			if params.invite_vesting_periods == 0 {
				Self::award_inviter_bonus(&inviter, period, &params);
			} else {
				let vests_in = period.saturating_add(params.invite_vesting_periods);
				VestingInviteBonus::<T>::insert(who, vests_in);
				Self::deposit_event(Event::InviterBonusVesting {
					inviter,
					invitee: who.clone(),
					vests_in,
				});
			}
		}
		Ok(())
	}

	/// Give an active inviting device its bonus, within the period's cap. Returns whether the
	/// inviter is an active device (a bonus capped to nothing still counts as given).
	fn award_inviter_bonus(
		inviter: &T::AccountId,
		period: PeriodIndex,
		params: &ParamsOf<T>,
	) -> bool {
		let Some(mut device) = Devices::<T>::get(inviter) else { return false };
		if !device.is_active() {
			return false;
		}
		let used = if device.bonus_period == period { device.bonus_in_period } else { 0 };
		let bonus =
			params.inviter_bonus.min(params.max_inviter_bonus_per_period.saturating_sub(used));
		if bonus == 0 {
			return true;
		}
		let old = Self::settle(&mut device, period);
		Self::add_credit(&mut device, bonus, params.max_credit);
		device.bonus_period = period;
		device.bonus_in_period = used.saturating_add(bonus);
		let credit = device.credit;
		Self::store(inviter, device, Some(old), period);
		Self::deposit_event(Event::InviterBonusAwarded { inviter: inviter.clone(), bonus, credit });
		true
	}

	/// Whether `who` may send a heartbeat for `period`; the device if so.
	pub fn check_heartbeat(
		who: &T::AccountId,
		period: PeriodIndex,
	) -> Result<DeviceOf<T>, Error<T>> {
		let device = Devices::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		frame_support::ensure!(device.is_active(), Error::<T>::Deregistering);
		frame_support::ensure!(
			device.last_heartbeat != Some(period),
			Error::<T>::HeartbeatAlreadySent
		);
		Ok(device)
	}

	/// How the transaction pool refuses a heartbeat: `InvalidTransaction::Custom(i)` where `i`
	/// is the index of the pallet's [`Error`] variant, so clients name it from the metadata
	/// (e.g. `credit.HeartbeatAlreadySent`).
	pub fn pool_error(error: Error<T>) -> TransactionValidityError {
		InvalidTransaction::Custom(error.encode().first().copied().unwrap_or(u8::MAX)).into()
	}

	/// Record a heartbeat of `device` for `period` (already checked); returns the weight the
	/// credit listeners used.
	fn do_heartbeat(who: &T::AccountId, device: DeviceOf<T>, period: PeriodIndex) -> Weight {
		let (old, new, mut device) = Self::heartbeat_of(device, period, &Parameters::<T>::get());
		if !device.listeners.is_quiet() {
			// What the listeners hold now (their full work follows in any case, and may keep a
			// new ticket after it).
			device.listeners =
				T::OnCreditChanged::heartbeat_class(who, &device.listeners, &old, &new).1;
		}
		let credit = device.credit;
		let hook = Self::store(who, device, Some(old), period);
		Self::deposit_event(Event::Heartbeat { device: who.clone(), period, credit });
		hook
	}

	/// `device` after a heartbeat for `period` (not stored), with its snapshots before and
	/// after.
	fn heartbeat_of(
		mut device: DeviceOf<T>,
		period: PeriodIndex,
		params: &ParamsOf<T>,
	) -> (CreditSnapshot, CreditSnapshot, DeviceOf<T>) {
		let old = Self::settle_with(&mut device, period, params);
		Self::add_credit(&mut device, params.uptime_credit, params.max_credit);
		device.last_heartbeat = Some(period);
		let new = Self::snapshot_with(&device, period, params);
		(old, new, device)
	}

	/// The weight of looking up the class of an entry that the witness then refuses: the
	/// listeners' look-up and (at most) a group's readiness. Once per batch at most: after one
	/// such refusal every later entry that would ask the listeners is refused unasked.
	fn over_witness_weight() -> Weight {
		T::OnCreditChanged::light_weight().saturating_add(T::OnCreditChanged::group_ready_weight())
	}

	/// The pool tag of `device`'s own heartbeat for `period`: two of them exclude each other in
	/// the pool. (Relays' batches provide no device tags: a heartbeat copied into another
	/// transaction cannot push a batch out of the pool; it is skipped in the block.)
	pub(crate) fn heartbeat_tag(device: &T::AccountId, period: PeriodIndex) -> Vec<u8> {
		(HEARTBEAT_CONTEXT, device, period).encode()
	}

	/// Check one entry of `relay`'s batch: for `period`, not seen earlier in the batch, of an
	/// active device not yet heard from this period, signed by it for `relay`. Returns the
	/// device, or why the entry is skipped.
	fn check_entry<'a>(
		hb: &'a SignedHeartbeatOf<T>,
		period: PeriodIndex,
		genesis: &T::Hash,
		relay: &T::AccountId,
		seen: &mut alloc::collections::BTreeSet<&'a T::AccountId>,
	) -> Result<DeviceOf<T>, Error<T>> {
		ensure!(hb.period == period, Error::<T>::WrongPeriod);
		ensure!(seen.insert(&hb.device), Error::<T>::DuplicateHeartbeat);
		let device = Self::check_heartbeat(&hb.device, period)?;
		let payload = heartbeat_payload(genesis, &hb.device, period, relay);
		ensure!(hb.signature.verify(&payload[..], &hb.device), Error::<T>::BadHeartbeatSignature);
		Ok(device)
	}

	/// Whether `relay` may submit a batch of `n` entries: a registered relay holding what the
	/// batch would cost if every entry were skipped. What `CheckHeartbeat` asks in the pool and
	/// again when the block includes the batch (one read, no signature), so a relay can never
	/// owe more than it holds.
	pub fn check_relay(relay: &T::AccountId, n: u32) -> Result<(), Error<T>> {
		use sp_runtime::traits::Convert;
		let held = Relays::<T>::get(relay).ok_or(Error::<T>::NotRelay)?;
		let worst = T::WeightToFee::convert(T::WeightInfo::submit_heartbeats_skipped(n));
		ensure!(held >= worst, Error::<T>::RelayDepositTooLow);
		Ok(())
	}

	/// Take what `skipped` entries cost from `relay`'s deposit (`held`) to the treasury, as
	/// much as it holds; returns the MC taken.
	fn charge_relay(relay: &T::AccountId, held: BalanceOf<T>, skipped: u32) -> BalanceOf<T> {
		use sp_runtime::traits::Convert;
		let cost = T::WeightToFee::convert(T::WeightInfo::submit_heartbeats_skipped(skipped));
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::RelayDeposit.into(),
			relay,
			&T::SlashBeneficiary::get(),
			cost.min(held),
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			defensive!("a relay's deposit cannot pay for its skipped entries", e);
			Zero::zero()
		});
		Relays::<T>::insert(relay, held.saturating_sub(moved));
		moved
	}

	/// The weight a batch of `n` entries with `witness` declares: its worst mix of accepted
	/// and skipped entries (the larger per-entry cost of the two; both fixed costs) and one
	/// entry's look-up refused for the witness, what the `witness.grouped` entries in
	/// `witness.groups` groups cost the listeners, and for each heavy entry the listeners'
	/// look-up and full weight. `submit_heartbeats(n)` is benchmarked in the runtime on
	/// light devices ([`ListenerMark::Quiet`]: no listener is asked): its per-entry cost is the
	/// credit pallet's own. What the batch used is charged to the block after it ran.
	pub fn batch_weight(n: u32, witness: HeartbeatWitness) -> Weight {
		let heavy = witness.heavy.min(n);
		let grouped = witness.grouped.min(n.saturating_sub(heavy));
		let groups = witness.groups.min(grouped);
		let (valid0, skipped0) =
			(T::WeightInfo::submit_heartbeats(0), T::WeightInfo::submit_heartbeats_skipped(0));
		let per_valid = T::WeightInfo::submit_heartbeats(1).saturating_sub(valid0);
		let per_skipped = T::WeightInfo::submit_heartbeats_skipped(1).saturating_sub(skipped0);
		let per_entry = per_valid.max(per_skipped);
		let per_heavy =
			T::OnCreditChanged::weight().saturating_add(T::OnCreditChanged::light_weight());
		valid0
			.saturating_add(skipped0)
			.saturating_add(Self::over_witness_weight())
			.saturating_add(per_entry.saturating_mul(n as u64))
			.saturating_add(T::OnCreditChanged::grouped_weight(grouped, groups))
			.saturating_add(per_heavy.saturating_mul(heavy as u64))
	}

	/// What a relay asks before it batches heartbeats (the `CreditApi::heartbeat_readiness`
	/// runtime API): for each of `devices` (at most `MaxHeartbeatsPerBatch`; the rest are not
	/// answered), the class of its heartbeat if one of the current period would be taken now
	/// ([`OnCreditChanged::heartbeat_class`], a grouped one whose group is not ready being
	/// heavy), or the error its entry would be skipped with. The relay's witness counts these
	/// classes ([`HeartbeatWitness`]).
	pub fn heartbeat_readiness(
		devices: Vec<T::AccountId>,
	) -> Vec<Result<HeartbeatClass<T::AccountId>, Error<T>>> {
		let period = Self::current_period();
		let params = Parameters::<T>::get();
		devices
			.iter()
			.take(T::MaxHeartbeatsPerBatch::get() as usize)
			.map(|who| {
				let device = Self::check_heartbeat(who, period)?;
				let (old, new, device) = Self::heartbeat_of(device, period, &params);
				let (class, _) =
					heartbeat_class_of::<_, T::OnCreditChanged>(who, &device.listeners, &old, &new);
				Ok(match class {
					HeartbeatClass::Grouped(g) if !T::OnCreditChanged::group_ready(&g) => {
						HeartbeatClass::Heavy
					}
					class => class,
				})
			})
			.collect()
	}

	/// A device as clients see it (the `CreditApi::device` runtime API).
	pub fn device_info(
		who: &T::AccountId,
	) -> Option<DeviceInfo<T::AccountId, BalanceOf<T>, BlockNumberFor<T>>> {
		let device = Devices::<T>::get(who)?;
		let period = Self::current_period();
		let params = Parameters::<T>::get();
		let credit = Self::effective_credit(&device, period);
		let active = device.is_active();
		Some(DeviceInfo {
			kind: device.kind,
			credit,
			level: credit / params.credit_per_level.max(1),
			highest: device.highest,
			last_heartbeat: device.last_heartbeat,
			registered_period: device.registered_period,
			inviter: device.inviter.clone(),
			deposit: device.deposit,
			unbonding: Unbonding::<T>::get(who),
			multiplier: Self::multiplier(credit, &params),
			weight: Self::weight_of(device.deposit.saturated_into(), credit, &params)
				.saturated_into(),
			registered_at: device.registered_at,
			unbonding_until: device.unbonding_until,
			meets_reward_threshold: active && credit >= params.min_reward_credit,
			max_replenishable: if active { device.highest.saturating_sub(credit) } else { 0 },
			can_heartbeat: Self::check_heartbeat(who, period).is_ok(),
			invite_bonus_vests_in: VestingInviteBonus::<T>::get(who),
		})
	}

	/// The MC cost of replenishing `points` credit at the current price.
	pub fn replenish_cost(points: CreditPoints) -> BalanceOf<T> {
		Parameters::<T>::get().credit_price.saturating_mul(points.into())
	}

	/// The most points `who` can replenish now (its highest credit less its effective credit).
	pub fn max_replenishable(who: &T::AccountId) -> CreditPoints {
		Devices::<T>::get(who)
			.filter(|d| d.is_active())
			.map(|d| d.highest.saturating_sub(Self::effective_credit(&d, Self::current_period())))
			.unwrap_or(0)
	}

	/// The invariants: every device's credit within `MaxCredit` and its highest; the device
	/// count; each device's bond and unbonding MC held, and their sum (all bonded device MC) in
	/// [`TotalDeposits`]; unbonding MC belongs to a device; vesting bonuses
	/// belong to active invited devices; no device is in a re-registration cooldown. Iterates every
	/// device: for try-runtime and tests only.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let params = Parameters::<T>::get();
		let mut count = 0u32;
		let mut deposits = BalanceOf::<T>::zero();
		for (who, device) in Devices::<T>::iter() {
			count += 1;
			frame_support::ensure!(device.credit <= params.max_credit, "credit above MaxCredit");
			frame_support::ensure!(device.credit <= device.highest, "credit above its highest");
			let unbonding = Unbonding::<T>::get(&who).map_or(Zero::zero(), |c| c.amount);
			let held = device.deposit.saturating_add(unbonding);
			frame_support::ensure!(
				T::Currency::balance_on_hold(&HoldReason::DeviceDeposit.into(), &who) == held,
				"device bond and unbonding MC not held"
			);
			deposits = deposits.saturating_add(held);
		}
		frame_support::ensure!(count == Devices::<T>::count(), "device count mismatch");
		for (invitee, _) in VestingInviteBonus::<T>::iter() {
			let device = Devices::<T>::get(&invitee).ok_or("a vesting bonus of no device")?;
			frame_support::ensure!(device.is_active(), "a vesting bonus of a leaving device");
			frame_support::ensure!(device.inviter.is_some(), "a vesting bonus without an inviter");
		}
		for (who, _) in Unbonding::<T>::iter() {
			frame_support::ensure!(Devices::<T>::contains_key(&who), "unbonding MC of no device");
		}
		for (who, _) in ReregisterAt::<T>::iter() {
			frame_support::ensure!(!Devices::<T>::contains_key(&who), "a device in its cooldown");
		}
		frame_support::ensure!(deposits == TotalDeposits::<T>::get(), "total deposits mismatch");
		// Each relay holds exactly what `Relays` records.
		let mut relays = 0u32;
		for (relay, held) in Relays::<T>::iter() {
			relays.saturating_inc();
			frame_support::ensure!(
				T::Currency::balance_on_hold(&HoldReason::RelayDeposit.into(), &relay) == held,
				"a relay's hold differs from its recorded deposit"
			);
		}
		frame_support::ensure!(relays == Relays::<T>::count(), "relay count mismatch");
		frame_support::ensure!(Self::params_valid(&params), "invalid parameters");
		Ok(())
	}
}

impl<T: Config> CreditInspect<T::AccountId> for Pallet<T> {
	fn snapshot(who: &T::AccountId) -> Option<CreditSnapshot> {
		Devices::<T>::get(who).map(|d| Self::snapshot_of(&d, Self::current_period()))
	}

	fn kind(who: &T::AccountId) -> Option<DeviceKind> {
		Devices::<T>::get(who).map(|d| d.kind)
	}

	fn level(who: &T::AccountId) -> Option<u32> {
		let per_level = Parameters::<T>::get().credit_per_level.max(1);
		Self::snapshot(who).map(|s| s.credit / per_level)
	}

	fn meets_reward_threshold(who: &T::AccountId) -> bool {
		Self::snapshot(who)
			.is_some_and(|s| s.active && s.credit >= Parameters::<T>::get().min_reward_credit)
	}

	fn current_period() -> PeriodIndex {
		Self::current_period()
	}

	fn reward_threshold() -> CreditPoints {
		Parameters::<T>::get().min_reward_credit
	}

	fn listen(who: &T::AccountId, mark: ListenerMark<T::AccountId>) {
		if let Some(mut device) = Devices::<T>::get(who) {
			let raised = device.listeners.clone().and(mark);
			if raised != device.listeners {
				device.listeners = raised;
				Devices::<T>::insert(who, device);
			}
		}
	}

	fn keep_ticket(who: &T::AccountId, ticket: Option<GroupTicket<T::AccountId>>) {
		let Some(mut device) = Devices::<T>::get(who) else { return };
		if !matches!(device.listeners, ListenerMark::Steady | ListenerMark::Grouped(_)) {
			return;
		}
		let kept = ticket.map_or(ListenerMark::Steady, ListenerMark::Grouped);
		if kept != device.listeners {
			device.listeners = kept;
			Devices::<T>::insert(who, device);
		}
	}

	fn listener_mark(who: &T::AccountId) -> Option<ListenerMark<T::AccountId>> {
		Devices::<T>::get(who).map(|d| d.listeners)
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn start_next_period() {
		let now = frame_system::Pallet::<T>::block_number();
		let left: BlockNumberFor<T> = Self::anchor().blocks_left_at(now);
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(left));
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn make_device(who: &T::AccountId, credit: CreditPoints) -> DispatchResult {
		let params = Parameters::<T>::get();
		let funds = params
			.device_deposit
			.saturating_mul(10u32.into())
			.saturating_add(T::Currency::minimum_balance());
		T::Currency::set_balance(who, funds);
		let period = Self::current_period();
		let now = frame_system::Pallet::<T>::block_number();
		Self::do_register(who, DeviceKind::DvpnClient, None, now)?;
		let mut device = Devices::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		let old = Self::snapshot_of(&device, period);
		device.credit = credit.min(params.max_credit);
		device.highest = device.credit;
		device.last_heartbeat = Some(period);
		Self::store(who, device, Some(old), period);
		Ok(())
	}
}

impl<T: Config> Pallet<T> {
	/// The weight of one [`CreditSink::award`], for the pallets that call it.
	pub fn award_weight() -> frame_support::weights::Weight {
		T::WeightInfo::award_work_credit().saturating_add(T::OnCreditChanged::weight())
	}
}

impl<T: Config> DeviceStake<T::AccountId> for Pallet<T> {
	fn slash(who: &T::AccountId, fraction: Perbill) -> Option<(Stake, CreditSnapshot)> {
		let mut device = Devices::<T>::get(who)?;
		let params = Parameters::<T>::get();
		let period = Self::current_period();
		Self::settle(&mut device, period);
		let from_bond = fraction.mul_ceil(device.deposit);
		let mut chunk = Unbonding::<T>::get(who);
		let from_unbonding = chunk.as_ref().map_or(Zero::zero(), |c| fraction.mul_ceil(c.amount));
		let total = from_bond.saturating_add(from_unbonding);
		let moved = T::Currency::transfer_on_hold(
			&HoldReason::DeviceDeposit.into(),
			who,
			&T::SlashBeneficiary::get(),
			total,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_else(|e| {
			defensive!("a device's held MC cannot be slashed", e);
			Zero::zero()
		});
		// What moved comes off the bond first, then off what is unbonding.
		let off_bond = moved.min(from_bond);
		let off_unbonding = moved.saturating_sub(off_bond);
		device.deposit = device.deposit.saturating_sub(off_bond);
		if let Some(c) = chunk.as_mut() {
			c.amount = c.amount.saturating_sub(off_unbonding);
		}
		match chunk {
			Some(c) if !c.amount.is_zero() => Unbonding::<T>::insert(who, c),
			_ => Unbonding::<T>::remove(who),
		}
		TotalDeposits::<T>::mutate(|t| *t = t.saturating_sub(moved));
		let credit_lost = params.slash_credit_penalty.min(device.credit);
		device.credit = device.credit.saturating_sub(credit_lost);
		let bonded = device.deposit;
		let inviter = device.inviter.clone();
		let snapshot = Self::snapshot_of(&device, period);
		Devices::<T>::insert(who, device);
		Self::deposit_event(Event::DeviceSlashed {
			device: who.clone(),
			fraction,
			amount: moved,
			credit_lost,
			bonded,
		});
		if let Some(inviter) = inviter {
			if VestingInviteBonus::<T>::take(who).is_some() {
				Self::deposit_event(Event::InviterBonusForfeited {
					inviter: inviter.clone(),
					invitee: who.clone(),
				});
			}
			Self::penalize_inviter(&inviter, who, params.inviter_slash_penalty, period);
		}
		Some((moved.saturated_into(), snapshot))
	}

	fn slash_weight() -> Weight {
		T::WeightInfo::slash_device()
	}
}

impl<T: Config> Pallet<T> {
	/// `inviter` loses `penalty` credit for its slashed `invitee`. Written without telling the
	/// listeners: a slash never calls back into the pallet that asked for it (its weight follows
	/// at its next change).
	fn penalize_inviter(
		inviter: &T::AccountId,
		invitee: &T::AccountId,
		penalty: CreditPoints,
		period: PeriodIndex,
	) {
		let Some(mut device) = Devices::<T>::get(inviter) else { return };
		Self::settle(&mut device, period);
		let credit_lost = penalty.min(device.credit);
		if credit_lost == 0 {
			return;
		}
		device.credit = device.credit.saturating_sub(credit_lost);
		Devices::<T>::insert(inviter, device);
		Self::deposit_event(Event::InviterPenalized {
			inviter: inviter.clone(),
			invitee: invitee.clone(),
			credit_lost,
		});
	}
}

impl<T: Config> CreditSink<T::AccountId> for Pallet<T> {
	fn award(
		who: &T::AccountId,
		points: CreditPoints,
		reason: WorkReason,
	) -> Result<CreditPoints, sp_runtime::DispatchError> {
		let mut device = Devices::<T>::get(who).ok_or(Error::<T>::NotRegistered)?;
		frame_support::ensure!(device.is_active(), Error::<T>::Deregistering);
		let params = Parameters::<T>::get();
		let period = Self::current_period();
		let used = if device.work_period == period { device.work_in_period } else { 0 };
		let points = points.min(params.max_work_credit_per_period.saturating_sub(used));
		if points == 0 {
			return Ok(0);
		}
		let old = Self::settle(&mut device, period);
		Self::add_credit(&mut device, points, params.max_credit);
		device.work_period = period;
		device.work_in_period = used.saturating_add(points);
		let credit = device.credit;
		Self::store(who, device, Some(old), period);
		Self::deposit_event(Event::WorkCreditAwarded {
			device: who.clone(),
			points,
			reason,
			credit,
		});
		Ok(points)
	}

	fn weight() -> frame_support::weights::Weight {
		Self::award_weight()
	}
}

impl<T: Config> Pallet<T> {
	/// What a change of the rules implies: a new `credit_period` starts the next period at once, at
	/// the current block, with the new length.
	fn on_parameters_change(old: &ParamsOf<T>, new: &ParamsOf<T>) {
		let now = frame_system::Pallet::<T>::block_number();
		let (old, new) = (old.credit_period, new.credit_period);
		if let Some(anchor) =
			PeriodAnchor::after_length_change(now, Self::current_period(), old, new)
		{
			Anchor::<T>::put(anchor);
		}
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter,
	on_change = Pallet::<T>::on_parameters_change
);

/// What is left of a batch's [`HeartbeatWitness`] while its entries are checked.
struct WitnessBudget<T: Config> {
	/// Grouped entries left.
	grouped: u32,
	/// New groups left.
	groups: u32,
	/// Heavy entries left.
	heavy: u32,
	/// The groups admitted so far.
	seen: alloc::collections::BTreeSet<T::AccountId>,
	/// The groups found not ready (their entries are heavy; not asked again).
	unready: alloc::collections::BTreeSet<T::AccountId>,
	/// Entries refused for the witness after their class was looked up: at most one (every
	/// later entry that would ask the listeners is refused unasked).
	over: u32,
}

impl<T: Config> WitnessBudget<T> {
	fn new(witness: HeartbeatWitness) -> Self {
		Self {
			grouped: witness.grouped,
			groups: witness.groups,
			heavy: witness.heavy,
			seen: Default::default(),
			unready: Default::default(),
			over: 0,
		}
	}

	/// Admit the heartbeat of `who` (`device` after it, `old` and `new` its snapshots): the
	/// class it is taken in, with the listeners' mark learnt in `device`, or why it is skipped.
	/// A quiet device is light and asks no listener ([`heartbeat_class_of`]). A grouped entry
	/// the grouped witness has no room for, or whose group is not ready, is heavy. Once an
	/// entry was refused for the witness, the later ones that would ask the listeners are
	/// refused unasked.
	fn admit_entry(
		&mut self,
		who: &T::AccountId,
		device: &mut DeviceOf<T>,
		old: &CreditSnapshot,
		new: &CreditSnapshot,
	) -> Result<HeartbeatClass<T::AccountId>, Error<T>> {
		if device.listeners.is_quiet() {
			return Ok(HeartbeatClass::Light);
		}
		ensure!(self.over == 0, Error::<T>::HeavyWitnessExceeded);
		let (class, mark) =
			heartbeat_class_of::<_, T::OnCreditChanged>(who, &device.listeners, old, new);
		device.listeners = mark;
		match class {
			HeartbeatClass::Light => Ok(HeartbeatClass::Light),
			HeartbeatClass::Grouped(group) => {
				if self.grouped > 0 {
					let admitted = self.seen.contains(&group)
						|| (self.groups > 0 && !self.unready.contains(&group) && {
							if T::OnCreditChanged::group_ready(&group) {
								self.groups -= 1;
								self.seen.insert(group.clone());
								true
							} else {
								self.unready.insert(group.clone());
								false
							}
						});
					if admitted {
						self.grouped -= 1;
						return Ok(HeartbeatClass::Grouped(group));
					}
				}
				self.admit_heavy()
			}
			HeartbeatClass::Heavy => self.admit_heavy(),
		}
	}

	fn admit_heavy(&mut self) -> Result<HeartbeatClass<T::AccountId>, Error<T>> {
		match self.heavy.checked_sub(1) {
			Some(left) => {
				self.heavy = left;
				Ok(HeartbeatClass::Heavy)
			}
			None => {
				self.over.saturating_inc();
				Err(Error::<T>::HeavyWitnessExceeded)
			}
		}
	}
}
