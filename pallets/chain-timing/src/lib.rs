//! # Chain timing
//!
//! The lengths that give a MetaChain network its rhythm: how many slots make a BABE epoch (and
//! so a session), how many sessions make a staking era, how many eras stake stays bonded after
//! `unbond`, and how many eras a slash is deferred.
//!
//! They are *fixed at genesis* and never change afterwards: BABE and staking assume them
//! constant for the life of a chain. They are kept in storage, rather than compiled in, so that
//! one runtime serves both a development chain (eras of a few minutes, so tests see era changes)
//! and a public network (eras of hours), each choosing its values in its genesis preset.
//!
//! The runtime feeds them to the pallets that need them through the [`Get`] adapters of this
//! crate ([`EpochDurationOf`], [`SessionsPerEraOf`], [`BondingDurationOf`],
//! [`SlashDeferDurationOf`]); the pallets expose them as metadata constants, so wallets and
//! explorers read the chain's actual values.
//!
//! The pallet has no calls and no events: nothing can change after genesis.

#![cfg_attr(not(feature = "std"), no_std)]

pub use pallet::*;

use core::marker::PhantomData;
use frame_support::traits::Get;

#[cfg(test)]
mod tests;

#[frame_support::pallet]
pub mod pallet {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::BlockNumberFor;

	/// Default epoch length in slots (one hour of 6-second slots).
	pub const DEFAULT_EPOCH_DURATION: u64 = 600;
	/// Default number of sessions per era (an era of six hours).
	pub const DEFAULT_SESSIONS_PER_ERA: u32 = 6;
	/// Default bonding duration in eras (seven days of six-hour eras).
	pub const DEFAULT_BONDING_DURATION: u32 = 28;
	/// Default slash deferral in eras (one era less than the bonding duration).
	pub const DEFAULT_SLASH_DEFER_DURATION: u32 = 27;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::type_value]
	pub fn DefaultEpochDuration() -> u64 {
		DEFAULT_EPOCH_DURATION
	}
	#[pallet::type_value]
	pub fn DefaultSessionsPerEra() -> u32 {
		DEFAULT_SESSIONS_PER_ERA
	}
	#[pallet::type_value]
	pub fn DefaultBondingDuration() -> u32 {
		DEFAULT_BONDING_DURATION
	}
	#[pallet::type_value]
	pub fn DefaultSlashDeferDuration() -> u32 {
		DEFAULT_SLASH_DEFER_DURATION
	}

	/// Length of a BABE epoch, in slots. A session lasts one epoch.
	#[pallet::storage]
	pub type EpochDuration<T> = StorageValue<_, u64, ValueQuery, DefaultEpochDuration>;

	/// Number of sessions in a staking era.
	#[pallet::storage]
	pub type SessionsPerEra<T> = StorageValue<_, u32, ValueQuery, DefaultSessionsPerEra>;

	/// Number of eras that staked funds stay bonded after `unbond`.
	#[pallet::storage]
	pub type BondingDuration<T> = StorageValue<_, u32, ValueQuery, DefaultBondingDuration>;

	/// Number of eras a slash is deferred before it is applied (governance may cancel it
	/// meanwhile). Always smaller than [`BondingDuration`].
	#[pallet::storage]
	pub type SlashDeferDuration<T> = StorageValue<_, u32, ValueQuery, DefaultSlashDeferDuration>;

	/// The timing of a network, chosen in its genesis preset. Fields left out of a preset take
	/// the defaults above.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// BABE epoch (session) length in slots.
		pub epoch_duration: u64,
		/// Sessions per staking era.
		pub sessions_per_era: u32,
		/// Bonding duration in eras.
		pub bonding_duration: u32,
		/// Slash deferral in eras; must be smaller than the bonding duration.
		pub slash_defer_duration: u32,
		#[serde(skip)]
		pub _config: PhantomData<T>,
	}

	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				epoch_duration: DEFAULT_EPOCH_DURATION,
				sessions_per_era: DEFAULT_SESSIONS_PER_ERA,
				bonding_duration: DEFAULT_BONDING_DURATION,
				slash_defer_duration: DEFAULT_SLASH_DEFER_DURATION,
				_config: PhantomData,
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A genesis with an inconsistent timing must not be built at all.
			assert!(self.epoch_duration > 0, "chain timing: epoch_duration must be positive");
			assert!(self.sessions_per_era > 0, "chain timing: sessions_per_era must be positive");
			assert!(self.bonding_duration > 0, "chain timing: bonding_duration must be positive");
			assert!(
				self.slash_defer_duration < self.bonding_duration,
				"chain timing: slash_defer_duration ({}) must be smaller than bonding_duration ({})",
				self.slash_defer_duration,
				self.bonding_duration,
			);
			EpochDuration::<T>::put(self.epoch_duration);
			SessionsPerEra::<T>::put(self.sessions_per_era);
			BondingDuration::<T>::put(self.bonding_duration);
			SlashDeferDuration::<T>::put(self.slash_defer_duration);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(
			_n: BlockNumberFor<T>,
		) -> Result<(), frame_support::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	impl<T: Config> Pallet<T> {
		/// The invariants of this pallet: every length is positive and slashes are deferred for
		/// less than the bonding duration (otherwise a slashed nominator could leave first).
		pub fn do_try_state() -> Result<(), frame_support::sp_runtime::TryRuntimeError> {
			ensure!(EpochDuration::<T>::get() > 0, "epoch duration is zero");
			ensure!(SessionsPerEra::<T>::get() > 0, "sessions per era is zero");
			ensure!(BondingDuration::<T>::get() > 0, "bonding duration is zero");
			ensure!(
				SlashDeferDuration::<T>::get() < BondingDuration::<T>::get(),
				"slash deferral is not shorter than the bonding duration"
			);
			Ok(())
		}
	}
}

