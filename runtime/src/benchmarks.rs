//! The pallets benchmarked by `metachain-node benchmark pallet` (built with
//! `--features runtime-benchmarks`).

frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench::<Runtime>]
	[frame_system_extensions, SystemExtensionsBench::<Runtime>]
	[pallet_transaction_payment, TransactionPayment]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_session, SessionBench::<Runtime>]
	[pallet_staking, Staking]
	[pallet_bags_list, VoterList]
	[pallet_election_provider_multi_phase, ElectionProviderMultiPhase]
	[pallet_treasury, Treasury]
	[pallet_utility, Utility]
	[pallet_proxy, Proxy]
	[pallet_multisig, Multisig]
	[pallet_sudo, Sudo]
	[pallet_incentive_pool, IncentivePool]
	[pallet_credit, Credit]
	[pallet_credit_delegation, CreditDelegation]
	[pallet_price_oracle, PriceOracle]
	[pallet_musd, Musd]
	[pallet_workload, Workload]
	[pallet_governance, Governance]
	[pallet_anchoring, Anchoring]
	[pallet_chain_parameters, Parameters]
	[pallet_session_rotation, SessionRotation]
);
