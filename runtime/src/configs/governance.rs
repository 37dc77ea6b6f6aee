//! Governance: the Foundation and three committees, stake-weighted referenda, the origins of
//! every privileged call, the one parameter call (`Parameters`), preimages and the scheduler.

use super::*;

// ---------------------------------------------------------------------------------------------
// Governance: the Foundation and three committees, stake-weighted referenda, the scheduler
// ---------------------------------------------------------------------------------------------
//
// Who may make each privileged call is listed in `runtime/README.md` ("Privileged calls") and
// checked by `runtime/tests/governance.rs`. Root is an approved referendum (and, on the
// development chain only, sudo): no other path leads to it.

/// The Foundation's collective (long-term planning, arbitration, contributors' rewards).
pub type FoundationCollective = pallet_collective::Instance1;
/// The Technical Committee's collective (technical optimisation and upgrades).
pub type TechnicalCollective = pallet_collective::Instance2;
/// The Community Committee's collective (daily community operations).
pub type CommunityCollective = pallet_collective::Instance3;
/// The Ecosystem Construction Committee's collective (ecosystem proposals).
pub type EcosystemCollective = pallet_collective::Instance4;
/// The Foundation's membership.
pub type FoundationMembershipInstance = pallet_membership::Instance1;
/// The Technical Committee's membership.
pub type TechnicalMembershipInstance = pallet_membership::Instance2;
/// The Community Committee's membership.
pub type CommunityMembershipInstance = pallet_membership::Instance3;
/// The Ecosystem Committee's membership.
pub type EcosystemMembershipInstance = pallet_membership::Instance4;

/// An approved referendum (root).
pub type Referendum = EnsureRoot<AccountId>;
/// Two thirds of the Foundation.
pub type FoundationTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, FoundationCollective, 2, 3>;
/// Two thirds of the Technical Committee.
pub type TechnicalTwoThirds =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 2, 3>;
/// All of the Technical Committee.
pub type TechnicalUnanimous =
	pallet_collective::EnsureProportionAtLeast<AccountId, TechnicalCollective, 1, 1>;
/// Half of the Community Committee.
pub type CommunityHalf =
	pallet_collective::EnsureProportionAtLeast<AccountId, CommunityCollective, 1, 2>;
/// Half of the Ecosystem Committee.
pub type EcosystemHalf =
	pallet_collective::EnsureProportionAtLeast<AccountId, EcosystemCollective, 1, 2>;

/// A referendum or two thirds of the Foundation.
pub type ReferendumOrFoundation = EitherOfDiverse<Referendum, FoundationTwoThirds>;
/// A referendum or two thirds of the Technical Committee.
pub type ReferendumOrTechnical = EitherOfDiverse<Referendum, TechnicalTwoThirds>;
/// A referendum, two thirds of the Technical Committee, or two thirds of the Foundation.
pub type ReferendumOrTechnicalOrFoundation =
	EitherOfDiverse<Referendum, EitherOfDiverse<TechnicalTwoThirds, FoundationTwoThirds>>;
/// A referendum or the whole Technical Committee.
pub type ReferendumOrTechnicalUnanimous = EitherOfDiverse<Referendum, TechnicalUnanimous>;