/// BABE's `EpochDuration` (slots per epoch), from [`pallet::EpochDuration`].
pub struct EpochDurationOf<T>(PhantomData<T>);
impl<T: Config> Get<u64> for EpochDurationOf<T> {
	fn get() -> u64 {
		EpochDuration::<T>::get()
	}
}

/// Staking's `SessionsPerEra`, from [`pallet::SessionsPerEra`].
pub struct SessionsPerEraOf<T>(PhantomData<T>);
impl<T: Config> Get<u32> for SessionsPerEraOf<T> {
	fn get() -> u32 {
		SessionsPerEra::<T>::get()
	}
}

/// Staking's `BondingDuration` (eras), from [`pallet::BondingDuration`].
pub struct BondingDurationOf<T>(PhantomData<T>);
impl<T: Config> Get<u32> for BondingDurationOf<T> {
	fn get() -> u32 {
		BondingDuration::<T>::get()
	}
}

/// Staking's `SlashDeferDuration` (eras), from [`pallet::SlashDeferDuration`].
pub struct SlashDeferDurationOf<T>(PhantomData<T>);
impl<T: Config> Get<u32> for SlashDeferDurationOf<T> {
	fn get() -> u32 {
		SlashDeferDuration::<T>::get()
	}
}

/// The number of blocks equivocation reports stay valid: a full bonding period, in slots.
/// GRANDPA and BABE use it as `ReportLongevity`.
pub struct ReportLongevityOf<T>(PhantomData<T>);
impl<T: Config> Get<u64> for ReportLongevityOf<T> {
	fn get() -> u64 {
		(BondingDuration::<T>::get() as u64)
			.saturating_mul(SessionsPerEra::<T>::get() as u64)
			.saturating_mul(EpochDuration::<T>::get())
	}
}

/// GRANDPA's `MaxSetIdSessionEntries`: the sessions of a bonding period, for which set-id to
/// session mappings are kept so equivocations can still be proven.
pub struct SetIdSessionEntriesOf<T>(PhantomData<T>);
impl<T: Config> Get<u64> for SetIdSessionEntriesOf<T> {
	fn get() -> u64 {
		(BondingDuration::<T>::get() as u64).saturating_mul(SessionsPerEra::<T>::get() as u64)
	}
}
