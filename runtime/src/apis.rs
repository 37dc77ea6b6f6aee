//! The runtime APIs: what the node and clients (`api.call.*` in @polkadot/api, `state_call`)
//! can ask the runtime.

use super::*;
use crate::configs::EpochDuration;
#[cfg(feature = "try-runtime")]
use crate::configs::RuntimeBlockWeights;
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	traits::KeyOwnerProofSystem,
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_babe::BabeApi<Block> for Runtime {
		fn configuration() -> sp_consensus_babe::BabeConfiguration {
			let epoch_config = Babe::epoch_config().unwrap_or(time::BABE_GENESIS_EPOCH_CONFIG);
			sp_consensus_babe::BabeConfiguration {
				slot_duration: Babe::slot_duration(),
				epoch_length: <EpochDuration as frame_support::traits::Get<u64>>::get(),
				c: epoch_config.c,
				authorities: Babe::authorities().to_vec(),
				randomness: Babe::randomness(),
				allowed_slots: epoch_config.allowed_slots,
			}
		}

		fn current_epoch_start() -> sp_consensus_babe::Slot {
			Babe::current_epoch_start()
		}

		fn current_epoch() -> sp_consensus_babe::Epoch {
			Babe::current_epoch()
		}

		fn next_epoch() -> sp_consensus_babe::Epoch {
			Babe::next_epoch()
		}

		fn generate_key_ownership_proof(
			_slot: sp_consensus_babe::Slot,
			authority_id: sp_consensus_babe::AuthorityId,
		) -> Option<sp_consensus_babe::OpaqueKeyOwnershipProof> {
			use codec::Encode;

			Historical::prove((sp_consensus_babe::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_babe::OpaqueKeyOwnershipProof::new)
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_babe::EquivocationProof<<Block as BlockT>::Header>,
			key_owner_proof: sp_consensus_babe::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;

			Babe::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			pallet_grandpa::CurrentSetId::<Runtime>::get()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;

			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;

			Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|p| p.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_staking_runtime_api::StakingApi<Block, Balance, AccountId> for Runtime {
		fn nominations_quota(balance: Balance) -> u32 {
			Staking::api_nominations_quota(balance)
		}

		fn eras_stakers_page_count(era: sp_staking::EraIndex, account: AccountId) -> sp_staking::Page {
			Staking::api_eras_stakers_page_count(era, account)
		}

		fn pending_rewards(era: sp_staking::EraIndex, account: AccountId) -> bool {
			Staking::api_pending_rewards(era, account)
		}
	}

	impl pallet_chain_parameters_runtime_api::ParametersApi<Block, configs::RuntimeParameter>
		for Runtime
	{
		fn parameters() -> Vec<configs::RuntimeParameter> {
			Parameters::parameters()
		}
	}

	#[api_version(4)]
	impl pallet_credit_runtime_api::CreditApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn device(
			who: AccountId,
		) -> Option<pallet_credit_runtime_api::DeviceInfo<AccountId, Balance, BlockNumber>> {
			Credit::device_info(&who)
		}

		fn replenish_cost(points: pallet_credit::CreditPoints) -> Balance {
			Credit::replenish_cost(points)
		}

		fn current_period() -> pallet_credit::PeriodIndex {
			Credit::current_period()
		}

		fn parameters() -> pallet_credit::CreditParams<Balance, BlockNumber> {
			pallet_credit::Parameters::<Runtime>::get()
		}

		fn invitation(who: AccountId) -> Option<pallet_credit::Invitation<AccountId, BlockNumber>> {
			pallet_credit::Invitations::<Runtime>::get(&who)
		}

		fn heartbeat_readiness(
			devices: Vec<AccountId>,
		) -> Vec<Result<pallet_credit::HeartbeatClass<AccountId>, sp_runtime::DispatchError>> {
			Credit::heartbeat_readiness(devices).into_iter().map(|r| r.map_err(Into::into)).collect()
		}
	}

	#[api_version(3)]
	impl pallet_credit_delegation_runtime_api::CreditDelegationApi<Block, AccountId, Balance, BlockNumber>
		for Runtime
	{
		fn delegation(
			device: AccountId,
		) -> Option<pallet_credit_delegation::DelegationInfoOf<Runtime>> {
			CreditDelegation::delegation_info(&device)
		}

		fn pending_rewards_by_era(device: AccountId) -> Vec<(sp_staking::EraIndex, Balance)> {
			CreditDelegation::pending_by_era(&device)
		}

		fn validator_backing(
			validator: AccountId,
		) -> (Balance, u32, bool) {
			CreditDelegation::validator_backing(&validator)
		}

		fn candidates() -> Vec<pallet_credit_delegation::CandidateInfoOf<Runtime>> {
			CreditDelegation::candidate_ranking()
		}

		fn validator_at_risk(validator: AccountId) -> (Balance, Balance, sp_runtime::FixedU128) {
			(
				CreditDelegation::backing(&validator),
				CreditDelegation::backing_at_risk(&validator),
				CreditDelegation::survival(&validator),
			)
		}

		fn parameters() -> pallet_credit_delegation::ParamsOf<Runtime> {
			pallet_credit_delegation::Parameters::<Runtime>::get()
		}
	}

	#[api_version(2)]
	impl pallet_musd_runtime_api::MusdApi<
		Block,
		AccountId,
		Balance,
		BlockNumber,
		pallet_musd::ServiceOf<Runtime>,
		pallet_musd::OrderOf<Runtime>,
	> for Runtime {
		fn price() -> Option<pallet_price_oracle::PriceInfo<BlockNumber>> {
			Musd::price()
		}

		fn balance(who: AccountId) -> pallet_musd::Musd {
			Musd::balance(&who)
		}

		fn total_issuance() -> pallet_musd::Musd {
			pallet_musd::TotalIssuance::<Runtime>::get()
		}

		fn quote_mint(mc: Balance) -> Option<pallet_musd::Musd> {
			Musd::quote_mint(mc)
		}

		fn quote_mc(musd: pallet_musd::Musd) -> Option<Balance> {
			Musd::quote_mc(musd)
		}

		fn service(id: pallet_musd::ServiceId) -> Option<pallet_musd::ServiceOf<Runtime>> {
			pallet_musd::Services::<Runtime>::get(id)
		}

		fn order(id: pallet_musd::OrderId) -> Option<pallet_musd::OrderOf<Runtime>> {
			pallet_musd::Orders::<Runtime>::get(id)
		}

		fn parameters() -> pallet_musd::ParamsOf<Runtime> {
			pallet_musd::Parameters::<Runtime>::get()
		}

		fn cost_basis(who: AccountId) -> Balance {
			pallet_musd::CostBasis::<Runtime>::get(&who)
		}
	}

	impl pallet_workload_runtime_api::WorkloadApi<Block, AccountId, Balance, BlockNumber> for Runtime {
		fn current_day() -> pallet_workload::DayIndex {
			Workload::current_day()
		}

		fn day(day: pallet_workload::DayIndex) -> Option<pallet_workload::DayRecordOf<Runtime>> {
			pallet_workload::Days::<Runtime>::get(day)
		}

		fn provider_days(provider: AccountId) -> Vec<pallet_workload::ProviderDay<Balance>> {
			Workload::provider_days(&provider)
		}

		fn parameters() -> pallet_workload::ParamsOf<Runtime> {
			pallet_workload::Parameters::<Runtime>::get()
		}
	}

	impl pallet_anchoring_runtime_api::AnchoringApi<Block, AccountId, BlockNumber> for Runtime {
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

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use pallet_session_benchmarking::Pallet as SessionBench;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::{
				extensions::Pallet as SystemExtensionsBench, Pallet as SystemBench,
			};
			use pallet_session_benchmarking::Pallet as SessionBench;

			impl frame_system_benchmarking::Config for Runtime {}
			impl pallet_transaction_payment::BenchmarkConfig for Runtime {}
			impl pallet_session_benchmarking::Config for Runtime {
				fn generate_session_keys_and_proof(owner: AccountId) -> (SessionKeys, Vec<u8>) {
					use codec::Encode;
					let generated = SessionKeys::generate(&owner.encode(), None);
					(generated.keys, generated.proof.encode())
				}
			}

			use frame_support::traits::WhitelistedStorageKeys;
			let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			// Only the try-runtime tool calls this; it reports a failure by this panic.
			let weight = Executive::try_runtime_upgrade(checks)
				.unwrap_or_else(|e| panic!("try-runtime upgrade failed: {e:?}"));
			(weight, RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			// Only the try-runtime tool calls this; it reports a failure by this panic.
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.unwrap_or_else(|e| panic!("try-runtime execute_block failed: {e:?}"))
		}
	}
}
