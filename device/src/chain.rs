//! The chain as the agent sees it: metadata-driven calls, storage and runtime APIs through
//! subxt (no generated types, so the agent keeps working across runtime upgrades that keep the
//! names it uses), and refusals named from the chain's metadata.

use anyhow::{anyhow, bail, Context, Result};
use subxt::{
	config::DefaultExtrinsicParamsBuilder,
	dynamic::{self, Value},
	tx::TransactionStatus,
	OnlineClient, SubstrateConfig,
};
use subxt_signer::sr25519::Keypair;

/// A client at the node the agent talks to.
#[derive(Clone)]
pub struct Chain {
	api: OnlineClient<SubstrateConfig>,
	/// The node's own RPC methods: the best block's hash.
	rpc: subxt::rpcs::LegacyRpcMethods<subxt::config::RpcConfigFor<SubstrateConfig>>,
}

/// A transaction the chain refused, by name (`Credit::AlreadyHeartbeat`) with its
/// documentation, or the pool's message.
#[derive(Debug)]
pub struct Refused {
	/// `Pallet::Error`, or `pool` when the pool refused it without a pallet error.
	pub name: String,
	/// What the error means (its doc comment), or the pool's message.
	pub detail: String,
}

impl std::fmt::Display for Refused {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		write!(f, "refused: {} — {}", self.name, self.detail)
	}
}
impl std::error::Error for Refused {}

/// An event of an included transaction: `Pallet.Event` and its fields.
pub struct EventLine {
	pub pallet: String,
	pub name: String,
	/// The fields, printed.
	pub fields: String,
	/// The fields, decoded (`None` if they did not decode).
	pub value: Option<Value>,
}

/// A submitted transaction's progress.
pub type Progress = subxt::tx::TransactionProgress<
	SubstrateConfig,
	subxt::client::OnlineClientAtBlockImpl<SubstrateConfig>,
>;

/// What an included transaction did.
pub struct Included {
	/// The hash of the block it is in.
	pub block: String,
	pub events: Vec<EventLine>,
}

impl Chain {
	/// Connect to a node's WebSocket RPC (`ws://` or `wss://`).
	pub async fn connect(url: &str) -> Result<Self> {
		let rpc = subxt::rpcs::RpcClient::from_insecure_url(url)
			.await
			.with_context(|| format!("connecting to {url}"))?;
		let api = OnlineClient::<SubstrateConfig>::from_rpc_client(rpc.clone())
			.await
			.with_context(|| format!("reading the chain at {url}"))?;
		Ok(Self { api, rpc: subxt::rpcs::LegacyRpcMethods::new(rpc) })
	}

	/// The chain's genesis hash (what receipts and transactions are bound to).
	pub fn genesis_hash(&self) -> [u8; 32] {
		self.api.genesis_hash().0
	}

	/// The client at the best block (what the node builds on; the pool's view): the device
	/// sees its own transactions at once, not a few blocks later when they are final.
	async fn best(&self) -> Result<subxt::client::OnlineClientAtBlock<SubstrateConfig>> {
		let hash = self
			.rpc
			.chain_get_block_hash(None)
			.await
			.context("asking for the best block")?
			.ok_or_else(|| anyhow!("the node has no best block"))?;
		self.api.at_block(hash).await.context("opening the best block")
	}

	/// Call runtime API `api_trait`'s `method` with no argument, at the best block.
	pub async fn api0(&self, api_trait: &str, method: &str) -> Result<Value> {
		self.api_call(api_trait, method, ()).await
	}

	/// Call runtime API `api_trait`'s `method` with `args` (a tuple), at the best block.
	pub async fn api_call(
		&self,
		api_trait: &str,
		method: &str,
		args: impl subxt::ext::frame_decode::runtime_apis::IntoEncodableValues,
	) -> Result<Value> {
		let at = self.best().await?;
		let call = dynamic::runtime_api_call::<_, Value>(api_trait, method, args);
		at.runtime_apis()
			.call(call)
			.await
			.with_context(|| format!("runtime API {api_trait}_{method}"))
	}

