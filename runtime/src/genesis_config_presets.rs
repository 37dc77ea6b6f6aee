//! Genesis presets `development` and `local_testnet` (development keyring), and the genesis
//! of the public test network from its operators' keys ([`testnet_genesis`], written by the
//! launch kit: there is no `testnet` preset, since a preset cannot hold keys that appear
//! nowhere in the repository).
//!
//! Every preset creates exactly [`TOTAL_SUPPLY`] (10 billion MC), split as the whitepaper says:
//!
//! | Share | Allocation                              | Account                          |
//! |-------|-----------------------------------------|----------------------------------|
//! | 60%   | incentive pool                          | keyless, from the pool's PalletId|
//! | 20%   | private sale                            | preset accounts (validator stashes among them) |
//! | 10%   | foundation                              | preset account (1 MC of it seeds the treasury) |
//! | 5%    | promotion pool                          | preset account                   |
//! | 4%    | market promotion and operations         | preset account                   |
//! | 1%    | IDO                                     | preset account                   |
//!
//! The treasury account must exist at genesis (pallet-treasury would otherwise mint its
//! existential deposit); its 1 MC comes out of the foundation's share, and the existential
//! deposits of the pots the pool funds (staking rewards, device rewards, workload budgets) out
//! of the pool's (each pallet moves its own at genesis).

use crate::{
	configs::{
		DefaultCreditParameters, DefaultDelegationParameters, DefaultGovernanceParameters,
		DefaultMusdParameters, DefaultOracleParameters, DefaultWorkloadParameters,
	},
	currency::*,
	AccountId, AnchoringConfig, BabeConfig, Balance, BalancesConfig, ChainTimingConfig,
	CommunityMembershipConfig, CreditConfig, CreditDelegationConfig, EcosystemMembershipConfig,
	FoundationMembershipConfig, GovernanceConfig, IncentivePoolConfig, MusdConfig,
	PriceOracleConfig, Runtime, RuntimeGenesisConfig, SessionConfig, SessionKeys, StakingConfig,
	SudoConfig, TechnicalMembershipConfig, WorkloadConfig,
};
use alloc::{string::String, vec, vec::Vec};
use frame_support::{build_struct_json_patch, BoundedVec};
use metachain_primitives::work::MUSD;
use pallet_musd::ServedBy;
use serde_json::Value;
use sp_consensus_babe::AuthorityId as BabeId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

pub use crate::economy::{
	allocation, DEVICE_FREE, GENESIS_ANNUAL_EMISSION, MIN_NOMINATOR_BOND, MIN_VALIDATOR_BOND,
	VALIDATOR_BOND, VALIDATOR_FREE,
};

/// A genesis validator: its stash (which is also its controller) and its session keys.
#[derive(Clone)]
pub struct Validator {
	/// The stash account, bonded with [`VALIDATOR_BOND`].
	pub stash: AccountId,
	/// The BABE key.
	pub babe: BabeId,
	/// The GRANDPA key.
	pub grandpa: GrandpaId,
}

/// Who holds the genesis shares of a network.
#[derive(Clone)]
pub struct GenesisAccounts {
	/// Private sale buyers with fixed amounts (validator stashes are added to these).
	pub private_sale: Vec<(AccountId, Balance)>,
	/// The private sale buyer who receives the rest of the 20%.
	pub private_sale_rest: AccountId,
	/// The foundation.
	pub foundation: AccountId,
	/// The promotion pool.
	pub promotion_pool: AccountId,
	/// Market promotion and operations.
	pub market_operations: AccountId,
	/// The IDO.
	pub ido: AccountId,
}

/// The timing of a network: BABE epoch length, sessions per era, bonding and slash deferral.
pub struct Timing {
	/// Slots (6 s) per epoch; an epoch is a session.
	pub epoch_duration: u64,
	/// Sessions per era.
	pub sessions_per_era: u32,
	/// Eras of bonding after `unbond`.
	pub bonding_duration: u32,
	/// Eras a slash waits before it applies.
	pub slash_defer_duration: u32,
}

