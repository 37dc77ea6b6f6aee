//! Every number of MetaChain's economy, with a doc line each.
//!
//! The pallet configurations (`configs/`) and the genesis presets take their numbers from here;
//! the READMEs' parameter tables are generated from the presets (`runtime/tests/docs.rs` fails
//! when one drifts). The default rules below are the public testnet's; the development and local
//! presets shorten periods (see `genesis_config_presets.rs`).

use crate::{
	currency::{deposit, MC, MICRO_MC, MILLI_MC, TOTAL_SUPPLY},
	time::{DAYS, HOURS},
	Balance, BlockNumber,
};
use sp_runtime::{Perbill, Permill};

// ---------------------------------------------------------------------------------------------
// Supply: 10 billion MC, never more
// ---------------------------------------------------------------------------------------------

/// The cap on total issuance, checked as an invariant by the incentive pool: 10 billion MC.
pub const MAX_SUPPLY: Balance = TOTAL_SUPPLY;

/// The genesis shares of the total supply (the whitepaper's allocation).
pub mod allocation {
	use super::*;

	/// 60%: the incentive pool, which pays every reward.
	pub const INCENTIVE_POOL: Balance = TOTAL_SUPPLY / 100 * 60;
	/// 20%: the private sale.
	pub const PRIVATE_SALE: Balance = TOTAL_SUPPLY / 100 * 20;
	/// 10%: the foundation.
	pub const FOUNDATION: Balance = TOTAL_SUPPLY / 100 * 10;
	/// 5%: the promotion pool (early-benefit mining of MetaChainVPN).
	pub const PROMOTION_POOL: Balance = TOTAL_SUPPLY / 100 * 5;
	/// 4%: market promotion and operations.
	pub const MARKET_OPERATIONS: Balance = TOTAL_SUPPLY / 100 * 4;
	/// 1%: the IDO.
	pub const IDO: Balance = TOTAL_SUPPLY / 100;

	const _: () = assert!(
		INCENTIVE_POOL + PRIVATE_SALE + FOUNDATION + PROMOTION_POOL + MARKET_OPERATIONS + IDO
			== TOTAL_SUPPLY
	);
}

// ---------------------------------------------------------------------------------------------
// Era rewards: out of the incentive pool, never minted
// ---------------------------------------------------------------------------------------------

/// The share of the incentive pool paid as era rewards per year, at genesis (pro rata per era).
pub const GENESIS_ANNUAL_EMISSION: Perbill = Perbill::from_percent(10);
/// The most governance may set the annual emission to: 20% of the pool a year.
pub const MAX_ANNUAL_EMISSION: Perbill = Perbill::from_percent(20);
/// The devices' share of each era's reward (paid to the devices that back the validators, by
/// credit); staking is paid the rest (40%).
pub const DEVICE_REWARD_SHARE: Perbill = Perbill::from_percent(60);
/// Eras for which staking rewards (and device rewards) can be claimed.
pub const HISTORY_DEPTH: u32 = 84;

/// The rules of the incentive pool.
pub fn pool_rules() -> pallet_incentive_pool::PoolParams {
	pallet_incentive_pool::PoolParams { annual_emission: GENESIS_ANNUAL_EMISSION }
}

// ---------------------------------------------------------------------------------------------
// Staking
// ---------------------------------------------------------------------------------------------

/// The MC bonded by each genesis validator.
pub const VALIDATOR_BOND: Balance = 1_000_000 * MC;
/// What a genesis validator's stash holds besides its bond, for fees.
pub const VALIDATOR_FREE: Balance = 1_000 * MC;
/// The least a validator must bond (staking's `MinValidatorBond`).
pub const MIN_VALIDATOR_BOND: Balance = 10_000 * MC;
/// The least a nominator must bond (staking's `MinNominatorBond`).
pub const MIN_NOMINATOR_BOND: Balance = 100 * MC;
/// The share of a slash paid to whoever reported the offence.
pub const SLASH_REWARD_FRACTION: Perbill = Perbill::from_percent(10);

// ---------------------------------------------------------------------------------------------
// Fees and the treasury
// ---------------------------------------------------------------------------------------------