	/// Call view function `pallet`.`name` (metadata v16) with `args` (a tuple), at the best
	/// block: the answer decoded with the metadata's output type.
	///
	/// subxt 0.50.3's `view_functions().call()` sends `id ++ args` and decodes the answer as the
	/// output type, but `RuntimeViewFunction_execute_view_function(id, input: Vec<u8>)` takes
	/// the arguments length-prefixed and answers `Result<Vec<u8>, ViewFunctionDispatchError>`:
	/// both are done here, around subxt's encoding of the arguments and its raw call.
	pub async fn view(
		&self,
		pallet: &str,
		name: &str,
		args: impl subxt::ext::frame_decode::view_functions::IntoEncodableValues,
	) -> Result<Value> {
		use subxt::ext::codec::{Decode, Encode};
		let at = self.best().await?;
		let views = at.view_functions();
		let payload = dynamic::view_function_call::<_, Value>(pallet, name, args);
		let encoded = views
			.encode_args(&payload)
			.with_context(|| format!("encoding the arguments of {pallet}.{name}"))?;
		let (id, input) = encoded.split_at(32.min(encoded.len()));
		let mut call = id.to_vec();
		input.to_vec().encode_to(&mut call);
		let bytes = views
			.call_raw(Some(&call))
			.await
			.with_context(|| format!("view function {pallet}.{name}"))?;
		let answer = match bytes.split_first() {
			Some((0, ok)) => {
				Vec::<u8>::decode(&mut &ok[..]).context("the view function's answer")?
			}
			Some((1, err)) => bail!(
				"view function {pallet}.{name} refused: {}",
				match err.first() {
					Some(0) => "view functions not implemented",
					Some(1) => "no such view function",
					_ => "its arguments do not decode",
				}
			),
			_ => bail!("view function {pallet}.{name}: unexpected answer"),
		};
		let metadata = at.metadata();
		let output = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.view_function_by_name(name))
			.map(|f| f.output_ty())
			.ok_or_else(|| anyhow!("the chain has no view function {pallet}.{name}"))?;
		let value = subxt::ext::scale_value::scale::decode_as_type(
			&mut &answer[..],
			output,
			metadata.types(),
		)
		.with_context(|| format!("decoding the answer of {pallet}.{name}"))?;
		Ok(value.remove_context())
	}

	/// `pallet`'s storage map `entry` at `key`, at the best block (`None` if absent).
	pub async fn storage_at(
		&self,
		pallet: &str,
		entry: &str,
		key: &subxt::utils::AccountId32,
	) -> Result<Option<Value>> {
		let at = self.best().await?;
		let address = subxt::storage::dynamic::<(subxt::utils::AccountId32,), Value>(pallet, entry);
		let found = at
			.storage()
			.try_fetch(address, (*key,))
			.await
			.with_context(|| format!("reading {pallet}.{entry}"))?;
		match found {
			Some(v) => Ok(Some(v.decode().with_context(|| format!("decoding {pallet}.{entry}"))?)),
			None => Ok(None),
		}
	}

	/// `pallet`'s `u32` constant `name`, from the metadata at the best block.
	pub async fn constant_u32(&self, pallet: &str, name: &str) -> Result<u32> {
		let at = self.best().await?;
		let metadata = at.metadata();
		let bytes = metadata
			.pallet_by_name(pallet)
			.and_then(|p| p.constant_by_name(name))
			.map(|c| c.value().to_vec())
			.ok_or_else(|| anyhow!("the chain has no constant {pallet}.{name}"))?;
		let raw: [u8; 4] = bytes
			.get(..4)
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| anyhow!("{pallet}.{name} is not a u32"))?;
		Ok(u32::from_le_bytes(raw))
	}

	/// Call runtime API `api_trait`'s `method` about `who`, at the best block.
	pub async fn api1(
		&self,
		api_trait: &str,
		method: &str,
		who: &subxt::utils::AccountId32,
	) -> Result<Value> {
		self.api_call(api_trait, method, (*who,)).await
	}

	/// The error of `pallet` that `pick` chooses, named with its documentation, from the
	/// chain's metadata at the best block.
	async fn error_of(&self, pallet: &str, pick: impl Fn(&str, u8) -> bool) -> Option<Refused> {
		let at = self.best().await.ok()?;
		let metadata = at.metadata();
		let variant = metadata
			.pallet_by_name(pallet)?
			.error_variants()?
			.iter()
			.find(|v| pick(&v.name, v.index))?;
		Some(Refused {
			name: format!("{pallet}::{}", variant.name),
			detail: variant.docs.join(" "),
		})
	}

	/// `pallet`'s error `name` with its documentation: how the agent names a refusal it foresees
	/// without sending a doomed transaction.
	pub async fn named_error(&self, pallet: &str, name: &str) -> Refused {
		self.error_of(pallet, |n, _| n == name)
			.await
			.unwrap_or_else(|| Refused { name: format!("{pallet}::{name}"), detail: String::new() })
	}

	/// Sign `pallet.call(fields)` with `signer` and submit it; returns once it is in a best
	/// block and succeeded. A refusal by the pool or a failed dispatch is a [`Refused`] error
	/// with the chain's name for it.
	pub async fn submit(
		&self,
		pallet: &str,
		call: &str,
		fields: Vec<Value>,
		signer: &Keypair,
	) -> Result<Included> {
		let mut progress = self.submit_watch(pallet, call, fields, signer, None).await?;
		while let Some(status) = progress.next().await {
			if let Some(outcome) = self.outcome(status).await? {
				return outcome;
			}
		}
		bail!("the node stopped reporting on the transaction before it was included")
	}

	/// Sign `pallet.call(fields)` with `signer` (at `nonce`, or the account's next one) and
	/// hand it to the node; returns the transaction's progress to watch (see
	/// [`Self::outcome`]). A refusal by the pool is a [`Refused`] error.
	pub async fn submit_watch(
		&self,
		pallet: &str,
		call: &str,
		fields: Vec<Value>,
		signer: &Keypair,
		nonce: Option<u64>,
	) -> Result<Progress> {
		let at = self.best().await?;
		let mut tx = at.tx();
		let nonce = match nonce {
			Some(n) => n,
			None => self.nonce(signer).await?,
		};
		let params = DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(nonce).build();
		let payload = dynamic::tx(pallet, call, fields);
		match tx.sign_and_submit_then_watch(&payload, signer, params).await {
			Ok(progress) => Ok(progress),
			Err(e) => Err(self.name_pool_refusal(&e.to_string()).await),
		}
	}

	/// `signer`'s next nonce at the best block.
	pub async fn nonce(&self, signer: &Keypair) -> Result<u64> {
		let at = self.best().await?;
		let me = signer.public_key().to_account_id();
		at.tx().account_nonce(&me).await.context("reading the account nonce")
	}

	/// What a status of a watched transaction means: `None` while it is on its way (also for
	/// [`TransactionStatus::InFinalizedBlock`] once it was reported in a best block: callers
	/// that wait for finality see it with [`Self::included`]); `Some(Ok)` once it is in a block
	/// and succeeded; `Some(Err)` with the chain's name when the pool or the dispatch refused it.
	pub async fn outcome(
		&self,
		status: std::result::Result<
			TransactionStatus<
				SubstrateConfig,
				subxt::client::OnlineClientAtBlockImpl<SubstrateConfig>,
			>,
			subxt::error::TransactionProgressError,
		>,
	) -> Result<Option<Result<Included>>> {
		match status.context("watching the transaction")? {
			TransactionStatus::InBestBlock(in_block)
			| TransactionStatus::InFinalizedBlock(in_block) => Ok(Some(self.included(&in_block).await)),
			TransactionStatus::Error { message }
			| TransactionStatus::Invalid { message }
			| TransactionStatus::Dropped { message } => {
				Ok(Some(Err(self.name_pool_refusal(&message).await)))
			}
			_ => Ok(None),
		}
	}

	/// The events of a transaction in a block, or the chain's name for its failure.
	pub async fn included(
		&self,
		in_block: &subxt::tx::TransactionInBlock<
			SubstrateConfig,
			subxt::client::OnlineClientAtBlockImpl<SubstrateConfig>,
		>,
	) -> Result<Included> {
		let block = format!("{:?}", in_block.block_hash());
		match in_block.wait_for_success().await {
			Ok(events) => {
				let mut lines = Vec::new();
				for event in events.iter() {
					let event = event.context("decoding an event")?;
					let value = event.decode_fields_unchecked_as::<Value>().ok();
					lines.push(EventLine {
						pallet: event.pallet_name().to_string(),
						name: event.event_name().to_string(),
						fields: value.as_ref().map(|v| v.to_string()).unwrap_or_default(),
						value,
					});
				}
				Ok(Included { block, events: lines })
			}
			Err(subxt::error::TransactionEventsError::ExtrinsicFailed(
				subxt::error::DispatchError::Module(module),
			)) => {
				let refused = match module.details() {
					Ok(d) => Refused {
						name: format!("{}::{}", d.pallet.name(), d.variant.name),
						detail: d.variant.docs.join(" "),
					},
					Err(_) => {
						Refused { name: "module error".into(), detail: format!("{module:?}") }
					}
				};
				Err(refused.into())
			}
			Err(subxt::error::TransactionEventsError::ExtrinsicFailed(other)) => {
				Err(Refused { name: "dispatch".into(), detail: other.to_string() }.into())
			}
			Err(e) => Err(anyhow!(e).context("reading the transaction's events")),
		}
	}

	/// The name of the error at `index` of the pallet at `pallet_index` (a `DispatchError::Module`
	/// a runtime API returned), from the metadata at the best block.
	pub async fn module_error_name(&self, pallet_index: u8, error_index: u8) -> Option<String> {
		let at = self.best().await.ok()?;
		let metadata = at.metadata();
		let pallet = metadata.pallet_by_error_index(pallet_index)?;
		let variant = pallet.error_variants()?.iter().find(|v| v.index == error_index)?;
		Some(format!("{}::{}", pallet.name(), variant.name))
	}

	/// A pool refusal, named: `Custom error: i` of the credit pallet's checks is its error `i`.
	async fn name_pool_refusal(&self, message: &str) -> anyhow::Error {
		if let Some(index) = message
			.split("Custom error: ")
			.nth(1)
			.and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
			.and_then(|n| n.parse::<u8>().ok())
		{
			if let Some(refused) = self.error_of("Credit", |_, i| i == index).await {
				return refused.into();
			}
		}
		Refused { name: "pool".into(), detail: message.to_string() }.into()
	}
}

