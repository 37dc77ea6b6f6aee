// Pallet view functions (metadata v16) from @polkadot/api, which has no `api.view`: the
// `RuntimeViewFunction_execute_view_function` runtime API with the id, argument types and output
// type taken from the metadata.

import { u8aConcat, u8aToHex, u8aToU8a } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';

/// The metadata of view function `pallet`.`name` (the pallet as in the runtime, `Credit`; the
/// function as in Rust, `quote_mint`).
export function viewFunctionMeta(api, pallet, name) {
  const p = api.runtimeMetadata.asLatest.pallets.find((x) => x.name.eq(pallet));
  if (!p) throw new Error(`the runtime has no pallet ${pallet}`);
  const f = p.viewFunctions.find((x) => x.name.eq(name));
  if (!f) throw new Error(`${pallet} has no view function ${name} (metadata v${api.runtimeMetadata.version})`);
  return f;
}

/// Call view function `pallet`.`name` with `args` (one per input, anything `createType` takes)
/// at block hash `at` (the best block if absent). Resolves with the decoded answer (a Codec).
export async function view(api, pallet, name, args = [], at) {
  const f = viewFunctionMeta(api, pallet, name);
  if (args.length !== f.inputs.length) throw new Error(`${pallet}.${name} takes ${f.inputs.length} arguments`);
  const input = u8aConcat(...f.inputs.map((p, i) =>
    api.registry.createType(api.registry.createLookupType(p.type), args[i]).toU8a()));
  const id = u8aToU8a(f.id);
  const src = at ? await api.at(at) : api;
  // `input` as hex: a Uint8Array given as `Bytes` would be read as already length-prefixed.
  const res = await src.call.runtimeViewFunction.executeViewFunction(
    { prefix: u8aToHex(id.subarray(0, 16)), suffix: u8aToHex(id.subarray(16)) },
    u8aToHex(input),
  );
  if (res.isErr) throw new Error(`${pallet}.${name}: ${res.asErr.toString()}`);
  return api.registry.createType(api.registry.createLookupType(f.output), res.asOk.toU8a(true));
}

/// The id FRAME gives a view function: twox128(pallet) ++ twox128(signature), the signature
/// `name(ArgTypes) -> ReturnType` with the types as written in the pallet, spaces removed.
export function viewFunctionId(pallet, signature) {
  return u8aConcat(xxhashAsU8a(pallet, 128), xxhashAsU8a(signature, 128));
}