/// The fee of a transaction of the base extrinsic weight (plus its length fee): 1 mMC.
pub const BASE_EXTRINSIC_FEE: Balance = MILLI_MC;
/// The length fee: 10 µMC per byte of a transaction.
pub const TRANSACTION_BYTE_FEE: Balance = 10 * MICRO_MC;
/// Operational transactions pay 5x the tip-equivalent priority.
pub const OPERATIONAL_FEE_MULTIPLIER: u8 = 5;
/// The treasury acts once every 30 days ...
pub const TREASURY_SPEND_PERIOD: BlockNumber = 30 * DAYS;
/// ... and burns 1% of its funds each time ("1% a month").
pub const TREASURY_BURN: Permill = Permill::from_percent(1);
/// The most one spend by the Foundation (two thirds) may pay.
pub const FOUNDATION_SPEND_CAP: Balance = 10_000_000 * MC;
/// The most one spend by the Ecosystem Committee (half) may pay.
pub const ECOSYSTEM_SPEND_CAP: Balance = 1_000_000 * MC;
/// The most one spend by the Community Committee (half) may pay.
pub const COMMUNITY_SPEND_CAP: Balance = 100_000 * MC;
/// A preimage holds this much plus [`PREIMAGE_BYTE_DEPOSIT`] per byte while it is stored.
pub const PREIMAGE_BASE_DEPOSIT: Balance = deposit(2, 64);
/// A preimage's deposit per byte.
pub const PREIMAGE_BYTE_DEPOSIT: Balance = MILLI_MC;

// ---------------------------------------------------------------------------------------------
// Proof of credit: devices and delegation
// ---------------------------------------------------------------------------------------------

/// MC per credit point bought back with `replenish_credit` (the whitepaper's 50 MC).
pub const CREDIT_PRICE: Balance = 50 * MC;
/// The collateral a device holds while registered, and so the least MC a device bonds: ten
/// million devices at the deposit hold a billion MC, a tenth of [`TOTAL_SUPPLY`] (checked by
/// `ten_million_devices_fit_a_tenth_of_the_supply` in runtime/tests/economy.rs).
pub const DEVICE_DEPOSIT: Balance = 100 * MC;
/// The share of a replenishment's price that goes to the incentive pool (and on to devices);
/// the rest is burnt.
pub const REPLENISH_REWARD_SHARE: Perbill = Perbill::from_percent(20);
/// Decay stops here (the whitepaper's "predefined threshold", §5.2.1): at a new device's
/// `initial_credit` (60). An honest device that goes offline never ends up below where a fresh
/// registration would start it, so deregistering and registering again to reset credit gains
/// nothing; and 60 is below `min_reward_credit` (100), so an offline device stops earning and
/// must work or buy credit back (`replenish_credit`) to earn again.
pub const DECAY_FLOOR: pallet_credit::CreditPoints = 60;
/// Credit periods (days on the testnet) an invitee must stay registered and active before its
/// inviter's bonus vests: a month. Inviting one's own accounts and cycling them through
/// registration (deregistration takes 7 days) gains nothing.
pub const INVITE_VESTING_PERIODS: pallet_credit::PeriodIndex = 30;
/// How long an account that withdrew its deposit waits before it may be invited again: 30 days.
pub const REREGISTER_COOLDOWN: BlockNumber = 30 * DAYS;
/// What a device's credit multiplies its bonded MC by at `max_credit` (the whitepaper's
/// "different staking rewards based on their credit level", §5.3.3): a device at the top level
/// weighs twice its bond, a new one its bond. Every unit of device weight is so backed by at
/// least half a unit of bonded MC.
pub const MAX_CREDIT_MULTIPLIER: u32 = 2;
/// Credit a device loses when the validator it backs is slashed, on top of the slashed share of
/// its bonded MC: a level (its multiplier falls with it).
pub const SLASH_CREDIT_PENALTY: pallet_credit::CreditPoints = 100;
/// Credit an inviter loses when a device it invited is slashed (§4.2): four invitations' bonus.
pub const INVITER_SLASH_PENALTY: pallet_credit::CreditPoints = 20;
/// The device backing (devices' bonded MC times their credit multipliers) a validator candidate
/// needs once governance turns the rule on (see [`delegation_rules`]): 10,000 MC, a hundred
/// devices at the deposit. Ten million devices spread over a thousand validators back each with
/// ten thousand devices on average.
pub const MIN_VALIDATOR_BACKING: Balance = 10_000 * MC;
/// The deposit a heartbeat relay holds while registered. Entries of its batches that the chain
/// skips are paid for out of it (the fee of their weight, about 1 MC for a full batch of
/// invalid entries); it submits a batch only while what is left pays for all of it being
/// skipped, and `register_relay` tops it up.
pub const RELAY_DEPOSIT: Balance = 1_000 * MC;
/// What a genesis device holds besides its deposit, for fees.
pub const DEVICE_FREE: Balance = 100 * MC;