/// A named field of a composite value (`None` if absent).
pub fn field<'a>(value: &'a Value, name: &str) -> Option<&'a Value> {
	use subxt::dynamic::At;
	value.at(name)
}

/// A value as an unsigned integer.
pub fn as_u128(value: Option<&Value>) -> Option<u128> {
	value.and_then(|v| v.as_u128())
}

/// `Some(x)` of an `Option` value as `x`; `None` for `None` or anything else.
pub fn some(value: Option<&Value>) -> Option<&Value> {
	use subxt::ext::scale_value::ValueDef;
	let value = value?;
	match &value.value {
		ValueDef::Variant(v) if v.name == "Some" => v.values.values().next(),
		_ => None,
	}
}

/// The variant name of an enum value (`DvpnClient`).
pub fn variant_name(value: Option<&Value>) -> Option<String> {
	use subxt::ext::scale_value::ValueDef;
	match &value?.value {
		ValueDef::Variant(v) => Some(v.name.clone()),
		_ => None,
	}
}

/// The 32 bytes of an account value (a composite of one byte array, or the bytes themselves).
pub fn as_account(value: Option<&Value>) -> Option<sp_core::crypto::AccountId32> {
	use subxt::ext::scale_value::{Composite, Primitive, ValueDef};
	fn bytes(v: &Value, out: &mut Vec<u8>) {
		match &v.value {
			ValueDef::Primitive(Primitive::U128(b)) => out.push(*b as u8),
			ValueDef::Composite(Composite::Unnamed(vs)) => vs.iter().for_each(|v| bytes(v, out)),
			ValueDef::Composite(Composite::Named(vs)) => vs.iter().for_each(|(_, v)| bytes(v, out)),
			_ => {}
		}
	}
	let mut out = Vec::new();
	bytes(value?, &mut out);
	let raw: [u8; 32] = out.try_into().ok()?;
	Some(sp_core::crypto::AccountId32::new(raw))
}
