//! # MUSD: stable points, services, orders and receipts
//!
//! MUSD is MetaChain's internal stable point: **1 MUSD = 1 USD**, 6 decimals ([`MUSD`] units
//! make one MUSD). It cannot be transferred in any way; it is created only by burning MC and
//! destroyed only by paying for services.
//!
//! - **Mint.** `mint_musd(mc_amount, min_musd_out)` burns `mc_amount` MC (total issuance of MC
//!   falls) and credits `mc_amount × price` MUSD to the caller, at the oracle's price in force
//!   ([`Config::Price`], `pallet-price-oracle` in the runtime), rounded down. With no fresh
//!   price nothing is minted ([`Error::NoPrice`]); a result below `min_musd_out` fails
//!   ([`Error::Slippage`]).
//! - **Services.** The service origin registers services: a name, the MUSD price of one unit,
//!   and the kinds of device that may serve it.
//! - **Cost basis.** Each account's MUSD carries the MC that was burnt to mint it
//!   ([`CostBasis`], by average cost: MUSD spent takes its pro rata share of the basis with it).
//!   The basis follows MUSD into orders ([`OrderCost`]), into receipts, and back to the buyer with
//!   a refund; each redeemed receipt hands its share to the workload pallet, which pays work at
//!   most a set share of the MC that was burnt for it. The basis is the price the MUSD was
//!   *minted* at, not the day's: MUSD minted while MC was dear and spent after it fell would
//!   otherwise count for more MC than anyone burnt. MUSD minted before spec_version 109 has no
//!   recorded basis (zero).
//! - **Orders.** `buy_service(service, amount)` burns `amount` MUSD from the buyer and opens an
//!   order with that budget.
//! - **Receipts.** The buyer pays providers off-chain, by signing *cumulative* receipts
//!   ([`Receipt`]: order, provider, total consumed so far) over [`receipt_payload`]. The provider
//!   redeems the latest one with `redeem_receipt`; only the increase over what it redeemed
//!   before counts, so a provider serves many small increments with one transaction, and an old
//!   or replayed receipt changes nothing ([`Error::StaleReceipt`]). The value redeemed becomes
//!   the provider's workload certificates ([`OnWorkDone`], the workload pallet), which settle
//!   into MC rewards.
//! - **Closing.** An order closes when its budget is used up, or when the buyer closes it once
//!   `OrderExpiry` blocks have passed; the unused budget comes back to the buyer as MUSD.
//!
//! **No transfer path.** Balances live in this pallet's own storage and nothing outside it can
//! change them: the pallet implements no `fungible`/`Currency` trait, has no transfer call, and
//! every call changes the MUSD of its signer only (minting, paying, refunds). Proxies and
//! utility batches act *as* their principal, so they move nothing between accounts either.
//!
//! The rules' numbers ([`MusdParams`]) are in storage ([`Parameters`]), set at genesis and
//! changed one at a time through `pallet-chain-parameters`
//! ([`GovernedParameters`](metachain_primitives::parameters::GovernedParameters), checked by
//! [`Pallet::params_valid`]).
//!
//! **Cost.** Every call is O(1) in accounts, services and orders: an order holds at most
//! `MaxProvidersPerOrder` providers and is read and written as one bounded item.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

/// Told of the work providers deliver (moved to `metachain-primitives`).
pub use metachain_primitives::work::OnWorkDone;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use codec::Encode;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	tokens::{Fortitude, Precision, Preservation},
	Get,
};
use frame_system::pallet_prelude::BlockNumberFor;
use metachain_primitives::{
	credit::CreditInspect,
	price::{PriceInfo, PriceProvider},
};
use sp_runtime::{
	helpers_128bit::multiply_by_rational_with_rounding,
	traits::{IdentifyAccount, SaturatedConversion, Saturating, Verify, Zero},
	FixedU128, Rounding,
};

/// The log target of this pallet.
pub const LOG_TARGET: &str = "runtime::musd";

