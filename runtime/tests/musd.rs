//! Runtime tests of MUSD on the development chain: feeders set the price, MC is burnt into
//! MUSD, a service order is paid by receipts, the day settles from the incentive pool and the
//! device claims its MC.

mod common;

use common::*;
use frame_support::traits::fungible::Inspect;
use metachain_runtime::{
	Balances, IncentivePool, Musd, PriceOracle, Runtime, RuntimeEvent, RuntimeOrigin, System,
	Workload,
};
use sp_keyring::Sr25519Keyring::{self, *};
use sp_runtime::{FixedU128, MultiSignature};

const MC: u128 = metachain_runtime::currency::MC;
const MUSD: u128 = pallet_musd::MUSD;

fn balance(who: Sr25519Keyring) -> u128 {
	<Balances as Inspect<_>>::balance(&who.to_account_id())
}

fn issuance() -> u128 {
	<Balances as Inspect<_>>::total_issuance()
}

fn feed(feeder: Sr25519Keyring, usd_per_mc: FixedU128) {
	PriceOracle::submit_price(RuntimeOrigin::signed(feeder.to_account_id()), usd_per_mc)
		.expect("a genesis feeder submits");
}

fn receipt(
	order: u64,
	provider: Sr25519Keyring,
	cumulative: u128,
) -> pallet_musd::Receipt<metachain_runtime::AccountId> {
	pallet_musd::Receipt { order, provider: provider.to_account_id(), cumulative }
}

/// The buyer's signature over the receipt, built by hand from the documented layout: the tag,
/// the genesis hash, the order id (u64 LE), the provider, the cumulative value (u128 LE).
fn sign(
	buyer: Sr25519Keyring,
	r: &pallet_musd::Receipt<metachain_runtime::AccountId>,
) -> MultiSignature {
	let mut message = b"mc/musd-receipt:".to_vec();
	message.extend_from_slice(System::block_hash(0).as_ref());
	message.extend_from_slice(&r.order.to_le_bytes());
	message.extend_from_slice(r.provider.as_ref());
	message.extend_from_slice(&r.cumulative.to_le_bytes());
	assert_eq!(message, pallet_musd::receipt_payload(&System::block_hash(0), r));
	buyer.sign(&message).into()
}

#[test]
fn musd_from_price_to_settled_workload() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		// Two of the three genesis feeders: the median of an even count is the mean.
		feed(Alice, FixedU128::from_rational(50, 1000));
		feed(Bob, FixedU128::from_rational(60, 1000));
		let price = Musd::price().expect("two fresh submissions make a price");
		assert_eq!(price.price, FixedU128::from_rational(55, 1000));

		// Eve burns 1,000 MC for 55 MUSD: total issuance falls by exactly that.
		let before = issuance();
		Musd::mint_musd(RuntimeOrigin::signed(Eve.to_account_id()), 1_000 * MC, 55 * MUSD)
			.expect("mints");
		assert_eq!(Musd::balance(&Eve.to_account_id()), 55 * MUSD);
		assert_eq!(issuance(), before - 1_000 * MC);

		// Ferdie is a DVPN client (funded for its deposit by Alice).
		fund_device(&Ferdie.to_account_id(), 2_000 * MC);
		let credit_before = pallet_credit::Devices::<Runtime>::get(Ferdie.to_account_id())
			.expect("registered")
			.credit;

		// Eve buys 10 MUSD of DVPN traffic; Ferdie redeems two successive receipts.
		Musd::buy_service(RuntimeOrigin::signed(Eve.to_account_id()), 1, 10 * MUSD).expect("buys");
		assert_eq!(Musd::balance(&Eve.to_account_id()), 45 * MUSD);
		for cumulative in [2 * MUSD, 5 * MUSD] {
			let r = receipt(0, Ferdie, cumulative);
			let signature = sign(Eve, &r);
			Musd::redeem_receipt(RuntimeOrigin::signed(Ferdie.to_account_id()), r, signature)
				.expect("redeems");
		}
		// The replayed receipt changes nothing.
		let r = receipt(0, Ferdie, 5 * MUSD);
		let signature = sign(Eve, &r);
		assert_eq!(
			Musd::redeem_receipt(RuntimeOrigin::signed(Ferdie.to_account_id()), r, signature)
				.map_err(|e| e.error),
			Err(pallet_musd::Error::<Runtime>::StaleReceipt.into())
		);
		let day = Workload::current_day();
		assert_eq!(
			pallet_workload::Certificates::<Runtime>::get(day, Ferdie.to_account_id()),
			5 * MUSD
		);
		// The 5 MUSD carry 5/55 of the 1,000 MC Eve burnt (rounded down at each step): their
		// cost. 1 credit point per MUSD of work, each paid for with CreditPrice (50 MC) of that
		// cost: 90.9 MC buy one point.
		let cost: u128 = System::events()
			.iter()
			.filter_map(|r| match &r.event {
				RuntimeEvent::Musd(pallet_musd::Event::ReceiptRedeemed { cost, .. }) => Some(*cost),
				_ => None,
			})
			.sum();
		assert_eq!(cost, 90_909_090_909_090);
		let credit_after = pallet_credit::Devices::<Runtime>::get(Ferdie.to_account_id())
			.expect("registered")
			.credit;
		assert_eq!(credit_after, credit_before + 1);
		let price = pallet_credit::Parameters::<Runtime>::get().credit_price;
		let reward_basis = cost - price;
		assert_eq!(
			pallet_workload::WorkCost::<Runtime>::get(day, Ferdie.to_account_id()),
			reward_basis
		);

		// The day ends: WorkRewardRatio (90%) of the cost the credit left leaves the pool for the
		// day's only provider, not the whole DailyWorkloadReward.
		let budget = metachain_runtime::economy::WORK_REWARD_RATIO * reward_basis;
		let pool = IncentivePool::pool_balance();
		let issuance_before = issuance();
		let next_day_start = (day + 1) * 10;
		run_to_block(next_day_start);
		assert!(System::events().iter().any(|r| matches!(
			&r.event,
			RuntimeEvent::Workload(pallet_workload::Event::DaySettled { day: d, budget: b, .. })
				if *d == day && *b == budget
		)));
		assert!(IncentivePool::pool_balance() <= pool - budget);
		let ferdie = balance(Ferdie);
		Workload::claim(
			RuntimeOrigin::signed(Alice.to_account_id()),
			Ferdie.to_account_id(),
			vec![day].try_into().expect("one day"),
		)
		.expect("claims");
		assert_eq!(balance(Ferdie), ferdie + budget);
		assert_eq!(issuance(), issuance_before);
		assert_supply_invariant();
	});
}