/// Who may change a parameter of each kind (`Parameters::set_parameter`): technical parameters
/// by a referendum or Technical 2/3; economic ones also by Foundation 2/3; the rules of
/// governance itself by a referendum only.
pub struct ParameterOrigin;
impl frame_support::traits::EnsureOriginWithArg<RuntimeOrigin, ParameterKind> for ParameterOrigin {
	type Success = ();
	fn try_origin(o: RuntimeOrigin, kind: &ParameterKind) -> Result<(), RuntimeOrigin> {
		use frame_support::traits::EnsureOrigin;
		match kind {
			ParameterKind::Technical => {
				<ReferendumOrTechnical as EnsureOrigin<RuntimeOrigin>>::try_origin(o).map(|_| ())
			}
			ParameterKind::Economic => {
				<ReferendumOrTechnicalOrFoundation as EnsureOrigin<RuntimeOrigin>>::try_origin(o)
					.map(|_| ())
			}
			ParameterKind::Governance => {
				<Referendum as EnsureOrigin<RuntimeOrigin>>::try_origin(o).map(|_| ())
			}
		}
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(_: &ParameterKind) -> Result<RuntimeOrigin, ()> {
		Ok(RuntimeOrigin::root())
	}
}

metachain_primitives::runtime_parameters! {
	/// Every governable number of the runtime's pallets, one at a time, with a value: what
	/// `parameters.setParameter` takes and `parametersApi.parameters()` lists.
	pub enum RuntimeParameter {
		/// The incentive pool's emission rate.
		IncentivePool(crate::IncentivePool),
		/// Devices, invitations and credit.
		Credit(crate::Credit),
		/// Delegation, the proof-of-credit election and device rewards.
		CreditDelegation(crate::CreditDelegation),
		/// The MC/USD price oracle.
		PriceOracle(crate::PriceOracle),
		/// MUSD minting and orders.
		Musd(crate::Musd),
		/// The daily workload settlement.
		Workload(crate::Workload),
		/// Referenda.
		Governance(crate::Governance),
		/// TracChain checkpoints.
		Anchoring(crate::Anchoring),
	}
}

#[cfg(feature = "runtime-benchmarks")]
parameter_types! {
	/// The most expensive parameter change: a new credit period length (the credit pallet also
	/// starts a new period anchor).
	pub ParametersBenchmarkCase: RuntimeParameter = RuntimeParameter::Credit(
		pallet_credit::CreditParameter::CreditPeriod(crate::economy::credit_rules().credit_period + 1),
	);
}

impl pallet_chain_parameters::Config for Runtime {
	type RuntimeParameter = RuntimeParameter;
	type AdminOrigin = ParameterOrigin;
	type WeightInfo = pallet_chain_parameters::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ParametersBenchmarkCase;
}

parameter_types! {
	/// A preimage holds 40 MC plus 1 mMC per byte while it is stored.
	pub const PreimageBaseDeposit: Balance = PREIMAGE_BASE_DEPOSIT;
	pub const PreimageByteDeposit: Balance = PREIMAGE_BYTE_DEPOSIT;
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	/// Requesting and clearing others' preimages: a referendum.
	type ManagerOrigin = Referendum;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		PreimageHoldReason,
		LinearStoragePrice<PreimageBaseDeposit, PreimageByteDeposit, Balance>,
	>;
}

parameter_types! {
	/// Scheduled calls may use up to 80% of a block.
	pub MaximumSchedulerWeight: Weight =
		Perbill::from_percent(80) * RuntimeBlockWeights::get().max_block;
}

impl pallet_scheduler::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeOrigin = RuntimeOrigin;
	type PalletsOrigin = OriginCaller;
	type RuntimeCall = RuntimeCall;
	type MaximumWeight = MaximumSchedulerWeight;
	/// Scheduling calls directly: a referendum (approved proposals are scheduled by
	/// `Governance` itself).
	type ScheduleOrigin = Referendum;
	type OriginPrivilegeCmp = EqualPrivilegeOnly;
	type MaxScheduledPerBlock = ConstU32<50>;
	type WeightInfo = pallet_scheduler::weights::SubstrateWeight<Runtime>;
	type Preimages = Preimage;
	type BlockNumberProvider = System;
}