/// Domain tag of the message a buyer signs for a receipt.
pub const RECEIPT_CONTEXT: [u8; 16] = *b"mc/musd-receipt:";

/// The message a buyer signs to pay `receipt.provider` up to `receipt.cumulative` MUSD of
/// `receipt.order`: `SCALE(("mc/musd-receipt:", genesis_hash, order, provider, cumulative))`,
/// i.e. the 16 tag bytes, the 32-byte genesis hash, the order id as 8 bytes little-endian, the
/// provider's 32-byte account id and the cumulative value as 16 bytes little-endian. Binding the
/// genesis hash keeps a receipt of one chain from being redeemed on another.
pub fn receipt_payload<AccountId: Encode, Hash: Encode>(
	genesis_hash: &Hash,
	receipt: &Receipt<AccountId>,
) -> Vec<u8> {
	(RECEIPT_CONTEXT, genesis_hash, receipt.order, &receipt.provider, receipt.cumulative).encode()
}

/// A service as the genesis configuration lists it: id, name, unit price in MUSD units, who
/// may serve it.
pub type GenesisService<T> =
	(ServiceId, frame_support::BoundedVec<u8, <T as Config>::MaxServiceNameLen>, Musd, ServedBy);
/// The balance type of MC.
pub type BalanceOf<T> =
	<<T as Config>::Currency as Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A service as stored.
