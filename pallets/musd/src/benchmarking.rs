//! Benchmarks of MUSD, each at its worst case: a full order (`MaxProvidersPerOrder` providers),
//! the longest service name, the oracle's full feeder set.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible::Mutate as _, EnsureOrigin},
	BoundedVec,
};
use frame_system::RawOrigin;
use metachain_primitives::benchmarking::DeviceKeys as _;

const SERVICE: ServiceId = 7;

fn served_by_all() -> ServedBy {
	ServedBy { dvpn_client: true, smart_gateway: true }
}

fn service<T: Config>() {
	let name: BoundedVec<u8, T::MaxServiceNameLen> =
		alloc::vec![b'n'; T::MaxServiceNameLen::get() as usize].try_into().expect("fits");
	Services::<T>::insert(
		SERVICE,
		Service { name, unit_price: MUSD / 10, served_by: served_by_all(), active: true },
	);
}

fn give_musd<T: Config>(who: &T::AccountId, amount: Musd) {
	Balances::<T>::mutate(who, |b| *b = b.saturating_add(amount));
	TotalIssuance::<T>::mutate(|t| *t = t.saturating_add(amount));
}

/// An open order of `buyer` with `MaxProvidersPerOrder - 1` providers already paid 1 MUSD each,
/// and room for more.
fn full_order<T: Config>(buyer: &T::AccountId) -> OrderId {
	service::<T>();
	let others = T::MaxProvidersPerOrder::get().saturating_sub(1);
	let providers: BoundedVec<_, T::MaxProvidersPerOrder> = (0..others)
		.map(|i| (account::<T::AccountId>("provider", i + 100, 0), MUSD))
		.collect::<alloc::vec::Vec<_>>()
		.try_into()
		.expect("fewer than the bound");
	let consumed = MUSD * others as u128;
	let budget = consumed + 1_000 * MUSD;
	let now = frame_system::Pallet::<T>::block_number();
	let id = NextOrderId::<T>::get();
	NextOrderId::<T>::put(id + 1);
	Orders::<T>::insert(
		id,
		Order {
			buyer: buyer.clone(),
			service: SERVICE,
			budget,
			consumed,
			opened_at: now,
			closable_at: now,
			providers,
		},
	);
	OutstandingBudget::<T>::mutate(|o| *o = o.saturating_add(budget - consumed));
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn mint_musd() {
		<T::Price as PriceProvider<_>>::set_price(FixedU128::from_rational(5, 100));
		let who: T::AccountId = whitelisted_caller();
		let amount: BalanceOf<T> = Parameters::<T>::get().min_mint.saturating_mul(1_000u32.into());
		T::Currency::set_balance(&who, amount.saturating_mul(2u32.into()));
		let issuance = T::Currency::total_issuance();

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), amount, 0);

		assert!(Balances::<T>::get(&who) > 0);
		assert_eq!(T::Currency::total_issuance(), issuance.saturating_sub(amount));
	}

	#[benchmark]
	fn buy_service() {
		service::<T>();
		let who: T::AccountId = whitelisted_caller();
		let budget = Parameters::<T>::get().min_order.max(MUSD);
		give_musd::<T>(&who, budget);

		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), SERVICE, budget);

		assert_eq!(Balances::<T>::get(&who), 0);
		assert!(Orders::<T>::contains_key(0));
	}

	/// A new provider on an order that already pays all but one: the whole list is searched,
	/// then extended.
	#[benchmark]
	fn redeem_receipt() {
		let buyer = T::BenchmarkHelper::device(0);
		let order = full_order::<T>(&buyer);
		let provider: T::AccountId = account("provider", 0, 0);
		T::Credit::make_device(&provider, 100).expect("a funded account registers");
		let receipt = Receipt { order, provider: provider.clone(), cumulative: MUSD };
		let genesis = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero());
		let signature = T::BenchmarkHelper::sign(&buyer, &receipt_payload(&genesis, &receipt));

		#[extrinsic_call]
		_(RawOrigin::Signed(provider.clone()), receipt, signature);

		assert_eq!(Orders::<T>::get(order).map(|o| o.redeemed_by(&provider)), Some(MUSD));
	}

	#[benchmark]
	fn close_order() {
		let buyer: T::AccountId = whitelisted_caller();
		let order = full_order::<T>(&buyer);

		#[extrinsic_call]
		_(RawOrigin::Signed(buyer.clone()), order);

		assert!(!Orders::<T>::contains_key(order));
		assert_eq!(Balances::<T>::get(&buyer), 1_000 * MUSD);
	}

	#[benchmark]
	fn register_service() -> Result<(), BenchmarkError> {
		let origin =
			T::ServiceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let name = alloc::vec![b'n'; T::MaxServiceNameLen::get() as usize];

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, SERVICE, name, MUSD, served_by_all());

		assert!(Services::<T>::contains_key(SERVICE));
		Ok(())
	}

	#[benchmark]
	fn update_service() -> Result<(), BenchmarkError> {
		service::<T>();
		let origin =
			T::ServiceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, SERVICE, 2 * MUSD, served_by_all(), false);

		assert_eq!(Services::<T>::get(SERVICE).map(|s| s.active), Some(false));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