/// The genesis balances: exactly 10 billion MC in the shares of [`allocation`].
///
/// Validator stashes are funded out of the private sale. The result never lists an account
/// twice.
pub fn genesis_balances(
	accounts: &GenesisAccounts,
	validators: &[Validator],
) -> Vec<(AccountId, Balance)> {
	let mut private: Vec<(AccountId, Balance)> =
		validators.iter().map(|v| (v.stash.clone(), VALIDATOR_BOND + VALIDATOR_FREE)).collect();
	private.extend(accounts.private_sale.iter().cloned());
	let fixed: Balance = private.iter().map(|(_, b)| *b).sum();
	assert!(fixed < allocation::PRIVATE_SALE, "private sale overcommitted");
	private.push((accounts.private_sale_rest.clone(), allocation::PRIVATE_SALE - fixed));

	let mut balances = vec![
		(crate::IncentivePool::account_id(), allocation::INCENTIVE_POOL),
		(accounts.foundation.clone(), allocation::FOUNDATION - EXISTENTIAL_DEPOSIT),
		(crate::Treasury::account_id(), EXISTENTIAL_DEPOSIT),
		(accounts.promotion_pool.clone(), allocation::PROMOTION_POOL),
		(accounts.market_operations.clone(), allocation::MARKET_OPERATIONS),
		(accounts.ido.clone(), allocation::IDO),
	];
	balances.extend(private);
	let mut seen = balances.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>();
	seen.sort();
	seen.dedup();
	assert_eq!(seen.len(), balances.len(), "an account appears twice in the genesis balances");
	balances
}

fn session_keys(babe: BabeId, grandpa: GrandpaId) -> SessionKeys {
	SessionKeys { babe, grandpa }
}

/// The rules of the proof-of-credit layer of a network, and its genesis devices.
pub struct CreditGenesis {
	/// The credit rules.
	pub credit: pallet_credit::ParamsOf<Runtime>,
	/// The delegation rules.
	pub delegation: pallet_credit_delegation::ParamsOf<Runtime>,
	/// Devices registered at genesis (funded out of the private sale with their deposit and
	/// [`DEVICE_FREE`]), each with the validator stash it delegates to.
	pub devices: Vec<(AccountId, AccountId)>,
}

/// The MUSD layer of a network: the oracle, its feeders, services and workload settlement.
pub struct MusdGenesis {
	/// The oracle's rules.
	pub oracle: pallet_price_oracle::ParamsOf<Runtime>,
	/// Accounts that feed the MC/USD price.
	pub feeders: Vec<AccountId>,
	/// The MUSD rules.
	pub musd: pallet_musd::ParamsOf<Runtime>,
	/// The workload settlement rules.
	pub workload: pallet_workload::ParamsOf<Runtime>,
}

/// The referendum rules of a network (`governance.parameters`).
pub type GovernanceRules = pallet_governance::ParamsOf<Runtime>;

/// The governance of a network: the referendum rules and the genesis members of each body.
pub struct GovernanceGenesis {
	/// Deposit, voting period bounds, enactment delay.
	pub params: pallet_governance::ParamsOf<Runtime>,
	/// The Foundation.
	pub foundation: Vec<AccountId>,
	/// The Technical Committee.
	pub technical: Vec<AccountId>,
	/// The Community Committee.
	pub community: Vec<AccountId>,
	/// The Ecosystem Construction Committee.
	pub ecosystem: Vec<AccountId>,
}

fn members(
	accounts: Vec<AccountId>,
) -> BoundedVec<AccountId, frame_support::traits::ConstU32<{ crate::configs::MAX_MEMBERS }>> {
	assert!(accounts.len() as u32 <= crate::configs::MAX_MEMBERS, "too many members");
	BoundedVec::truncate_from(accounts)
}

/// TracChain anchoring of a network: its rules, relayers, threshold, targets.
pub struct AnchoringGenesis {
	/// The rules: blocks per checkpoint, relayers' bond age and liveness.
	pub params: pallet_anchoring::ParamsOf<crate::Runtime>,
	/// The relayers.
	pub relayers: Vec<AccountId>,
	/// Matching attestations that anchor a checkpoint.
	pub threshold: u32,
	/// Where checkpoints are anchored.
	pub targets: Vec<pallet_anchoring::AnchorTarget>,
}