pub type ServiceOf<T> = Service<<T as Config>::MaxServiceNameLen>;
/// An order as stored.
pub type OrderOf<T> = Order<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxProvidersPerOrder,
>;
/// The parameters of the pallet.
pub type ParamsOf<T> = MusdParams<BalanceOf<T>, BlockNumberFor<T>>;
/// One parameter with its value.
pub type ParameterOf<T> = MusdParameter<BalanceOf<T>, BlockNumberFor<T>>;
/// A receipt.
pub type ReceiptOf<T> = Receipt<<T as frame_system::Config>::AccountId>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use metachain_primitives::parameters::GovernedParameters as _;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The native currency (MC), burnt to mint MUSD.
		type Currency: Mutate<Self::AccountId>;

		/// Decimals of MC (12): with MUSD's 6 they fix the conversion at a price.
		#[pallet::constant]
		type NativeDecimals: Get<u32>;

		/// The MC/USD price in force (the oracle).
		type Price: PriceProvider<BlockNumberFor<Self>>;

		/// Devices: who may serve which service.
		type Credit: CreditInspect<Self::AccountId>;

		/// Told of every receipt's increase and its MC cost basis (the workload pallet's
		/// certificates).
		type OnWorkDone: OnWorkDone<Self::AccountId, BalanceOf<Self>>;

		/// The signature buyers put on receipts (the runtime's `MultiSignature`).
		type ReceiptSignature: Verify<Signer: IdentifyAccount<AccountId = Self::AccountId>>
			+ Parameter
			+ MaxEncodedLen;

		/// Registers and updates services.
		type ServiceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The parameters used when genesis sets none.
		type DefaultParameters: Get<ParamsOf<Self>>;

		/// The longest service name, in bytes.
		#[pallet::constant]
		type MaxServiceNameLen: Get<u32>;

		/// The most providers one order can pay.
		#[pallet::constant]
		type MaxProvidersPerOrder: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Buyer keys and their signatures, for benchmarks
		/// (`metachain_primitives::benchmarking::Sr25519Keys` in the runtime).
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: metachain_primitives::benchmarking::DeviceKeys<
			Self::AccountId,
			Self::ReceiptSignature,
		>;
	}

	/// Each account's MUSD, in units. Zero balances are not stored.
	#[pallet::storage]
	pub type Balances<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, Musd, ValueQuery>;

	/// The MC that was burnt to mint each account's MUSD (its cost basis), by average cost:
	/// spending MUSD moves its pro rata share of the basis into the order. Removed with the
	/// account's last MUSD.
	#[pallet::storage]
	pub type CostBasis<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The MC cost basis of each open order's remaining budget: receipts take their pro rata
	/// share of it to the workload pallet; a refund returns the rest to the buyer. Removed when
	/// the order closes.
	#[pallet::storage]
	pub type OrderCost<T: Config> = StorageMap<_, Twox64Concat, OrderId, BalanceOf<T>, ValueQuery>;

	/// All MUSD held by accounts (budgets of open orders are not included: they were burnt).
	#[pallet::storage]
	pub type TotalIssuance<T> = StorageValue<_, Musd, ValueQuery>;

	/// The budget of open orders not consumed yet: what refunds could still create.
	#[pallet::storage]
	pub type OutstandingBudget<T> = StorageValue<_, Musd, ValueQuery>;

	/// Registered services.
	#[pallet::storage]
	pub type Services<T: Config> = StorageMap<_, Twox64Concat, ServiceId, ServiceOf<T>>;

	/// Open orders. An order is removed when it closes.
	#[pallet::storage]
	pub type Orders<T: Config> = StorageMap<_, Twox64Concat, OrderId, OrderOf<T>>;

	/// The identifier of the next order.
	#[pallet::storage]
	pub type NextOrderId<T> = StorageValue<_, OrderId, ValueQuery>;

	/// The rules ([`MusdParams`]).
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, T::DefaultParameters>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The rules; the runtime's defaults when `None`.
		pub params: Option<ParamsOf<T>>,
		/// Services: id, name (at most `MaxServiceNameLen` bytes: a longer one fails to
		/// decode), unit price in MUSD units, who may serve it.
		pub services: Vec<GenesisService<T>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Pallet::<T>::build_genesis(self.params, T::DefaultParameters::get);
			for (id, name, unit_price, served_by) in &self.services {
				assert!(*unit_price > 0, "musd: genesis service without a price");
				assert!(!Services::<T>::contains_key(id), "musd: duplicate genesis service");
				Services::<T>::insert(
					id,
					Service {
						name: name.clone(),
						unit_price: *unit_price,
						served_by: *served_by,
						active: true,
					},
				);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// MC was burnt and MUSD minted.
		Minted {
			/// Who burnt MC and received MUSD.
			who: T::AccountId,
			/// MC burnt (total issuance fell by this much).
			mc_burnt: BalanceOf<T>,
			/// MUSD minted, in units.
			musd: Musd,
			/// The price used, USD per MC.
			price: FixedU128,
		},
		/// A service was registered.
		ServiceRegistered {
			/// The service.
			service: ServiceId,
			/// The price of a unit, in MUSD units.
			unit_price: Musd,
			/// Who may serve it.
			served_by: ServedBy,
		},
		/// A service was changed.
		ServiceUpdated {
			/// The service.
			service: ServiceId,
			/// The price of a unit, in MUSD units.
			unit_price: Musd,
			/// Who may serve it.
			served_by: ServedBy,
			/// Whether new orders may be opened.
			active: bool,
		},
		/// MUSD was burnt to open an order.
		OrderOpened {
			/// The order.
			order: OrderId,
			/// Who bought.
			buyer: T::AccountId,
			/// The service.
			service: ServiceId,
			/// The MUSD burnt: the order's budget.
			budget: Musd,
			/// The MC cost basis the budget took from the buyer's.
			cost: BalanceOf<T>,
		},
		/// A provider redeemed a receipt.
		ReceiptRedeemed {
			/// The order.
			order: OrderId,
			/// The provider.
			provider: T::AccountId,
			/// The receipt's cumulative value.
			cumulative: Musd,
			/// The increase paid now: the provider's new workload.
			value: Musd,
			/// What remains of the budget.
			remaining: Musd,
			/// The MC cost basis of the increase, handed to the workload pallet.
			cost: BalanceOf<T>,
		},
		/// An order closed; its unused budget went back to the buyer as MUSD.
		OrderClosed {
			/// The order.
			order: OrderId,
			/// The buyer.
			buyer: T::AccountId,
			/// MUSD refunded (0 when the budget was used up).
			refund: Musd,
			/// The MC cost basis returned to the buyer with the refund.
			cost: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The oracle has no fresh price: nothing is minted at a stale price.
		NoPrice,
		/// Less MC than `MinMint`.
		BelowMinimumMint,
		/// The MUSD the MC buys is less than `min_musd_out`.
		Slippage,
		/// The MC amount converts to no MUSD at all.
		NothingToMint,
		/// The caller cannot pay the MC (the account must stay alive).
		InsufficientMc,
		/// Not enough MUSD.
		InsufficientMusd,
		/// A budget below `MinOrder` or below one unit of the service.
		BudgetTooSmall,
		/// No service with this id.
		UnknownService,
		/// A service with this id exists already.
		ServiceExists,
		/// The service takes no new orders.
		ServiceRetired,
		/// A service's unit price must be above zero.
		ZeroPrice,
		/// The service name is longer than `MaxServiceNameLen`.
		NameTooLong,
		/// No open order with this id.
		UnknownOrder,
		/// Only the receipt's provider may redeem it.
		NotProvider,
		/// The receipt's signature is not the buyer's.
		BadSignature,
		/// The receipt is not above what its provider already redeemed: an old or replayed
		/// receipt changes nothing.
		StaleReceipt,
		/// The receipt's increase is more than the order's remaining budget.
		ReceiptExceedsBudget,
		/// The provider is not a registered, active device.
		NotADevice,
		/// Devices of the provider's kind may not serve this service.
		KindNotAllowed,
		/// A buyer cannot serve its own order.
		SelfService,
		/// The order already pays `MaxProvidersPerOrder` providers.
		TooManyProviders,
		/// Only the buyer may close the order.
		NotBuyer,
		/// The order cannot be closed before `closable_at`.
		OrderNotExpired,
		/// The parameters are not valid (zero expiry or zero minimum order).
		InvalidParameter,
		/// An amount overflowed.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxProvidersPerOrder::get() > 0, "MaxProvidersPerOrder must be positive");
			assert!(Pallet::<T>::conversion_denominator().is_some(), "NativeDecimals too large");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Burn `mc_amount` MC and receive MUSD at the oracle's price in force, rounded down.
		///
		/// Fails with [`Error::NoPrice`] when the oracle has no fresh price, and with
		/// [`Error::Slippage`] when the MUSD is less than `min_musd_out`. The caller's account
		/// must stay alive after the burn.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::mint_musd())]
		pub fn mint_musd(
			origin: OriginFor<T>,
			#[pallet::compact] mc_amount: BalanceOf<T>,
			#[pallet::compact] min_musd_out: Musd,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(mc_amount >= Parameters::<T>::get().min_mint, Error::<T>::BelowMinimumMint);
			let price = T::Price::price().ok_or(Error::<T>::NoPrice)?.price;
			let musd = Self::mc_to_musd(mc_amount, price).ok_or(Error::<T>::Overflow)?;
			ensure!(musd > 0, Error::<T>::NothingToMint);
			ensure!(musd >= min_musd_out, Error::<T>::Slippage);
			let new_total =
				TotalIssuance::<T>::get().checked_add(musd).ok_or(Error::<T>::Overflow)?;
			T::Currency::burn_from(
				&who,
				mc_amount,
				Preservation::Preserve,
				Precision::Exact,
				Fortitude::Polite,
			)
			.map_err(|_| Error::<T>::InsufficientMc)?;
			Balances::<T>::mutate(&who, |b| *b = b.saturating_add(musd));
			CostBasis::<T>::mutate(&who, |c| *c = c.saturating_add(mc_amount));
			TotalIssuance::<T>::put(new_total);
			Self::deposit_event(Event::Minted { who, mc_burnt: mc_amount, musd, price });
			Ok(())
		}

		/// Burn `amount` MUSD and open an order for `service` with that budget.
		///
		/// The budget must be at least `MinOrder` and one unit of the service.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::buy_service())]
		pub fn buy_service(
			origin: OriginFor<T>,
			service: ServiceId,
			#[pallet::compact] amount: Musd,
		) -> DispatchResult {
			let buyer = ensure_signed(origin)?;
			let svc = Services::<T>::get(service).ok_or(Error::<T>::UnknownService)?;
			ensure!(svc.active, Error::<T>::ServiceRetired);
			let params = Parameters::<T>::get();
			ensure!(
				amount >= params.min_order && amount >= svc.unit_price,
				Error::<T>::BudgetTooSmall
			);
			let cost = Self::spend(&buyer, amount)?;
			let order = NextOrderId::<T>::get();
			NextOrderId::<T>::put(order.saturating_add(1));
			let now = frame_system::Pallet::<T>::block_number();
			Orders::<T>::insert(
				order,
				Order {
					buyer: buyer.clone(),
					service,
					budget: amount,
					consumed: 0,
					opened_at: now,
					closable_at: now.saturating_add(params.order_expiry),
					providers: BoundedVec::new(),
				},
			);
			if !cost.is_zero() {
				OrderCost::<T>::insert(order, cost);
			}
			OutstandingBudget::<T>::mutate(|o| *o = o.saturating_add(amount));
			Self::deposit_event(Event::OrderOpened { order, buyer, service, budget: amount, cost });
			Ok(())
		}

		/// Redeem a receipt the buyer signed: the increase of `receipt.cumulative` over what the
		/// provider redeemed before becomes its workload.
		///
		/// The caller must be the receipt's provider: a registered, active device of a kind the
		/// service allows. An old or replayed receipt fails with [`Error::StaleReceipt`]; an
		/// increase above the remaining budget with [`Error::ReceiptExceedsBudget`]; a signature
		/// that is not the buyer's over [`receipt_payload`] with [`Error::BadSignature`]. The
		/// order closes when its budget is used up.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::redeem_receipt().saturating_add(T::OnWorkDone::weight()))]
		pub fn redeem_receipt(
			origin: OriginFor<T>,
			receipt: ReceiptOf<T>,
			signature: T::ReceiptSignature,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			ensure!(who == receipt.provider, Error::<T>::NotProvider);
			let mut order = Orders::<T>::get(receipt.order).ok_or(Error::<T>::UnknownOrder)?;
			ensure!(order.buyer != who, Error::<T>::SelfService);
			let before = order.redeemed_by(&who);
			ensure!(receipt.cumulative > before, Error::<T>::StaleReceipt);
			let value = receipt.cumulative.saturating_sub(before);
			ensure!(value <= order.remaining(), Error::<T>::ReceiptExceedsBudget);
			let service = Services::<T>::get(order.service).ok_or(Error::<T>::UnknownService)?;
			let kind = T::Credit::kind(&who).ok_or(Error::<T>::NotADevice)?;
			ensure!(T::Credit::snapshot(&who).is_some_and(|s| s.active), Error::<T>::NotADevice);
			ensure!(service.served_by.allows(kind), Error::<T>::KindNotAllowed);
			let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
			ensure!(
				signature.verify(&receipt_payload(&genesis, &receipt)[..], &order.buyer),
				Error::<T>::BadSignature
			);

			match order.providers.iter_mut().find(|(p, _)| *p == who) {
				Some((_, redeemed)) => *redeemed = receipt.cumulative,
				None => order
					.providers
					.try_push((who.clone(), receipt.cumulative))
					.map_err(|_| Error::<T>::TooManyProviders)?,
			}
			let order_cost = OrderCost::<T>::get(receipt.order);
			let cost = Self::share_of(order_cost, value, order.remaining());
			order.consumed = order.consumed.saturating_add(value);
			OutstandingBudget::<T>::mutate(|o| *o = o.saturating_sub(value));
			let remaining = order.remaining();
			let buyer = order.buyer.clone();
			if remaining.is_zero() {
				Orders::<T>::remove(receipt.order);
				OrderCost::<T>::remove(receipt.order);
			} else {
				Orders::<T>::insert(receipt.order, order);
				Self::put_order_cost(receipt.order, order_cost.saturating_sub(cost));
			}
			let used = T::OnWorkDone::on_work_done(&who, value, cost);
			Self::deposit_event(Event::ReceiptRedeemed {
				order: receipt.order,
				provider: who,
				cumulative: receipt.cumulative,
				value,
				remaining,
				cost,
			});
			if remaining.is_zero() {
				Self::deposit_event(Event::OrderClosed {
					order: receipt.order,
					buyer,
					refund: 0,
					cost: Zero::zero(),
				});
			}
			Ok(Some(T::WeightInfo::redeem_receipt().saturating_add(used)).into())
		}

		/// Close an order once `OrderExpiry` blocks have passed since it opened; its unused
		/// budget comes back to the buyer as MUSD. Only the buyer may close it.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::close_order())]
		pub fn close_order(origin: OriginFor<T>, order: OrderId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let record = Orders::<T>::get(order).ok_or(Error::<T>::UnknownOrder)?;
			ensure!(record.buyer == who, Error::<T>::NotBuyer);
			ensure!(
				frame_system::Pallet::<T>::block_number() >= record.closable_at,
				Error::<T>::OrderNotExpired
			);
			let refund = record.remaining();
			Self::mint(&who, refund)?;
			let cost = OrderCost::<T>::take(order);
			if !cost.is_zero() {
				CostBasis::<T>::mutate(&who, |c| *c = c.saturating_add(cost));
			}
			OutstandingBudget::<T>::mutate(|o| *o = o.saturating_sub(refund));
			Orders::<T>::remove(order);
			Self::deposit_event(Event::OrderClosed { order, buyer: who, refund, cost });
			Ok(())
		}

		/// Register a service. The origin must be the service origin.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::register_service())]
		pub fn register_service(
			origin: OriginFor<T>,
			service: ServiceId,
			name: Vec<u8>,
			#[pallet::compact] unit_price: Musd,
			served_by: ServedBy,
		) -> DispatchResult {
			T::ServiceOrigin::ensure_origin(origin)?;
			ensure!(!Services::<T>::contains_key(service), Error::<T>::ServiceExists);
			ensure!(unit_price > 0, Error::<T>::ZeroPrice);
			let name: BoundedVec<u8, T::MaxServiceNameLen> =
				name.try_into().map_err(|_| Error::<T>::NameTooLong)?;
			Services::<T>::insert(service, Service { name, unit_price, served_by, active: true });
			Self::deposit_event(Event::ServiceRegistered { service, unit_price, served_by });
			Ok(())
		}

		/// Change a service's unit price, who may serve it, and whether it takes new orders.
		/// Open orders keep their budgets. The origin must be the service origin.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::update_service())]
		pub fn update_service(
			origin: OriginFor<T>,
			service: ServiceId,
			#[pallet::compact] unit_price: Musd,
			served_by: ServedBy,
			active: bool,
		) -> DispatchResult {
			T::ServiceOrigin::ensure_origin(origin)?;
			ensure!(unit_price > 0, Error::<T>::ZeroPrice);
			Services::<T>::try_mutate(service, |s| -> DispatchResult {
				let s = s.as_mut().ok_or(Error::<T>::UnknownService)?;
				s.unit_price = unit_price;
				s.served_by = served_by;
				s.active = active;
				Ok(())
			})?;
			Self::deposit_event(Event::ServiceUpdated { service, unit_price, served_by, active });
			Ok(())
		}
	}

	/// The reads dApps do most, as view functions (metadata v16): a client calls
	/// `RuntimeViewFunction_execute_view_function` with the id from the metadata and decodes the
	/// answer with the metadata's types. Each answers what the `MusdApi` method of the same name
	/// answers (the runtime API calls these same functions).
	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// The MC/USD price in force and its age, or `None` when the oracle has no fresh price
		/// (minting is then impossible).
		pub fn price() -> Option<PriceInfo<BlockNumberFor<T>>> {
			T::Price::price()
		}

		/// The MUSD `mc` MC would mint now (what `mint_musd` credits, rounded down), or `None`
		/// without a fresh price.
		pub fn quote_mint(mc: BalanceOf<T>) -> Option<Musd> {
			Self::mc_to_musd(mc, T::Price::price()?.price)
		}

		/// The MC to burn now to mint `musd` MUSD (rounded up), or `None` without a fresh price.
		pub fn quote_mc(musd: Musd) -> Option<BalanceOf<T>> {
			Self::musd_to_mc(musd, T::Price::price()?.price)
		}
	}
}