#[test]
fn every_preset_starts_with_the_two_services_whole() {
	for preset in [sp_genesis_builder::DEV_RUNTIME_PRESET, "local_testnet", "testnet"] {
		new_ext(preset).execute_with(|| {
			let dvpn = pallet_musd::Services::<Runtime>::get(1).expect("service 1");
			assert_eq!(&dvpn.name[..], b"DVPN traffic (per GB)");
			assert_eq!(dvpn.unit_price, MUSD / 20);
			let relay = pallet_musd::Services::<Runtime>::get(2).expect("service 2");
			assert_eq!(&relay.name[..], b"Smart gateway relay (per hour)");
			assert_eq!(relay.unit_price, MUSD / 100);
		});
	}
}

#[test]
fn nothing_is_minted_once_the_price_is_stale() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		assert_eq!(
			Musd::mint_musd(RuntimeOrigin::signed(Eve.to_account_id()), 10 * MC, 0),
			Err(pallet_musd::Error::<Runtime>::NoPrice.into())
		);
		feed(Alice, FixedU128::from_rational(5, 100));
		// One submission is not enough on the development chain (two are needed).
		assert!(Musd::price().is_none());
		feed(Bob, FixedU128::from_rational(5, 100));
		assert!(Musd::price().is_some());
		// 100 blocks later the submissions are stale.
		run_to_block(101);
		assert!(Musd::price().is_none());
		let before = issuance();
		assert!(Musd::mint_musd(RuntimeOrigin::signed(Eve.to_account_id()), 10 * MC, 0).is_err());
		assert_eq!(issuance(), before);
	});
}

#[test]
fn musd_is_not_transferable_through_proxies_either() {
	use frame_support::traits::InstanceFilter;
	use metachain_runtime::{configs::ProxyType, RuntimeCall};
	// A non-transfer proxy may not spend its principal's MC or MUSD.
	let mint = RuntimeCall::Musd(pallet_musd::Call::mint_musd { mc_amount: MC, min_musd_out: 0 });
	let buy = RuntimeCall::Musd(pallet_musd::Call::buy_service { service: 1, amount: MUSD });
	assert!(!ProxyType::NonTransfer.filter(&mint));
	assert!(!ProxyType::NonTransfer.filter(&buy));
	// Redeeming and closing only ever credit the signer; a non-transfer proxy may do them.
	let close = RuntimeCall::Musd(pallet_musd::Call::close_order { order: 0 });
	assert!(ProxyType::NonTransfer.filter(&close));
}

#[test]
fn a_non_transfer_proxy_moves_no_value_by_the_back_door() {
	use frame_support::traits::InstanceFilter;
	use metachain_runtime::{configs::ProxyType, RuntimeCall};
	use pallet_staking::RewardDestination;
	let elsewhere = RewardDestination::Account(Bob.to_account_id());
	let back_doors = [
		// Staking rewards paid to another account.
		RuntimeCall::Staking(pallet_staking::Call::set_payee { payee: elsewhere.clone() }),
		RuntimeCall::Staking(pallet_staking::Call::bond { value: MC, payee: elsewhere }),
		RuntimeCall::Staking(pallet_staking::Call::update_payee {
			controller: Alice.to_account_id(),
		}),
		// A deposit forfeited by a failing proposal.
		RuntimeCall::Governance(pallet_governance::Call::submit {
			proposal: Box::new(frame_support::traits::Bounded::Inline(Default::default())),
			voting_period: 10,
		}),
	];
	for call in &back_doors {
		assert!(!ProxyType::NonTransfer.filter(call), "{call:?}");
	}
	// Nor may it make itself a staking proxy (which may unbond and withdraw).
	assert!(!ProxyType::NonTransfer.is_superset(&ProxyType::Staking));
	assert!(ProxyType::NonTransfer.is_superset(&ProxyType::CancelProxy));
	assert!(ProxyType::Any.is_superset(&ProxyType::NonTransfer));
}
