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
	pub fields: String,
}

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
		Ok(self.api.at_block(hash).await.context("opening the best block")?)
	}

	/// Call runtime API `api_trait`'s `method` with no argument, at the best block.
	pub async fn api0(&self, api_trait: &str, method: &str) -> Result<Value> {
		let at = self.best().await?;
		let call = dynamic::runtime_api_call::<_, Value>(api_trait, method, ());
		at.runtime_apis()
			.call(call)
			.await
			.with_context(|| format!("runtime API {api_trait}_{method}"))
	}

	/// Call runtime API `api_trait`'s `method` about `who`, at the best block.
	pub async fn api1(
		&self,
		api_trait: &str,
		method: &str,
		who: &subxt::utils::AccountId32,
	) -> Result<Value> {
		let at = self.best().await?;
		let call = dynamic::runtime_api_call::<_, Value>(api_trait, method, (who.clone(),));
		at.runtime_apis()
			.call(call)
			.await
			.with_context(|| format!("runtime API {api_trait}_{method}"))
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
		let at = self.best().await?;
		let me = signer.public_key().to_account_id();
		let mut tx = at.tx();
		let nonce = tx.account_nonce(&me).await.context("reading the account nonce")?;
		let params = DefaultExtrinsicParamsBuilder::<SubstrateConfig>::new().nonce(nonce).build();
		let payload = dynamic::tx(pallet, call, fields);
		let mut progress = match tx.sign_and_submit_then_watch(&payload, signer, params).await {
			Ok(progress) => progress,
			Err(e) => return Err(self.name_pool_refusal(&e.to_string()).await),
		};
		while let Some(status) = progress.next().await {
			match status.context("watching the transaction")? {
				TransactionStatus::InBestBlock(in_block)
				| TransactionStatus::InFinalizedBlock(in_block) => {
					let block = format!("{:?}", in_block.block_hash());
					return match in_block.wait_for_success().await {
						Ok(events) => {
							let mut lines = Vec::new();
							for event in events.iter() {
								let event = event.context("decoding an event")?;
								let fields = event
									.decode_fields_unchecked_as::<Value>()
									.map(|v| v.to_string())
									.unwrap_or_default();
								lines.push(EventLine {
									pallet: event.pallet_name().to_string(),
									name: event.event_name().to_string(),
									fields,
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
								Err(_) => Refused {
									name: "module error".into(),
									detail: format!("{module:?}"),
								},
							};
							Err(refused.into())
						}
						Err(subxt::error::TransactionEventsError::ExtrinsicFailed(other)) => {
							Err(Refused { name: "dispatch".into(), detail: other.to_string() }
								.into())
						}
						Err(e) => Err(anyhow!(e).context("reading the transaction's events")),
					};
				}
				TransactionStatus::Error { message }
				| TransactionStatus::Invalid { message }
				| TransactionStatus::Dropped { message } => return Err(self.name_pool_refusal(&message).await),
				_ => {}
			}
		}
		bail!("the node stopped reporting on the transaction before it was included")
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