impl<T: Config> Pallet<T> {
	/// Whether `params` are acceptable: a positive order expiry and minimum order.
	pub fn params_valid(params: &ParamsOf<T>) -> bool {
		!params.order_expiry.is_zero() && params.min_order > 0
	}

	/// MC units per MUSD unit at a price of 1 USD/MC, times the fixed-point accuracy of the price:
	/// `10^(18 + NativeDecimals − 6)` (10^24 for MC's 12 decimals).
	fn conversion_denominator() -> Option<u128> {
		let exp = T::NativeDecimals::get().checked_add(18)?.checked_sub(MUSD_DECIMALS)?;
		10u128.checked_pow(exp)
	}

	/// The MUSD `mc` buys at `price` (USD per MC), rounded down:
	/// `mc × price.inner / 10^24` (for 12-decimal MC). `None` on overflow.
	pub fn mc_to_musd(mc: BalanceOf<T>, price: FixedU128) -> Option<Musd> {
		multiply_by_rational_with_rounding(
			mc.saturated_into::<u128>(),
			price.into_inner(),
			Self::conversion_denominator()?,
			Rounding::Down,
		)
	}

	/// The MC that must be burnt to mint at least `musd` at `price`, rounded up. `None` on
	/// overflow or at a zero price.
	pub fn musd_to_mc(musd: Musd, price: FixedU128) -> Option<BalanceOf<T>> {
		if price.is_zero() {
			return None;
		}
		let mc = multiply_by_rational_with_rounding(
			musd,
			Self::conversion_denominator()?,
			price.into_inner(),
			Rounding::Up,
		)?;
		mc.try_into().ok()
	}