/// A genesis service as the MUSD pallet's genesis takes it.
pub type GenesisService = (
	pallet_musd::ServiceId,
	BoundedVec<u8, <Runtime as pallet_musd::Config>::MaxServiceNameLen>,
	metachain_primitives::work::Musd,
	ServedBy,
);

/// The services every network starts with: DVPN traffic (service 1, 0.05 MUSD per GB, served
/// by DVPN clients) and smart-gateway relaying (service 2, 0.01 MUSD per hour, served by smart
/// gateways). The names are far below `MaxServiceNameLen` (64); `runtime/tests/musd.rs`
/// checks they arrive whole.
pub fn genesis_services() -> Vec<GenesisService> {
	vec![
		(
			1,
			BoundedVec::truncate_from(b"DVPN traffic (per GB)".to_vec()),
			MUSD / 20,
			ServedBy { dvpn_client: true, smart_gateway: false },
		),
		(
			2,
			BoundedVec::truncate_from(b"Smart gateway relay (per hour)".to_vec()),
			MUSD / 100,
			ServedBy { dvpn_client: false, smart_gateway: true },
		),
	]
}

/// The genesis configuration of a network, as a JSON patch over the defaults. One argument per
/// domain of the chain, each a struct of its own.
#[allow(clippy::too_many_arguments)]
pub fn metachain_genesis(
	validators: Vec<Validator>,
	mut accounts: GenesisAccounts,
	timing: Timing,
	invulnerables: Vec<AccountId>,
	sudo: Option<AccountId>,
	poc: CreditGenesis,
	musd: MusdGenesis,
	governance: GovernanceGenesis,
	anchoring: AnchoringGenesis,
) -> Value {
	let credit = poc.credit;
	let device_funds = credit.device_deposit + DEVICE_FREE;
	accounts
		.private_sale
		.extend(poc.devices.iter().map(|(device, _)| (device.clone(), device_funds)));
	let devices = poc
		.devices
		.iter()
		.map(|(device, _)| (device.clone(), metachain_primitives::credit::DeviceKind::SmartGateway))
		.collect::<Vec<_>>();
	let balances = genesis_balances(&accounts, &validators);
	let validator_count = validators.len() as u32;
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		babe: BabeConfig { epoch_config: crate::time::BABE_GENESIS_EPOCH_CONFIG },
		chain_timing: ChainTimingConfig {
			epoch_duration: timing.epoch_duration,
			sessions_per_era: timing.sessions_per_era,
			bonding_duration: timing.bonding_duration,
			slash_defer_duration: timing.slash_defer_duration,
		},
		incentive_pool: IncentivePoolConfig { params: Some(crate::economy::pool_rules()) },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| {
					(
						v.stash.clone(),
						v.stash.clone(),
						session_keys(v.babe.clone(), v.grandpa.clone()),
					)
				})
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			validator_count,
			minimum_validator_count: 1,
			invulnerables,
			slash_reward_fraction: crate::economy::SLASH_REWARD_FRACTION,
			stakers: validators
				.iter()
				.map(|v| {
					(
						v.stash.clone(),
						v.stash.clone(),
						VALIDATOR_BOND,
						pallet_staking::StakerStatus::<AccountId>::Validator,
					)
				})
				.collect::<Vec<_>>(),
			min_validator_bond: MIN_VALIDATOR_BOND,
			min_nominator_bond: MIN_NOMINATOR_BOND,
		},
		sudo: SudoConfig { key: sudo },
		credit: CreditConfig { params: Some(credit), devices },
		credit_delegation: CreditDelegationConfig {
			params: Some(poc.delegation),
			delegations: poc.devices,
		},
		price_oracle: PriceOracleConfig {
			feeders: musd.feeders,
			params: Some(musd.oracle),
			initial_price: None,
		},
		musd: MusdConfig { params: Some(musd.musd), services: genesis_services() },
		workload: WorkloadConfig { params: Some(musd.workload) },
		foundation_membership: FoundationMembershipConfig {
			members: members(governance.foundation),
		},
		technical_membership: TechnicalMembershipConfig { members: members(governance.technical) },
		community_membership: CommunityMembershipConfig { members: members(governance.community) },
		ecosystem_membership: EcosystemMembershipConfig { members: members(governance.ecosystem) },
		governance: GovernanceConfig { params: Some(governance.params) },
		anchoring: AnchoringConfig {
			params: Some(anchoring.params),
			relayers: anchoring.relayers,
			threshold: Some(anchoring.threshold),
			targets: anchoring.targets,
		},
	})
}