/// The credit rules (the testnet's): a day per credit period; new devices start below the
/// reward threshold and earn their way up.
pub fn credit_rules() -> pallet_credit::ParamsOf<crate::Runtime> {
	pallet_credit::CreditParams {
		device_deposit: DEVICE_DEPOSIT,
		deregister_delay: 7 * DAYS,
		min_inviter_credit: 100,
		invite_expiry: 7 * DAYS,
		max_open_invites: 10,
		initial_credit: 60,
		inviter_bonus: 5,
		max_inviter_bonus_per_period: 20,
		credit_period: DAYS,
		uptime_credit: 1,
		max_credit: 10_000,
		max_work_credit_per_period: 20,
		decay_per_period: 2,
		decay_grace_periods: 1,
		credit_per_level: 100,
		min_reward_credit: 100,
		credit_price: CREDIT_PRICE,
		replenish_reward_share: REPLENISH_REWARD_SHARE,
		decay_floor: DECAY_FLOOR,
		invite_vesting_periods: INVITE_VESTING_PERIODS,
		reregister_cooldown: REREGISTER_COOLDOWN,
		max_credit_multiplier: MAX_CREDIT_MULTIPLIER,
		slash_credit_penalty: SLASH_CREDIT_PENALTY,
		inviter_slash_penalty: INVITER_SLASH_PENALTY,
		relay_deposit: RELAY_DEPOSIT,
	}
}

/// The delegation rules (the testnet's). A new network starts with `MinValidatorBacking` 0: no
/// device exists at genesis to back its validators, and an election nobody passes would stop
/// eras. Governance raises it (to [`MIN_VALIDATOR_BACKING`], say) once devices back the
/// validators; device weight adds election weight from the start.
pub fn delegation_rules() -> pallet_credit_delegation::ParamsOf<crate::Runtime> {
	pallet_credit_delegation::DelegationParams {
		redelegate_cooldown: 7 * DAYS,
		min_validator_backing: 0,
		credit_reward_share: DEVICE_REWARD_SHARE,
		reward_history_depth: HISTORY_DEPTH,
	}
}

// ---------------------------------------------------------------------------------------------
// MUSD and workload
// ---------------------------------------------------------------------------------------------

/// The most MC paid each settlement day from the incentive pool to the devices that did paid
/// work, pro rata to the MC burnt for their work (and never more than the pool may spare under
/// [`MAX_ANNUAL_EMISSION`] besides era rewards).
pub const DAILY_WORKLOAD_REWARD: Balance = 100_000 * MC;
/// A day's workload budget is at most this share of the MC burnt to mint the MUSD its work was
/// paid with, so a buyer and provider dealing with themselves lose at least 10% of what they
/// burn.
pub const WORK_REWARD_RATIO: Perbill = Perbill::from_percent(90);

/// The oracle's rules: a price needs 3 submissions younger than an hour, and moves at most 10%
/// an hour, however many submissions come in that hour.
pub fn oracle_rules() -> pallet_price_oracle::ParamsOf<crate::Runtime> {
	pallet_price_oracle::OracleParams {
		staleness_window: HOURS,
		min_feeders: 3,
		max_price_step: Perbill::from_percent(10),
		step_period: HOURS,
	}
}

/// The MUSD rules: mint from 1 MC, orders from 1 MUSD, unused budgets refundable after 7 days.
pub fn musd_rules() -> pallet_musd::ParamsOf<crate::Runtime> {
	pallet_musd::MusdParams { min_mint: MC, min_order: pallet_musd::MUSD, order_expiry: 7 * DAYS }
}

/// The workload rules: day-long settlement, at most [`DAILY_WORKLOAD_REWARD`] a day and
/// [`WORK_REWARD_RATIO`] of what the work cost, 1 credit point per MUSD of work (each paid for
/// with [`CREDIT_PRICE`] of its cost), 30 days to claim.
pub fn workload_rules() -> pallet_workload::ParamsOf<crate::Runtime> {
	pallet_workload::WorkloadParams {
		settlement_period: DAYS,
		daily_workload_reward: DAILY_WORKLOAD_REWARD,
		credit_per_musd: 1,
		history_depth: 30,
		work_reward_ratio: WORK_REWARD_RATIO,
	}
}