	/// `who`'s MUSD.
	pub fn balance(who: &T::AccountId) -> Musd {
		Balances::<T>::get(who)
	}

	fn mint(who: &T::AccountId, amount: Musd) -> Result<(), Error<T>> {
		if amount.is_zero() {
			return Ok(());
		}
		let total = TotalIssuance::<T>::get().checked_add(amount).ok_or(Error::<T>::Overflow)?;
		Balances::<T>::mutate(who, |b| *b = b.saturating_add(amount));
		TotalIssuance::<T>::put(total);
		Ok(())
	}

	/// Burn `amount` of `who`'s MUSD and take its pro rata share of `who`'s cost basis with it
	/// (all of it with the last MUSD). Returns that share.
	fn spend(who: &T::AccountId, amount: Musd) -> Result<BalanceOf<T>, Error<T>> {
		let held = Balances::<T>::get(who);
		let left = held.checked_sub(amount).ok_or(Error::<T>::InsufficientMusd)?;
		let basis = CostBasis::<T>::get(who);
		let cost = Self::share_of(basis, amount, held);
		if left.is_zero() {
			Balances::<T>::remove(who);
			CostBasis::<T>::remove(who);
		} else {
			Balances::<T>::insert(who, left);
			let rest = basis.saturating_sub(cost);
			if rest.is_zero() {
				CostBasis::<T>::remove(who);
			} else {
				CostBasis::<T>::insert(who, rest);
			}
		}
		TotalIssuance::<T>::mutate(|t| *t = t.saturating_sub(amount));
		Ok(cost)
	}