/// A validator from the development keyring: stash `//<Name>//stash`, session keys of
/// `//<Name>` (the accounts zombienet derives for a node of that name).
pub fn dev_validator(sr: Sr25519Keyring, stash: Sr25519Keyring, ed: Ed25519Keyring) -> Validator {
	Validator {
		stash: stash.to_account_id(),
		babe: sr.public().into(),
		grandpa: ed.public().into(),
	}
}

fn alice() -> Validator {
	dev_validator(Sr25519Keyring::Alice, Sr25519Keyring::AliceStash, Ed25519Keyring::Alice)
}
fn bob() -> Validator {
	dev_validator(Sr25519Keyring::Bob, Sr25519Keyring::BobStash, Ed25519Keyring::Bob)
}
fn charlie() -> Validator {
	dev_validator(Sr25519Keyring::Charlie, Sr25519Keyring::CharlieStash, Ed25519Keyring::Charlie)
}
fn dave() -> Validator {
	dev_validator(Sr25519Keyring::Dave, Sr25519Keyring::DaveStash, Ed25519Keyring::Dave)
}

/// Genesis holders from the development keyring: Alice the foundation, Bob the private sale,
/// Charlie the promotion pool, Dave market operations, Eve the IDO.
fn dev_accounts() -> GenesisAccounts {
	GenesisAccounts {
		private_sale: vec![],
		private_sale_rest: Sr25519Keyring::Bob.to_account_id(),
		foundation: Sr25519Keyring::Alice.to_account_id(),
		promotion_pool: Sr25519Keyring::Charlie.to_account_id(),
		market_operations: Sr25519Keyring::Dave.to_account_id(),
		ido: Sr25519Keyring::Eve.to_account_id(),
	}
}

/// Short eras so tests see era changes within minutes: 10-slot (1 minute) sessions, 2 sessions
/// per era (2 minutes), bonding for 3 eras, slashes deferred 2 eras.
fn dev_timing() -> Timing {
	Timing { epoch_duration: 10, sessions_per_era: 2, bonding_duration: 3, slash_defer_duration: 2 }
}

/// Credit rules of the development and local chains: the testnet's, with credit periods of 5
/// blocks (30 s), deregistration after 60 blocks (the slash window), invitations open for 100 blocks, and the
/// inviting and reward thresholds at the initial credit (60), so that a new device may invite
/// and delegate at once and tests see periods pass, credit rise and decay within minutes. The
/// decay floor is 0 (it must stay below the reward threshold, here the initial credit); inviter
/// bonuses vest after 2 periods (10 blocks) and a withdrawn account waits 20 blocks.
fn dev_credit() -> pallet_credit::ParamsOf<Runtime> {
	let mut p = DefaultCreditParameters::get();
	p.credit_period = 5;
	// Every slash a device may owe lands within the slash deferral (2 eras of 20 blocks) and
	// the offence's era: 60 blocks.
	p.deregister_delay = 60;
	p.invite_expiry = 100;
	p.min_inviter_credit = p.initial_credit;
	p.min_reward_credit = p.initial_credit;
	p.decay_floor = 0;
	p.invite_vesting_periods = 2;
	p.reregister_cooldown = 20;
	p
}

/// Delegation rules of the development chain: the testnet's, with a 10-block redelegation
/// cooldown.
fn dev_delegation() -> pallet_credit_delegation::ParamsOf<Runtime> {
	let mut p = DefaultDelegationParameters::get();
	p.redelegate_cooldown = 10;
	p
}