parameter_types! {
	/// A committee motion stays open 7 days.
	pub const MotionDuration: BlockNumber = 7 * DAYS;
	/// A motion may dispatch a call of up to half a block.
	pub MaxCollectiveProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

/// The most members of a body.
pub const MAX_MEMBERS: u32 = 100;

macro_rules! body {
	($collective:ty, $membership:ty, $pallet:ident, $manager:ty) => {
		impl pallet_collective::Config<$collective> for Runtime {
			type RuntimeOrigin = RuntimeOrigin;
			type Proposal = RuntimeCall;
			type RuntimeEvent = RuntimeEvent;
			type MotionDuration = MotionDuration;
			type MaxProposals = ConstU32<100>;
			type MaxMembers = ConstU32<MAX_MEMBERS>;
			/// No prime member: members who do not vote count as nays when a motion closes,
			/// so unanimity means every member.
			type DefaultVote = pallet_collective::PrimeDefaultVote;
			type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
			/// Members change only through the membership pallet.
			type SetMembersOrigin = NeverEnsureOrigin<()>;
			type MaxProposalWeight = MaxCollectiveProposalWeight;
			type DisapproveOrigin = Referendum;
			type KillOrigin = Referendum;
			type Consideration = ();
		}

		impl pallet_membership::Config<$membership> for Runtime {
			type RuntimeEvent = RuntimeEvent;
			type AddOrigin = $manager;
			type RemoveOrigin = $manager;
			type SwapOrigin = $manager;
			type ResetOrigin = $manager;
			/// No prime member (see `DefaultVote`).
			type PrimeOrigin = NeverEnsureOrigin<()>;
			type MembershipInitialized = $pallet;
			type MembershipChanged = $pallet;
			type MaxMembers = ConstU32<MAX_MEMBERS>;
			type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
		}
	};
}

// Every body's members change by referendum only: no body changes its own membership or
// another's (a Foundation that could replace the Technical Committee could then authorize an
// upgrade with it alone).
body!(FoundationCollective, FoundationMembershipInstance, Foundation, Referendum);
body!(TechnicalCollective, TechnicalMembershipInstance, TechnicalCommittee, Referendum);
body!(CommunityCollective, CommunityMembershipInstance, CommunityCommittee, Referendum);
body!(EcosystemCollective, EcosystemMembershipInstance, EcosystemCommittee, Referendum);

/// Calls no origin but root may make, filtered for every other origin: a member replacing
/// itself (`change_key`) would change a body's membership without its governing body.
pub struct BaseCallFilter;
impl Contains<RuntimeCall> for BaseCallFilter {
	fn contains(call: &RuntimeCall) -> bool {
		!matches!(
			call,
			RuntimeCall::FoundationMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::TechnicalMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::CommunityMembership(pallet_membership::Call::change_key { .. })
				| RuntimeCall::EcosystemMembership(pallet_membership::Call::change_key { .. })
		)
	}
}

/// Whether `call` would give an account a permanent privilege, wherever it is nested (see
/// [`any_nested`]): setting a sudo key (`sudo.setKey`, or writing the sudo pallet's storage with
/// `system.setStorage`). No referendum may make such a call ([`ForbiddenCalls`]), so a network
/// started without a sudo key never gets one. Only a runtime upgrade could add one, and an
/// upgrade is decided in the upgrade class.
pub fn gives_permanent_privilege(call: &RuntimeCall) -> bool {
	let sudo_prefix = <Sudo as frame_support::traits::PalletInfoAccess>::name_hash();
	any_nested(call, 0, &|call| match call {
		RuntimeCall::Sudo(pallet_sudo::Call::set_key { .. }) => true,
		RuntimeCall::System(frame_system::Call::set_storage { items }) => {
			items.iter().any(|(key, _)| key.starts_with(&sudo_prefix))
		}
		_ => false,
	})
}

/// Whether `call` is about the bodies themselves, wherever it is nested (see [`any_nested`]):
/// it changes the membership of a body (any call of the four membership pallets, or a
/// collective's `set_members`) or the rules of referenda (a governance parameter). A
/// referendum making such a call cannot be cancelled ([`Uncancellable`]), so no body can stop
/// the vote that would replace it.
pub fn touches_the_bodies(call: &RuntimeCall) -> bool {
	any_nested(call, 0, &|call| {
		matches!(
			call,
			RuntimeCall::FoundationMembership(_)
				| RuntimeCall::TechnicalMembership(_)
				| RuntimeCall::CommunityMembership(_)
				| RuntimeCall::EcosystemMembership(_)
				| RuntimeCall::Foundation(pallet_collective::Call::set_members { .. })
				| RuntimeCall::TechnicalCommittee(pallet_collective::Call::set_members { .. })
				| RuntimeCall::CommunityCommittee(pallet_collective::Call::set_members { .. })
				| RuntimeCall::EcosystemCommittee(pallet_collective::Call::set_members { .. })
				| RuntimeCall::Parameters(pallet_chain_parameters::Call::set_parameter {
					parameter: RuntimeParameter::Governance(_),
				})
		)
	})
}

/// The urgent proposals: a veto of a jointly approved upgrade (`governance.vetoUpgrade`), which
/// must be decided within the veto delay.
pub struct VetoCalls;
impl Contains<RuntimeCall> for VetoCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(call, RuntimeCall::Governance(pallet_governance::Call::veto_upgrade { .. }))
	}
}

