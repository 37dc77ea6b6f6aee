// Preload for Substrate API Sidecar 18 running on @polkadot/api 16 (`NODE_OPTIONS=--require
// <this file>`, as tests/e2e/clients.test.mjs starts it): the API builds its type registry from
// metadata v14 (`state_getMetadata`), as the @polkadot/api 10 that Sidecar 18 pins did.
//
// Why: Sidecar serialises `/runtime/metadata` from v14 but resolves its constants' type ids in
// `api.registry`, which @polkadot/api 16 builds from metadata v16, numbered differently (every
// constant maps to a wrong type: 500 "Unable to create Enum via index …"); and @polkadot/api 16
// on v16 metadata length-prefixes `TransactionPaymentApi.query_info`'s extrinsic twice (400 on
// `/transaction/fee-estimate`). Blocks still decode version-5 bare extrinsics: that is
// @polkadot/api 16's codec, whatever the metadata version.
const { Init } = require('@polkadot/api/cjs/base/Init');
const { Metadata } = require('@polkadot/types');
const { firstValueFrom } = require('rxjs');

Init.prototype._retrieveMetadata = async function retrieveMetadataV14(_apis, at, registry) {
  return at
    ? new Metadata(registry || this.registry, await firstValueFrom(this._rpcCore.state.getMetadata.raw(at)))
    : await firstValueFrom(this._rpcCore.state.getMetadata());
};
