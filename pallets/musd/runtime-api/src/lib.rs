//! `MusdApi`: what clients ask about MUSD — the oracle price, balances, quotes, services, orders.
//!
//! From @polkadot/api: `api.call.musdApi.price()`, `api.call.musdApi.balance(account)`,
//! `api.call.musdApi.quoteMint(mc)`, `api.call.musdApi.quoteMc(musd)`,
//! `api.call.musdApi.order(id)`, `api.call.musdApi.service(id)`, `api.call.musdApi.parameters()`,
//! and from version 2 `api.call.musdApi.costBasis(account)`.

#![cfg_attr(not(feature = "std"), no_std)]

use codec::Codec;
pub use metachain_primitives::price::PriceInfo;
pub use pallet_musd::{Musd, MusdParams, Order, OrderId, Service, ServiceId};

sp_api::decl_runtime_apis! {
	/// MUSD and the price it is minted at.
	#[api_version(2)]
	pub trait MusdApi<AccountId, Balance, BlockNumber, ServiceRecord, OrderRecord>
	where
		AccountId: Codec,
		Balance: Codec,
		BlockNumber: Codec,
		ServiceRecord: Codec,
		OrderRecord: Codec,
	{
		/// The MC/USD price in force and its age, or `None` when the oracle has no fresh price
		/// (minting is then impossible).
		fn price() -> Option<PriceInfo<BlockNumber>>;
		/// `who`'s MUSD, in units (6 decimals).
		fn balance(who: AccountId) -> Musd;
		/// All MUSD held by accounts.
		fn total_issuance() -> Musd;
		/// The MUSD `mc` MC would mint now (rounded down), or `None` without a fresh price.
		fn quote_mint(mc: Balance) -> Option<Musd>;
		/// The MC to burn now to mint `musd` MUSD (rounded up), or `None` without a fresh price.
		fn quote_mc(musd: Musd) -> Option<Balance>;
		/// A service.
		fn service(id: ServiceId) -> Option<ServiceRecord>;
		/// An open order (closed orders are removed).
		fn order(id: OrderId) -> Option<OrderRecord>;
		/// The MUSD rules.
		fn parameters() -> MusdParams<Balance, BlockNumber>;
		/// The MC that was burnt to mint `who`'s MUSD (its cost basis, by average cost): work
		/// paid with that MUSD earns its provider at most `WorkRewardRatio` of it.
		#[api_version(2)]
		fn cost_basis(who: AccountId) -> Balance;
	}
}
