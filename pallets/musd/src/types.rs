//! The types of MUSD: amounts, services, orders, receipts and parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedVec};
use metachain_primitives::credit::DeviceKind;
use scale_info::TypeInfo;

/// MUSD amounts (`Musd`, a millionth of a MUSD), its decimals and one MUSD (moved to
/// `metachain-primitives`, which `pallet-workload` shares).
///
/// MUSD has **6 decimals**: 1 MUSD = 1 USD = 1,000,000 units, so one unit is a micro-dollar,
/// finer than any service is priced, while MC has 12. Six decimals are what USD stablecoins
/// use, so wallets and dApps show MUSD the way they show them, and every MUSD amount a
/// realistic account holds fits easily in a `u128`.
pub use metachain_primitives::work::{Musd, MUSD, MUSD_DECIMALS};

/// A service's identifier, chosen by the service origin.
pub type ServiceId = u32;

/// A service order's identifier, assigned in sequence.
pub type OrderId = u64;

/// Which kinds of device may serve a service.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ServedBy {
	/// Decentralized-VPN clients may serve it.
	pub dvpn_client: bool,
	/// Smart home gateways may serve it.
	pub smart_gateway: bool,
}

impl ServedBy {
	/// Whether a device of `kind` may serve.
	pub fn allows(&self, kind: DeviceKind) -> bool {
		match kind {
			DeviceKind::DvpnClient => self.dvpn_client,
			DeviceKind::SmartGateway => self.smart_gateway,
		}
	}
}

/// A service devices provide and users pay for in MUSD.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxName))]
pub struct Service<MaxName: Get<u32>> {
	/// A human-readable name (UTF-8).
	pub name: BoundedVec<u8, MaxName>,
	/// The price of one unit of the service (e.g. one GB of VPN traffic), in MUSD units. An
	/// order's budget covers at least one unit.
	pub unit_price: Musd,
	/// The kinds of device that may serve it.
	pub served_by: ServedBy,
	/// Whether new orders may be opened. Open orders stay valid when a service is retired.
	pub active: bool,
}

/// An open service order: a budget of MUSD the buyer burnt, consumed by providers' receipts.
#[derive(Encode, Decode, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug)]
#[scale_info(skip_type_params(MaxProviders))]
pub struct Order<AccountId, BlockNumber, MaxProviders: Get<u32>> {
	/// Who bought the service (and signs receipts).
	pub buyer: AccountId,
	/// The service bought.
	pub service: ServiceId,
	/// The MUSD burnt for the order.
	pub budget: Musd,
	/// The MUSD redeemed by providers so far (the sum of `providers`' values).
	pub consumed: Musd,
	/// The block the order was opened in.
	pub opened_at: BlockNumber,
	/// From this block on, the buyer may close the order and get the unused budget back.
	pub closable_at: BlockNumber,
	/// Each provider that redeemed a receipt, with the cumulative value it redeemed.
	pub providers: BoundedVec<(AccountId, Musd), MaxProviders>,
}

impl<AccountId: PartialEq, BlockNumber, MaxProviders: Get<u32>>
	Order<AccountId, BlockNumber, MaxProviders>
{
	/// The budget not consumed yet.
	pub fn remaining(&self) -> Musd {
		self.budget.saturating_sub(self.consumed)
	}

	/// The cumulative value `provider` has redeemed on this order.
	pub fn redeemed_by(&self, provider: &AccountId) -> Musd {
		self.providers.iter().find(|(p, _)| p == provider).map(|(_, v)| *v).unwrap_or(0)
	}
}

/// A receipt: the buyer's statement that `provider` has delivered `cumulative` MUSD of the
/// order so far. The buyer signs [`receipt_payload`](crate::receipt_payload) off-chain; the
/// provider redeems the latest receipt it holds.
#[derive(Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo)]
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Receipt<AccountId> {
	/// The order.
	pub order: OrderId,
	/// The provider paid by the receipt.
	pub provider: AccountId,
	/// The total MUSD of the order consumed by `provider` up to this receipt.
	pub cumulative: Musd,
}

metachain_primitives::parameter_set! {
	/// The rules of MUSD, kept in storage, set at genesis, changed one at a time through
	/// `pallet-chain-parameters`.
	pub struct MusdParams<Balance, BlockNumber>;
	/// One MUSD parameter with its new value (see [`MusdParams`]): `MinMint` and `MinOrder`
	/// are economic, `OrderExpiry` technical.
	pub enum MusdParameter {
		/// The least MC one `mint_musd` burns.
		min_mint: Balance => MinMint(Economic),
		/// The least budget of an order, in MUSD units.
		min_order: Musd => MinOrder(Economic),
		/// Blocks after opening before the buyer may close an order and take back its unused
		/// budget (providers have this long to redeem their receipts).
		order_expiry: BlockNumber => OrderExpiry(Technical),
	}
}
