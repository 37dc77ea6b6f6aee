import re, sys
R='/work/main/'
def edit(path, pairs):
    s=open(R+path).read()
    for old,new in pairs:
        if old not in s:
            sys.exit(f"{path}: not found: {old[:80]!r}")
        s=s.replace(old,new,1)
    open(R+path,'w').write(s)

# 1. runtime/Cargo.toml
s=open(R+'runtime/Cargo.toml').read()
s=s.replace('pallet-workload-runtime-api = { workspace = true }\n','pallet-workload-runtime-api = { workspace = true }\npallet-anchoring = { workspace = true }\npallet-anchoring-runtime-api = { workspace = true }\n',1)
s=s.replace('\t"pallet-workload-runtime-api/std",\n','\t"pallet-workload-runtime-api/std",\n\t"pallet-anchoring/std",\n\t"pallet-anchoring-runtime-api/std",\n',1)
s=s.replace('\t"pallet-workload/runtime-benchmarks",\n','\t"pallet-workload/runtime-benchmarks",\n\t"pallet-anchoring/runtime-benchmarks",\n',1)
s=s.replace('\t"pallet-workload/try-runtime",\n','\t"pallet-workload/try-runtime",\n\t"pallet-anchoring/try-runtime",\n',1)
assert s.count('pallet-anchoring')==6, s.count('pallet-anchoring')
open(R+'runtime/Cargo.toml','w').write(s)

# 2. configs.rs
with open(R+'runtime/src/configs.rs','a') as f:
    f.write('''
// ---------------------------------------------------------------------------------------------
// TracChain anchoring: checkpoints recorded on Ethereum and Bitcoin
// ---------------------------------------------------------------------------------------------

parameter_types! {
	/// A checkpoint every 600 blocks (one hour at 6 s) unless genesis or governance says
	/// otherwise.
	pub const DefaultCheckpointInterval: BlockNumber = 600;
}

/// The largest checkpoint interval: 1200 blocks, below `BlockHashCount` (2400), whose block
/// hashes a checkpoint reads.
pub const MAX_CHECKPOINT_INTERVAL: u32 = 1200;

impl pallet_anchoring::Config for Runtime {
	/// Relayers, threshold and targets: a referendum or Technical 2/3.
	type RelayerOrigin = ReferendumOrTechnical;
	/// The interval: a referendum or Technical 2/3.
	type ConfigOrigin = ReferendumOrTechnical;
	/// The reward pallets' digests: era emissions, device rewards, workload days.
	type Contributors = (crate::IncentivePool, crate::CreditDelegation, crate::Workload);
	type MaxRelayers = ConstU32<16>;
	type MaxTargets = ConstU32<8>;
	type MaxCheckpointInterval = ConstU32<MAX_CHECKPOINT_INTERVAL>;
	type DefaultCheckpointInterval = DefaultCheckpointInterval;
	type WeightInfo = pallet_anchoring::weights::SubstrateWeight<Runtime>;
}
''')

# 3. lib.rs: declared right after System so that its on_initialize runs before the reward
# pallets': a reward calculated in block `now` belongs to the next checkpoint's period.
edit('runtime/src/lib.rs', [('''	#[runtime::pallet_index(0)]
	pub type System = frame_system;
''','''	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	/// TracChain checkpoints. Right after System: its `on_initialize` closes the checkpoint of
	/// the blocks before this one before any reward pallet calculates in this block.
	#[runtime::pallet_index(36)]
	pub type Anchoring = pallet_anchoring;
''')])

# 4. apis.rs
edit('runtime/src/apis.rs', [('''	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {''','''	impl pallet_anchoring_runtime_api::AnchoringApi<Block, AccountId, BlockNumber> for Runtime {
		fn checkpoint(
			number: pallet_anchoring::CheckpointNumber,
		) -> Option<pallet_anchoring::CheckpointInfoOf<Runtime>> {
			Anchoring::checkpoint_info(number)
		}

		fn checkpoint_of_block(block: BlockNumber) -> Option<pallet_anchoring::CheckpointNumber> {
			Anchoring::checkpoint_of_block(block)
		}

		fn block_proof(block: BlockNumber) -> Option<pallet_anchoring::BlockProof<BlockNumber>> {
			Anchoring::block_proof(block)
		}

		fn state() -> pallet_anchoring::AnchoringStateOf<Runtime> {
			Anchoring::anchoring_state()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {''')])

