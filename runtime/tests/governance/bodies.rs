//! The bodies at work: committee motions, capped treasury spends, membership, the bodies of
//! every preset, the Foundation's staking administration.

use super::*;

#[test]
fn a_technical_motion_changes_a_credit_parameter() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let before = pallet_credit::Parameters::<Runtime>::get().uptime_credit;
		let call = set_parameter(RuntimeParameter::Credit(
			pallet_credit::CreditParameter::UptimeCredit(before + 1),
		));
		assert_eq!(motion(RuntimeCall::TechnicalCommittee, Bob, Charlie, call), Ok(()));
		assert_eq!(pallet_credit::Parameters::<Runtime>::get().uptime_credit, before + 1);
		// An economic parameter by the Community Committee is refused.
		let call =
			set_parameter(RuntimeParameter::Credit(pallet_credit::CreditParameter::CreditPrice(1)));
		assert_eq!(
			motion(RuntimeCall::CommunityCommittee, Charlie, Dave, call),
			Err(DispatchError::BadOrigin)
		);
	});
}

#[test]
fn an_ecosystem_spend_within_its_cap_is_paid_and_one_above_is_refused() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let treasury = TreasuryAccount::get();
		exec(
			Alice,
			RuntimeCall::Balances(pallet_balances::Call::transfer_keep_alive {
				dest: MultiAddress::Id(treasury.clone()),
				value: 5_000_000 * MC,
			}),
		)
		.unwrap();
		let beneficiary = Ferdie.to_account_id();
		let spend = |amount| {
			RuntimeCall::Governance(pallet_governance::Call::spend {
				amount,
				beneficiary: beneficiary.clone(),
			})
		};
		let cap = EcosystemSpendCap::get();
		assert_eq!(
			motion(RuntimeCall::EcosystemCommittee, Alice, Dave, spend(cap + 1)),
			Err(pallet_governance::Error::<Runtime>::OverBudget.into())
		);
		assert_eq!(motion(RuntimeCall::EcosystemCommittee, Alice, Dave, spend(cap)), Ok(()));
		assert_eq!(Balances::balance(&beneficiary), cap);
	});
}

#[test]
fn only_the_development_chain_has_sudo_and_every_preset_has_its_bodies() {
	for preset in [sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET, "testnet"] {
		new_ext(preset).execute_with(|| {
			assert_eq!(pallet_sudo::Key::<Runtime>::get(), None, "{preset} has no sudo");
		});
	}
	for preset in [
		sp_genesis_builder::DEV_RUNTIME_PRESET,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
		"testnet",
	] {
		new_ext(preset).execute_with(|| {
			let ids =
				|ks: &[Sr25519Keyring]| ks.iter().map(|k| k.to_account_id()).collect::<Vec<_>>();
			assert_eq!(
				pallet_collective::Members::<Runtime, FoundationCollective>::get(),
				ids(&[Alice, Bob, Charlie])
					.into_iter()
					.collect::<BTreeSet<_>>()
					.into_iter()
					.collect::<Vec<_>>(),
				"{preset}: Foundation"
			);
			for (members, n) in [
				(pallet_collective::Members::<Runtime, TechnicalCollective>::get(), "Technical"),
				(pallet_collective::Members::<Runtime, CommunityCollective>::get(), "Community"),
				(pallet_collective::Members::<Runtime, EcosystemCollective>::get(), "Ecosystem"),
			] {
				assert_eq!(members.len(), 3, "{preset}: {n}");
			}
			// The genesis stakers are the first electorate.
			let staked: u128 =
				pallet_staking::Ledger::<Runtime>::iter().map(|(_, l)| l.active).sum();
			assert_eq!(pallet_governance::Electorate::<Runtime>::get().total, staked);
			assert!(staked > 0);
		});
	}
}

#[test]
fn governance_runs_without_sudo_on_the_local_testnet() {
	new_ext(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).execute_with(|| {
		run_to_block(1);
		let params = pallet_governance::Parameters::<Runtime>::get();
		// Alice's and Bob's stashes: two thirds of the bonded MC.
		let hash = metachain_runtime::Hash::repeat_byte(0x77);
		let index = submit_upgrade(AliceStash, hash, params.max_voting_period);
		for k in [AliceStash, BobStash] {
			vote_aye(k, index).unwrap();
		}
		run_to_block(System::block_number() + blocks_to_enactment(Class::Upgrade));
		assert_eq!(authorized_upgrade(), Some(hash));
	});
}

#[test]
fn the_foundation_administers_staking() {
	dev_ext().execute_with(|| {
		run_to_block(1);
		let admin = |call| {
			RuntimeCall::Governance(pallet_governance::Call::staking_admin { call: Box::new(call) })
		};
		let foundation = collective::<FoundationCollective>(2, 3);
		assert!(admin(RuntimeCall::Staking(pallet_staking::Call::set_validator_count { new: 7 }))
			.dispatch(foundation.clone())
			.is_ok());
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 7);
		assert!(admin(RuntimeCall::Staking(pallet_staking::Call::force_new_era {}))
			.dispatch(foundation.clone())
			.is_ok());
		assert_eq!(pallet_staking::ForceEra::<Runtime>::get(), pallet_staking::Forcing::ForceNew);
		// Nothing else root may do.
		let err = admin(RuntimeCall::System(frame_system::Call::set_heap_pages { pages: 9 }))
			.dispatch(foundation)
			.map_err(|e| e.error);
		assert_eq!(err, Err(pallet_governance::Error::<Runtime>::NotStakingAdminCall.into()));
	});
}