// ---------------------------------------------------------------------------------------------
// Governance
// ---------------------------------------------------------------------------------------------

/// How long an upgrade the Technical Committee and the Foundation approved jointly waits before
/// it is authorized, during which a referendum may veto it: the longest voting period, 7 days.
pub const JOINT_UPGRADE_DELAY: BlockNumber = 7 * DAYS;

/// The rules of one class of referenda: more than `turnout` percent of all bonded MC votes, more
/// than `approval` percent of the votes are ayes, kept for `confirmation` blocks; enacted
/// `enactment_delay` blocks after approval.
const fn class_rules(
	turnout: u32,
	approval: Perbill,
	confirmation: BlockNumber,
	enactment_delay: BlockNumber,
) -> pallet_governance::ClassRules<BlockNumber> {
	pallet_governance::ClassRules {
		turnout: Perbill::from_percent(turnout),
		approval,
		confirmation,
		enactment_delay,
	}
}

/// Two thirds, as an approval threshold (more than 666,666,667 parts per billion).
pub const TWO_THIRDS: Perbill = Perbill::from_parts(666_666_667);

/// The referendum rules (the testnet's): a deposit of 1,000 MC, voting periods of 1 to 7 days,
/// jointly approved upgrades vetoable for 7 days, and per class (turnout of all bonded MC,
/// approval of the votes cast, confirmation, enactment delay):
///
/// | class | turnout | approval | confirmation | enactment |
/// |---|---|---|---|---|
/// | general | 30% | 50% | 1 day | 1 day |
/// | parameter | 35% | 60% | 1 day | 1 day |
/// | spend | 40% | 60% | 2 days | 1 day |
/// | membership | 45% | 2/3 | 3 days | 2 days |
/// | upgrade | 50% | 2/3 | 3 days | 3 days |
/// | root | 60% | 75% | 4 days | 3 days |
pub fn governance_rules() -> pallet_governance::ParamsOf<crate::Runtime> {
	pallet_governance::GovernanceParams {
		submission_deposit: 1_000 * MC,
		min_voting_period: DAYS,
		max_voting_period: 7 * DAYS,
		joint_upgrade_delay: JOINT_UPGRADE_DELAY,
		general: class_rules(30, Perbill::from_percent(50), DAYS, DAYS),
		parameter: class_rules(35, Perbill::from_percent(60), DAYS, DAYS),
		spend: class_rules(40, Perbill::from_percent(60), 2 * DAYS, DAYS),
		membership: class_rules(45, TWO_THIRDS, 3 * DAYS, 2 * DAYS),
		upgrade: class_rules(50, TWO_THIRDS, 3 * DAYS, 3 * DAYS),
		root: class_rules(60, Perbill::from_percent(75), 4 * DAYS, 3 * DAYS),
	}
}

// ---------------------------------------------------------------------------------------------
// Anchoring
// ---------------------------------------------------------------------------------------------

/// The anchoring rules (the testnet's): a checkpoint every 600 blocks (one hour at 6 s); a
/// relayer signs once its bond is 72 hours old, sends a free heartbeat at most every 10 blocks
/// (one minute) and is silent after 30 blocks (three minutes) without a sign of life; each
/// round of a key generation stays open 10 blocks (one minute); each Bitcoin anchor pays
/// `BTC_ANCHOR_FEE`.
pub fn anchoring_rules() -> pallet_anchoring::ParamsOf<crate::Runtime> {
	pallet_anchoring::AnchoringParams {
		checkpoint_interval: 600,
		relayer_bond_age: 72 * HOURS,
		liveness_period: 10,
		silent_after: 30,
		dkg_round_blocks: 10,
		btc_fee: BTC_ANCHOR_FEE,
	}
}

/// Satoshis each of the group's Bitcoin anchors pays in fee: 1,000 sat, about 6 sat/vB for its
/// ~167 vB (one Taproot key-path input, a 45-byte `OP_RETURN` and the group's change).
pub const BTC_ANCHOR_FEE: u64 = 1_000;

/// The least MC a relayer bonds: as much as a validator (`MIN_VALIDATOR_BOND`), since a
/// threshold of relayers signs what two public chains will hold of MetaChain's history.
pub const MIN_RELAYER_BOND: Balance = MIN_VALIDATOR_BOND;

/// Blocks from a relayer's unbonding to the release of its bond: 7 days, in which a fault
/// found late is still punished from the bond.
pub const RELAYER_UNBOND_DELAY: BlockNumber = 7 * DAYS;