# 5. benchmarks.rs
edit('runtime/src/benchmarks.rs', [('	[pallet_governance, Governance]\n','	[pallet_governance, Governance]\n	[pallet_anchoring, Anchoring]\n')])

# 6. presets
edit('runtime/src/genesis_config_presets.rs', [
('''/// A genesis service as the MUSD pallet's genesis takes it.''','''/// TracChain anchoring of a network: checkpoint interval, relayers, threshold, targets.
pub struct AnchoringGenesis {
	/// Blocks per checkpoint.
	pub interval: BlockNumber,
	/// The relayers.
	pub relayers: Vec<AccountId>,
	/// Matching attestations that anchor a checkpoint.
	pub threshold: u32,
	/// Where checkpoints are anchored.
	pub targets: Vec<pallet_anchoring::AnchorTarget>,
}

/// A genesis service as the MUSD pallet's genesis takes it.'''),
('''	governance: GovernanceGenesis,
) -> Value {''','''	governance: GovernanceGenesis,
	anchoring: AnchoringGenesis,
) -> Value {'''),
('''		governance: GovernanceConfig { params: Some(governance.params) },
	})''','''		governance: GovernanceConfig { params: Some(governance.params) },
		anchoring: AnchoringConfig {
			interval: Some(anchoring.interval),
			relayers: anchoring.relayers,
			threshold: Some(anchoring.threshold),
			targets: anchoring.targets,
		},
	})'''),
('''/// Single validator (Alice), sudo Alice: the development chain.''','''/// The anchoring targets of the development and local chains: a local Ethereum development node
/// (anvil's chain id 31337) and Bitcoin regtest.
fn dev_targets() -> Vec<pallet_anchoring::AnchorTarget> {
	use pallet_anchoring::{AnchorTarget, BitcoinNetwork};
	vec![AnchorTarget::Ethereum { chain_id: 31337 }, AnchorTarget::Bitcoin { network: BitcoinNetwork::Regtest }]
}

/// Anchoring of the development chain: a checkpoint every 5 blocks (30 seconds), Eve the one
/// relayer (threshold 1).
fn dev_anchoring() -> AnchoringGenesis {
	AnchoringGenesis {
		interval: 5,
		relayers: vec![Sr25519Keyring::Eve.to_account_id()],
		threshold: 1,
		targets: dev_targets(),
	}
}

/// Anchoring of the local test network: a checkpoint every 50 blocks (5 minutes), relayers
/// Dave, Eve and Ferdie, two of whom must agree.
fn local_anchoring() -> AnchoringGenesis {
	use Sr25519Keyring::*;
	AnchoringGenesis {
		interval: 50,
		relayers: [Dave, Eve, Ferdie].iter().map(|k| k.to_account_id()).collect(),
		threshold: 2,
		targets: dev_targets(),
	}
}

/// Single validator (Alice), sudo Alice: the development chain.'''),
('''		dev_musd(),
		dev_governance(),
	)
}

/// Alice, Bob and Charlie as staked validators; no sudo.''','''		dev_musd(),
		dev_governance(),
		dev_anchoring(),
	)
}

/// Alice, Bob and Charlie as staked validators; no sudo.'''),
('''		local_poc(),
		dev_musd(),
		dev_governance(),
	)''','''		local_poc(),
		dev_musd(),
		dev_governance(),
		local_anchoring(),
	)'''),
('''		dev_bodies(DefaultGovernanceParameters::get()),
	)''','''		dev_bodies(DefaultGovernanceParameters::get()),
		// Hourly checkpoints; the Technical Committee appoints relayers and targets (Ethereum
		// Sepolia, Bitcoin testnet4) once they run.
		AnchoringGenesis {
			interval: crate::configs::DefaultCheckpointInterval::get(),
			relayers: vec![],
			threshold: 1,
			targets: vec![
				pallet_anchoring::AnchorTarget::Ethereum { chain_id: 11_155_111 },
				pallet_anchoring::AnchorTarget::Bitcoin {
					network: pallet_anchoring::BitcoinNetwork::Testnet4,
				},
			],
		},
	)'''),
])