	/// The share of a cost basis `basis` held by `of_total` MUSD that `part` of them carries:
	/// `basis × part / of_total`, rounded down, and the whole basis when `part` is all of it
	/// (so no basis is ever stranded).
	pub fn share_of(basis: BalanceOf<T>, part: Musd, of_total: Musd) -> BalanceOf<T> {
		if part >= of_total {
			return basis;
		}
		multiply_by_rational_with_rounding(
			basis.saturated_into::<u128>(),
			part,
			of_total,
			Rounding::Down,
		)
		.map(BalanceOf::<T>::saturated_from)
		// Cannot fail: `part < of_total`, so the result is below `basis`.
		.unwrap_or_else(Zero::zero)
	}

	fn put_order_cost(order: OrderId, cost: BalanceOf<T>) {
		if cost.is_zero() {
			OrderCost::<T>::remove(order);
		} else {
			OrderCost::<T>::insert(order, cost);
		}
	}

	/// `who`'s MUSD and the MC its minting burnt (its cost basis).
	pub fn balance_with_cost(who: &T::AccountId) -> (Musd, BalanceOf<T>) {
		(Balances::<T>::get(who), CostBasis::<T>::get(who))
	}

	/// The invariants: MUSD issuance is the sum of balances; no order consumed more than its
	/// budget, and its providers' values add up to what it consumed; the outstanding budget is
	/// the sum of open orders' remaining budgets; cost bases belong to accounts holding MUSD and
	/// to open orders. Iterates every account and order (try-runtime
	/// only).
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut total: Musd = 0;
		for (_, b) in Balances::<T>::iter() {
			frame_support::ensure!(b > 0, "a zero MUSD balance is stored");
			total = total.checked_add(b).ok_or("MUSD balances overflow")?;
		}
		frame_support::ensure!(
			total == TotalIssuance::<T>::get(),
			"MUSD total issuance differs from the sum of balances"
		);
		let mut outstanding: Musd = 0;
		let next = NextOrderId::<T>::get();
		for (id, order) in Orders::<T>::iter() {
			frame_support::ensure!(id < next, "an order id at or above NextOrderId");
			frame_support::ensure!(
				order.consumed <= order.budget,
				"an order consumed beyond its budget"
			);
			frame_support::ensure!(order.consumed < order.budget, "a used-up order is still open");
			let sum = order.providers.iter().fold(0u128, |a, (_, v)| a.saturating_add(*v));
			frame_support::ensure!(sum == order.consumed, "providers' values differ from consumed");
			outstanding = outstanding.saturating_add(order.remaining());
		}
		frame_support::ensure!(
			outstanding == OutstandingBudget::<T>::get(),
			"outstanding budget differs from the open orders"
		);
		for (who, cost) in CostBasis::<T>::iter() {
			frame_support::ensure!(!cost.is_zero(), "a zero cost basis is stored");
			frame_support::ensure!(Balances::<T>::contains_key(&who), "a cost basis without MUSD");
		}
		for (order, cost) in OrderCost::<T>::iter() {
			frame_support::ensure!(!cost.is_zero(), "a zero order cost is stored");
			frame_support::ensure!(Orders::<T>::contains_key(order), "a cost of a closed order");
		}
		frame_support::ensure!(Self::params_valid(&Parameters::<T>::get()), "invalid parameters");
		Ok(())
	}
}

// The rules as `pallet-chain-parameters` changes them: checked by `params_valid`, then stored.
// Open orders keep the `closable_at` they were opened with.
metachain_primitives::impl_governed_parameters!(
	Pallet<T: Config>, Parameters<T>, ParamsOf<T>, Error::<T>::InvalidParameter
);