/// The development chain's proof-of-credit layer: no genesis devices; any candidate with the
/// minimum bond is electable (`MinValidatorBacking` 0).
fn dev_poc() -> CreditGenesis {
	CreditGenesis { credit: dev_credit(), delegation: dev_delegation(), devices: vec![] }
}

/// The local test network's proof-of-credit layer: the development rules with hour-long credit
/// periods, `MinValidatorBacking` of one and a half deposits (150 MC), and four genesis devices
/// (60 credit, level 0, the 100 MC deposit: each weighs 100 MC) backing Alice (Ferdie, Ferdie's
/// stash) and Bob (One, Two) with 200 MC each. Charlie has no backing, so the first proof-of-credit election
/// (era 1) drops it until two devices back it.
///
/// Genesis devices count for two credit periods (two hours) without heartbeats; a network run
/// longer needs their heartbeats (or other devices) to keep Alice and Bob electable.
fn local_poc() -> CreditGenesis {
	let mut credit = dev_credit();
	credit.credit_period = crate::time::HOURS;
	let mut delegation = dev_delegation();
	delegation.min_validator_backing = 3 * crate::economy::DEVICE_DEPOSIT / 2;
	let alice = alice().stash;
	let bob = bob().stash;
	CreditGenesis {
		credit,
		delegation,
		devices: vec![
			(Sr25519Keyring::Ferdie.to_account_id(), alice.clone()),
			(Sr25519Keyring::FerdieStash.to_account_id(), alice),
			(Sr25519Keyring::One.to_account_id(), bob.clone()),
			(Sr25519Keyring::Two.to_account_id(), bob),
		],
	}
}

/// The MUSD layer of the development and local chains: Alice, Bob and Charlie feed prices
/// (2 fresh submissions make a price, fresh for 100 blocks = 10 minutes); orders may be closed
/// after 20 blocks; settlement days of 10 blocks (1 minute), claimable for 30 days.
fn dev_musd() -> MusdGenesis {
	let mut oracle = DefaultOracleParameters::get();
	oracle.min_feeders = 2;
	oracle.staleness_window = 100;
	let mut musd = DefaultMusdParameters::get();
	musd.order_expiry = 20;
	let mut workload = DefaultWorkloadParameters::get();
	workload.settlement_period = 10;
	MusdGenesis {
		oracle,
		feeders: vec![
			Sr25519Keyring::Alice.to_account_id(),
			Sr25519Keyring::Bob.to_account_id(),
			Sr25519Keyring::Charlie.to_account_id(),
		],
		musd,
		workload,
	}
}

/// The bodies of the development, local and public test networks, from the development
/// keyring: Foundation Alice, Bob, Charlie; Technical Committee Bob, Charlie, Dave; Community
/// Committee Charlie, Dave, Eve; Ecosystem Committee Alice, Dave, Eve.
fn dev_bodies(params: pallet_governance::ParamsOf<Runtime>) -> GovernanceGenesis {
	use Sr25519Keyring::*;
	let ids = |ks: &[Sr25519Keyring]| ks.iter().map(|k| k.to_account_id()).collect::<Vec<_>>();
	GovernanceGenesis {
		params,
		foundation: ids(&[Alice, Bob, Charlie]),
		technical: ids(&[Bob, Charlie, Dave]),
		community: ids(&[Charlie, Dave, Eve]),
		ecosystem: ids(&[Alice, Dave, Eve]),
	}
}

/// Referendum rules of the development and local chains: a deposit of 100 MC, voting periods
/// from 10 blocks (1 minute) to 7 days, the testnet's turnouts and approvals, confirmations of
/// 2 (general, parameter) to 5 blocks (root), enactment 2 or 3 blocks after approval.
fn dev_governance() -> GovernanceGenesis {
	let mut params = DefaultGovernanceParameters::get();
	params.submission_deposit = 100 * MC;
	params.min_voting_period = 10;
	params.joint_upgrade_delay = 20;
	for (rules, confirmation, delay) in [
		(&mut params.general, 2, 2),
		(&mut params.parameter, 2, 2),
		(&mut params.spend, 3, 2),
		(&mut params.membership, 4, 3),
		(&mut params.upgrade, 4, 3),
		(&mut params.root, 5, 3),
	] {
		rules.confirmation = confirmation;
		rules.enactment_delay = delay;
	}
	dev_bodies(params)
}

