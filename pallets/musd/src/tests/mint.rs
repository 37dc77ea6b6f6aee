//! Minting: MC burnt at the price in force, rounded down, guarded by slippage and limits.

use super::*;

#[test]
fn mint_burns_mc_at_the_exact_rate() {
	test(|| {
		// 0.052 USD per MC: 1,000 MC buy 52 MUSD exactly.
		set_price(Some(price((52, 1000))));
		let issuance = Balances::total_issuance();
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 1_000 * MC, 52 * MUSD));
		assert_eq!(Musd::balance(&alice()), 52_000_000);
		assert_eq!(TotalIssuance::<Test>::get(), 52_000_000);
		assert_eq!(Balances::total_issuance(), issuance - 1_000 * MC);
		assert_eq!(Balances::balance(&alice()), INITIAL_BALANCE - 1_000 * MC);
		assert_eq!(
			last_event(),
			Event::Minted {
				who: alice(),
				mc_burnt: 1_000 * MC,
				musd: 52 * MUSD,
				price: price((52, 1000))
			}
		);
	});
}

#[test]
fn mint_rounds_down_in_favour_of_the_chain() {
	test(|| {
		// 1/3 USD per MC: the price's fixed-point value is 333_333_333_333_333_333 (10^18 / 3,
		// rounded down). 1 MC + 1 planck buys (10^12 + 1) × that / 10^24 units, rounded down:
		// 333_333.666… → 333_333 units.
		set_price(Some(price((1, 3))));
		let inner: u128 = 333_333_333_333_333_333;
		assert_eq!(price((1, 3)).into_inner(), inner);
		let mc = MC + 1;
		let expected = (mc * inner) / 1_000_000_000_000_000_000_000_000;
		assert_eq!(expected, 333_333);
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), mc, 0));
		assert_eq!(Musd::balance(&alice()), expected);
	});
}

#[test]
fn quotes_match_minting_and_round_against_the_user() {
	test(|| {
		set_price(Some(price((7, 100))));
		// 10 MUSD at 0.07 USD/MC need 10 / 0.07 = 142.857142857142… MC, rounded up to the planck.
		let need = Musd::quote_mc(10 * MUSD).unwrap();
		assert_eq!(need, 142_857_142_857_143);
		assert_eq!(Musd::quote_mint(need), Some(10 * MUSD));
		assert_eq!(Musd::quote_mint(need - 1), Some(10 * MUSD - 1));
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), need, 10 * MUSD));
		assert_eq!(Musd::balance(&alice()), 10 * MUSD);
	});
}

#[test]
fn nothing_is_minted_without_a_fresh_price() {
	test(|| {
		let issuance = Balances::total_issuance();
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), 10 * MC, 0),
			Error::<Test>::NoPrice
		);
		assert_eq!(Musd::quote_mint(10 * MC), None);
		assert_eq!(Balances::total_issuance(), issuance);
	});
}

#[test]
fn slippage_guard_fails_the_mint() {
	test(|| {
		set_price(Some(price((5, 100))));
		// 100 MC buy 5 MUSD; asking for more fails and burns nothing.
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), 100 * MC, 5 * MUSD + 1),
			Error::<Test>::Slippage
		);
		assert_ok!(Musd::mint_musd(RuntimeOrigin::signed(alice()), 100 * MC, 5 * MUSD));
	});
}

#[test]
fn mint_limits() {
	test(|| {
		set_price(Some(price((5, 100))));
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), MC - 1, 0),
			Error::<Test>::BelowMinimumMint
		);
		// The account must stay alive: its whole balance cannot be burnt.
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), INITIAL_BALANCE, 0),
			Error::<Test>::InsufficientMc
		);
		// A price so low that 1 MC is worth less than a micro-dollar.
		set_price(Some(price((1, 10_000_000))));
		assert_noop!(
			Musd::mint_musd(RuntimeOrigin::signed(alice()), MC, 0),
			Error::<Test>::NothingToMint
		);
	});
}