# 7. runtime README
edit('runtime/README.md', [
('''| 35 | `Governance` | stake-weighted referenda, joint upgrade approval ([README](../pallets/governance/README.md)) |
''','''| 35 | `Governance` | stake-weighted referenda, joint upgrade approval ([README](../pallets/governance/README.md)) |
| 36 | `Anchoring` | TracChain checkpoints and their anchors on Ethereum and Bitcoin ([README](../pallets/anchoring/README.md)); declared right after `System`, so its hook runs first |
'''),
('''| `priceOracle.addFeeder`, `priceOracle.removeFeeder`, `priceOracle.setParameters` | referendum, Technical 2/3 | oracle feeders and rules |
''','''| `priceOracle.addFeeder`, `priceOracle.removeFeeder`, `priceOracle.setParameters` | referendum, Technical 2/3 | oracle feeders and rules |
| `anchoring.setRelayers`, `anchoring.setTargets`, `anchoring.setCheckpointInterval` | referendum, Technical 2/3 | anchoring relayers, threshold, targets and interval |
'''),
('''GenesisBuilder, CreditApi, CreditDelegationApi, MusdApi, WorkloadApi;''','''GenesisBuilder, CreditApi, CreditDelegationApi, MusdApi, WorkloadApi, AnchoringApi;'''),
])

# 8. runtime/tests/governance.rs
edit('runtime/tests/governance.rs', [('''	row(None, RuntimeCall::PriceOracle(pallet_price_oracle::Call::add_feeder { who: who.clone() }), rt);''','''	row(
		None,
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_relayers {
			relayers: vec![who.clone()].try_into().unwrap(),
			threshold: 1,
		}),
		rt,
	);
	row(
		None,
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_targets {
			targets: vec![pallet_anchoring::AnchorTarget::Ethereum { chain_id: 1 }].try_into().unwrap(),
		}),
		rt,
	);
	row(
		None,
		RuntimeCall::Anchoring(pallet_anchoring::Call::set_checkpoint_interval { interval: 100 }),
		rt,
	);
	row(None, RuntimeCall::PriceOracle(pallet_price_oracle::Call::add_feeder { who: who.clone() }), rt);''')])

# 9. scripts
edit('scripts/benchmark.sh', [('  [pallet_governance]=governance\n','  [pallet_governance]=governance\n  [pallet_anchoring]=anchoring\n')])
edit('scripts/test.sh', [('-p pallet-price-oracle -p pallet-musd -p pallet-workload -p pallet-governance \\\n','-p pallet-price-oracle -p pallet-musd -p pallet-workload -p pallet-governance -p pallet-anchoring \\\n'),
 (',pallet-governance/runtime-benchmarks\n',',pallet-governance/runtime-benchmarks,pallet-anchoring/runtime-benchmarks\n')])
print("ok")
edit('scripts/test.sh', [('''step "cargo test (pallets, runtime, node)"''','''# The anchoring relayer and verifier, driven by the anchoring end-to-end test.
step "build (metachain-anchor-relayer)" cargo build --release --locked -p metachain-anchor-relayer
step "cargo test (pallets, runtime, node)"''')])
print("test.sh ok")
edit('runtime/README.md', [('''price mints nothing; `NonTransfer` proxies cannot mint or buy.''','''price mints nothing; `NonTransfer` proxies cannot mint or buy.

`runtime/tests/anchoring.rs`: on the development chain a checkpoint covers every 5 blocks,
contiguously, with the digests of `incentiv`, `delegate` and `workload` (era rewards recorded
at each era change), and every block's proof verifies against its checkpoint; the relayer
(Eve) attests for free and anchors with threshold 1, a non-relayer pays and is refused, a
second attestation is refused.''')])
print("readme tests ok")