/// The anchoring targets of the development and local chains: a local Ethereum development node
/// (anvil's chain id 31337) and Bitcoin regtest.
fn dev_targets() -> Vec<pallet_anchoring::AnchorTarget> {
	use pallet_anchoring::{AnchorTarget, BitcoinNetwork};
	vec![
		AnchorTarget::Ethereum { chain_id: 31337 },
		AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest },
	]
}

/// Anchoring of the development chain: a checkpoint every 5 blocks (30 seconds), Eve the one
/// relayer (threshold 1), a bond signing once 10 blocks old.
fn dev_anchoring() -> AnchoringGenesis {
	AnchoringGenesis {
		params: pallet_anchoring::AnchoringParams {
			checkpoint_interval: 5,
			relayer_bond_age: 10,
			..crate::economy::anchoring_rules()
		},
		relayers: vec![Sr25519Keyring::Eve.to_account_id()],
		threshold: 1,
		targets: dev_targets(),
	}
}

/// Anchoring of the local test network: a checkpoint every 50 blocks (5 minutes), relayers
/// Dave, Eve and Ferdie, two of whom must agree, a bond signing once 100 blocks (10 minutes)
/// old.
fn local_anchoring() -> AnchoringGenesis {
	use Sr25519Keyring::*;
	AnchoringGenesis {
		params: pallet_anchoring::AnchoringParams {
			checkpoint_interval: 50,
			relayer_bond_age: 100,
			..crate::economy::anchoring_rules()
		},
		relayers: [Dave, Eve, Ferdie].iter().map(|k| k.to_account_id()).collect(),
		threshold: 2,
		targets: dev_targets(),
	}
}

/// Single validator (Alice), sudo Alice: the development chain.
pub fn development_config_genesis() -> Value {
	let alice = alice();
	// No invulnerables: the end-to-end tests slash Alice (a root `staking.manualSlash`) to show
	// her devices paying their share. Staking disables no validator of a set of one.
	let invulnerables = vec![];
	metachain_genesis(
		vec![alice],
		dev_accounts(),
		dev_timing(),
		invulnerables,
		Some(Sr25519Keyring::Alice.to_account_id()),
		dev_poc(),
		dev_musd(),
		dev_governance(),
		dev_anchoring(),
	)
}

/// Alice, Bob and Charlie as staked validators; no sudo.
pub fn local_testnet_genesis() -> Value {
	metachain_genesis(
		vec![alice(), bob(), charlie()],
		dev_accounts(),
		dev_timing(),
		vec![],
		None,
		local_poc(),
		dev_musd(),
		dev_governance(),
		local_anchoring(),
	)
}

/// The operators of a network launched with the launch kit (the node's `--chain
/// operators:<file>`, `scripts/launch-kit.sh`): every key and account its genesis names, each
/// sent in by the operator who holds its secret. Nothing here comes from the development
/// keyring; [`NetworkOperators::check`] refuses what would make a network that cannot run or
/// that one party controls by accident (no validator, an empty body, a key given twice).
#[derive(Clone)]
pub struct NetworkOperators {
	/// The genesis validators, each bonded with [`VALIDATOR_BOND`] out of the private sale.
	pub validators: Vec<Validator>,
	/// Who holds the genesis shares.
	pub accounts: GenesisAccounts,
	/// The Foundation.
	pub foundation: Vec<AccountId>,
	/// The Technical Committee.
	pub technical: Vec<AccountId>,
	/// The Community Committee.
	pub community: Vec<AccountId>,
	/// The Ecosystem Construction Committee.
	pub ecosystem: Vec<AccountId>,
	/// The accounts that feed the MC/USD price (at least the oracle's `min_feeders`).
	pub feeders: Vec<AccountId>,
	/// The anchoring relayers (may be empty: the Technical Committee appoints them later).
	pub relayers: Vec<AccountId>,
	/// Matching relayer attestations that anchor a checkpoint (1 when there are no relayers).
	pub relayer_threshold: u32,
	/// The referendum rules, when not the testnet's ([`crate::economy::governance_rules`]):
	/// a short-lived test network may shorten its periods.
	pub governance: Option<pallet_governance::ParamsOf<Runtime>>,
}