/// The referenda no body may cancel (see [`touches_the_bodies`]).
pub struct Uncancellable;
impl Contains<RuntimeCall> for Uncancellable {
	fn contains(call: &RuntimeCall) -> bool {
		touches_the_bodies(call)
	}
}

/// The calls no referendum may make (see [`gives_permanent_privilege`]).
pub struct ForbiddenCalls;
impl Contains<RuntimeCall> for ForbiddenCalls {
	fn contains(call: &RuntimeCall) -> bool {
		gives_permanent_privilege(call)
	}
}

/// Staking's root-only administration calls, which the Foundation (2/3) may make through
/// `governance.stakingAdmin` (the others take staking's `AdminOrigin` directly).
pub struct StakingAdminCalls;
impl Contains<RuntimeCall> for StakingAdminCalls {
	fn contains(call: &RuntimeCall) -> bool {
		matches!(
			call,
			RuntimeCall::Staking(
				pallet_staking::Call::set_validator_count { .. }
					| pallet_staking::Call::increase_validator_count { .. }
					| pallet_staking::Call::scale_validator_count { .. }
					| pallet_staking::Call::force_no_eras { .. }
					| pallet_staking::Call::force_new_era { .. }
					| pallet_staking::Call::force_new_era_always { .. }
					| pallet_staking::Call::set_staking_configs { .. }
			)
		)
	}
}