impl NetworkOperators {
	/// Whether a network can start from these operators: at least one validator, with distinct
	/// stashes and session keys; every body between 1 and `MAX_MEMBERS` members, none twice;
	/// at least the oracle's `min_feeders` feeders, none twice; a relayer threshold between 1
	/// and the number of relayers (1 with none); referendum rules the governance pallet
	/// accepts; the private sale not overcommitted; no account holding two genesis shares.
	pub fn check(&self) -> Result<(), String> {
		fn distinct<T: Ord + Clone>(what: &str, items: &[T]) -> Result<(), String> {
			let mut sorted = items.to_vec();
			sorted.sort();
			sorted.dedup();
			if sorted.len() != items.len() {
				return Err(alloc::format!("{what}: the same key appears twice"));
			}
			Ok(())
		}
		if self.validators.is_empty() {
			return Err("validators: a network needs at least one".into());
		}
		distinct(
			"validators' stashes",
			&self.validators.iter().map(|v| v.stash.clone()).collect::<Vec<_>>(),
		)?;
		distinct(
			"validators' BABE keys",
			&self.validators.iter().map(|v| v.babe.clone()).collect::<Vec<_>>(),
		)?;
		distinct(
			"validators' GRANDPA keys",
			&self.validators.iter().map(|v| v.grandpa.clone()).collect::<Vec<_>>(),
		)?;
		for (name, body) in [
			("bodies.foundation", &self.foundation),
			("bodies.technical", &self.technical),
			("bodies.community", &self.community),
			("bodies.ecosystem", &self.ecosystem),
		] {
			if body.is_empty() || body.len() as u32 > crate::configs::MAX_MEMBERS {
				return Err(alloc::format!(
					"{name}: between 1 and {} members",
					crate::configs::MAX_MEMBERS
				));
			}
			distinct(name, body)?;
		}
		if self
			.governance
			.as_ref()
			.is_some_and(|rules| !pallet_governance::Pallet::<Runtime>::params_valid(rules))
		{
			return Err("governance: rules the governance pallet refuses (voting periods, a \
				joint upgrade delay too short for a veto, or class rules out of order)"
				.into());
		}
		let min_feeders = DefaultOracleParameters::get().min_feeders as usize;
		if self.feeders.len() < min_feeders {
			return Err(alloc::format!(
				"feeders: the oracle needs at least {min_feeders} to make a price"
			));
		}
		distinct("feeders", &self.feeders)?;
		distinct("relayers", &self.relayers)?;
		let most = self.relayers.len().max(1) as u32;
		if self.relayer_threshold == 0 || self.relayer_threshold > most {
			return Err(alloc::format!("relayerThreshold: between 1 and {most}"));
		}
		let fixed = self.accounts.private_sale.iter().fold(
			self.validators.len() as u128 * (VALIDATOR_BOND + VALIDATOR_FREE),
			|sum, (_, b)| sum.saturating_add(*b),
		);
		if fixed >= allocation::PRIVATE_SALE {
			return Err("allocations.privateSale: more than the private sale's 20%".into());
		}
		let a = &self.accounts;
		let mut holders = vec![
			a.foundation.clone(),
			a.promotion_pool.clone(),
			a.market_operations.clone(),
			a.ido.clone(),
			a.private_sale_rest.clone(),
			crate::IncentivePool::account_id(),
			crate::Treasury::account_id(),
		];
		holders.extend(a.private_sale.iter().map(|(who, _)| who.clone()));
		holders.extend(self.validators.iter().map(|v| v.stash.clone()));
		distinct("allocations (an account may hold one genesis share)", &holders)
	}
}

/// The public test network (and any network launched with the launch kit) on its operators'
/// keys: 4-hour sessions, day-long eras (one credit period, so a device that stops reporting
/// stops backing its validator within an era), 7-era (7-day) bonding, slashes deferred 6 eras;
/// no sudo; the default rules of every pallet; day-long to week-long referenda; hourly
/// checkpoints anchored on Ethereum Sepolia and Bitcoin testnet4.
///
/// Callers check the operators first ([`NetworkOperators::check`]); the genesis asserts what
/// it needs.
pub fn testnet_genesis(operators: NetworkOperators) -> Value {
	let NetworkOperators {
		validators,
		accounts,
		foundation,
		technical,
		community,
		ecosystem,
		feeders,
		relayers,
		relayer_threshold,
		governance,
	} = operators;
	metachain_genesis(
		validators,
		accounts,
		Timing {
			epoch_duration: 4 * 600,
			sessions_per_era: 6,
			bonding_duration: 7,
			slash_defer_duration: 6,
		},
		vec![],
		None,
		CreditGenesis {
			credit: DefaultCreditParameters::get(),
			delegation: DefaultDelegationParameters::get(),
			devices: vec![],
		},
		MusdGenesis {
			oracle: DefaultOracleParameters::get(),
			feeders,
			musd: DefaultMusdParameters::get(),
			workload: DefaultWorkloadParameters::get(),
		},
		GovernanceGenesis {
			params: governance.unwrap_or_else(DefaultGovernanceParameters::get),
			foundation,
			technical,
			community,
			ecosystem,
		},
		AnchoringGenesis {
			params: crate::economy::anchoring_rules(),
			relayers,
			threshold: relayer_threshold,
			targets: vec![
				pallet_anchoring::AnchorTarget::Ethereum { chain_id: 11_155_111 },
				pallet_anchoring::AnchorTarget::Bitcoin {
					network: pallet_anchoring::BitcoinNetwork::Testnet4,
				},
			],
		},
	)
}

/// The development keyring as a network's operators, for tests of the testnet's rules and of
/// the refusal of well-known keys: validators Alice, Bob, Charlie and Dave (stashes
/// `//<Name>//stash`), holders as on the development chain, the development bodies, feeders
/// Alice to Dave, no relayers. Never a live network's genesis: the node refuses it.
pub fn keyring_operators() -> NetworkOperators {
	use Sr25519Keyring::*;
	let ids = |ks: &[Sr25519Keyring]| ks.iter().map(|k| k.to_account_id()).collect::<Vec<_>>();
	let bodies = dev_bodies(DefaultGovernanceParameters::get());
	NetworkOperators {
		validators: vec![alice(), bob(), charlie(), dave()],
		accounts: dev_accounts(),
		foundation: bodies.foundation,
		technical: bodies.technical,
		community: bodies.community,
		ecosystem: bodies.ecosystem,
		feeders: ids(&[Alice, Bob, Charlie, Dave]),
		relayers: vec![],
		relayer_threshold: 1,
		governance: None,
	}
}

/// The id of the benchmarking preset (built with `runtime-benchmarks` only).
#[cfg(feature = "runtime-benchmarks")]
pub const BENCHMARK_PRESET: &str = "benchmark";

/// The development chain with staking's minimum bonds at zero: the genesis of the stock
/// pallets' benchmarks (`scripts/benchmark.sh`), whose stakers bond ten existential deposits.
#[cfg(feature = "runtime-benchmarks")]
pub fn benchmark_genesis() -> Value {
	let mut genesis = development_config_genesis();
	genesis["staking"]["minNominatorBond"] = Value::from(0);
	genesis["staking"]["minValidatorBond"] = Value::from(0);
	genesis
}

/// The preset with the given id, as JSON.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		#[cfg(feature = "runtime-benchmarks")]
		BENCHMARK_PRESET => benchmark_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(String::into_bytes)
}

/// The ids of the presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		#[cfg(feature = "runtime-benchmarks")]
		PresetId::from(BENCHMARK_PRESET),
	]
}