/// Bonded MC as `pallet-staking` keeps it: each ledger's `active`.
pub struct StakingForGovernance;
impl pallet_governance::BondedStake<AccountId, Balance> for StakingForGovernance {
	fn bonded(who: &AccountId) -> Balance {
		<Staking as sp_staking::StakingInterface>::stake(who).map(|s| s.active).unwrap_or(0)
	}
	fn count(
		cursor: Option<&pallet_governance::StakeCursor>,
		limit: u32,
		each: &mut dyn FnMut(&AccountId, Balance),
	) -> pallet_governance::CountPage<Balance> {
		let mut iter = match cursor {
			Some(c) => pallet_staking::Ledger::<Runtime>::iter_from(c.to_vec()),
			None => pallet_staking::Ledger::<Runtime>::iter(),
		};
		let mut page = pallet_governance::CountPage::<Balance>::default();
		let mut last = None;
		while page.counted < limit {
			match iter.next() {
				Some((controller, ledger)) => {
					// Votes are cast, and `bonded` read, by the stash.
					each(&ledger.stash, ledger.active);
					page.total = page.total.saturating_add(ledger.active);
					page.counted += 1;
					last = Some(controller);
				}
				None => return page,
			}
		}
		page.next = last.map(|c| {
			pallet_governance::StakeCursor::truncate_from(
				pallet_staking::Ledger::<Runtime>::hashed_key_for(&c),
			)
		});
		page
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn make_staker(who: &AccountId, amount: Balance) -> sp_runtime::DispatchResult {
		use frame_support::traits::fungible::Mutate;
		let _ = Balances::set_balance(who, amount.saturating_mul(2));
		<Staking as sp_staking::StakingInterface>::bond(who, amount, who)
	}
}

parameter_types! {
	/// The governance rules where genesis sets none ([`crate::economy::governance_rules`]).
	pub DefaultGovernanceParameters: pallet_governance::ParamsOf<Runtime> =
		crate::economy::governance_rules();
}

impl pallet_governance::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type Stake = StakingForGovernance;
	type Scheduler = Scheduler;
	type Preimages = Preimage;
	/// Each proposal's class: the strictest of its calls' ([`super::classes`]).
	type Classify = ClassifyProposals;
	/// No referendum sets a sudo key.
	type ForbiddenCalls = ForbiddenCalls;
	/// Referenda about the bodies' membership or the rules of referenda cannot be cancelled.
	type Uncancellable = Uncancellable;
	/// Deposits of rejected proposals go to the treasury.
	type Treasury = TreasuryAccount;
	/// No referendum leaves more than the 10 billion MC of the whitepaper.
	type MaxIssuance = frame_support::traits::ConstU128<MAX_SUPPLY>;
	/// The bodies' treasury budgets, per treasury spend period.
	type SpendOrigin = BodySpender;
	type SpendPeriod = SpendPeriod;
	type CancelOrigin = ReferendumOrTechnicalUnanimous;
	type FastTrackOrigin = ReferendumOrTechnicalUnanimous;
	/// A referendum vetoes a jointly approved upgrade.
	type VetoOrigin = Referendum;
	/// Vetoes of a jointly approved upgrade go to the head of the general class.
	type Urgent = VetoCalls;
	type TechnicalOrigin = TechnicalTwoThirds;
	type FoundationOrigin = FoundationTwoThirds;
	/// The Foundation (2/3) makes staking's root-only administration calls.
	type StakingAdminOrigin = FoundationTwoThirds;
	type StakingAdminCalls = StakingAdminCalls;
	type MaxQueued = ConstU32<100>;
	/// An account has at most three proposals queued or decided: filling a class's queue of
	/// 100 takes 34 staking accounts and 100 deposits, each lost if its proposal fails or is
	/// cancelled as spam.
	type MaxProposalsPerAccount = ConstU32<3>;
	/// As large as a preimage may be.
	type MaxProposalLen = ConstU32<{ 4 * 1024 * 1024 }>;
	type CountPageSize = ConstU32<256>;
	/// Bonded MC is recounted every 10 minutes (plus the count's own pages).
	type RecountInterval = ConstU32<{ 10 * MINUTES }>;
	type DefaultParameters = DefaultGovernanceParameters;
	type WeightInfo = pallet_governance::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The most a spend by the Ecosystem Committee (half) may pay.
	pub const EcosystemSpendCap: Balance = ECOSYSTEM_SPEND_CAP;
	/// The most a spend by the Community Committee (half) may pay.
	pub const CommunitySpendCap: Balance = COMMUNITY_SPEND_CAP;
	/// The most a spend by the Foundation (two thirds) may pay.
	pub const FoundationSpendCap: Balance = FOUNDATION_SPEND_CAP;
}

/// Who may spend from the treasury through `treasury.spend`: a referendum, anything. The
/// bodies spend through `governance.spend`, within a budget per spend period
/// ([`BodySpender`]), so that repeated spends cannot add up past it.
pub type TreasurySpender = frame_system::EnsureRootWithSuccess<AccountId, MaxBalance>;

parameter_types! {
	/// The Foundation's treasury budget per spend period.
	pub const FoundationBudget: (pallet_governance::Spender, Balance) =
		(pallet_governance::Spender::Foundation, FOUNDATION_SPEND_CAP);
	/// The Ecosystem Committee's treasury budget per spend period.
	pub const EcosystemBudget: (pallet_governance::Spender, Balance) =
		(pallet_governance::Spender::Ecosystem, ECOSYSTEM_SPEND_CAP);
	/// The Community Committee's treasury budget per spend period.
	pub const CommunityBudget: (pallet_governance::Spender, Balance) =
		(pallet_governance::Spender::Community, COMMUNITY_SPEND_CAP);
}

/// The bodies that spend from the treasury (`governance.spend`) and their budgets per spend
/// period (`TREASURY_SPEND_PERIOD`, 30 days): the Foundation (2/3) `FoundationSpendCap`, the
/// Ecosystem Committee (1/2) `EcosystemSpendCap`, the Community Committee (1/2)
/// `CommunitySpendCap`.
pub type BodySpender = EitherOf<
	EnsureWithSuccess<FoundationTwoThirds, AccountId, FoundationBudget>,
	EitherOf<
		EnsureWithSuccess<EcosystemHalf, AccountId, EcosystemBudget>,
		EnsureWithSuccess<CommunityHalf, AccountId, CommunityBudget>,
	>,
>;
