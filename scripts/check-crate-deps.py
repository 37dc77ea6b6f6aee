#!/usr/bin/env python3
"""Fail if a project pallet depends on another project pallet's crate.

MetaChain's pallets meet only through `metachain-primitives` (shared traits and types) and the
runtime, which plugs them together; each pallet's mock stubs its collaborators. This check reads
the workspace's manifests (`cargo metadata --no-deps`, nothing is built) and refuses:
  - a pallet crate (pallets/<name>/) depending on any other pallet crate or runtime API crate,
    as a normal, dev or build dependency;
  - a runtime API crate (pallets/<name>/runtime-api/) depending on a pallet other than its own;
  - metachain-primitives depending on any pallet.
Run by scripts/test.sh; exits non-zero with the offending edges.
"""
import json
import os
import subprocess
import sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
meta = json.loads(
    subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        cwd=root, check=True, capture_output=True, text=True,
    ).stdout
)


def where(pkg):
    """('pallet', name), ('api', name), ('primitives', None) or (None, None)."""
    rel = os.path.relpath(os.path.dirname(pkg["manifest_path"]), root).split(os.sep)
    if rel[0] == "pallets" and len(rel) == 2:
        return "pallet", rel[1]
    if rel[0] == "pallets" and len(rel) == 3 and rel[2] == "runtime-api":
        return "api", rel[1]
    if rel == ["primitives"]:
        return "primitives", None
    return None, None


by_name = {p["name"]: p for p in meta["packages"]}
bad = []
edges = 0
for pkg in meta["packages"]:
    kind, name = where(pkg)
    if kind is None:
        continue
    for dep in pkg["dependencies"]:
        target = by_name.get(dep["name"])
        if target is None:
            continue
        t_kind, t_name = where(target)
        if t_kind not in ("pallet", "api"):
            continue
        edges += 1
        allowed = kind == "api" and t_kind == "pallet" and t_name == name
        if not allowed:
            section = dep.get("kind") or "normal"
            bad.append(f"{pkg['name']} -> {target['name']} ({section} dependency)")

if bad:
    print("Project pallets must not depend on each other's crates (use metachain-primitives):")
    for b in bad:
        print("  " + b)
    sys.exit(1)
print(f"crate dependencies: no pallet depends on another pallet ({edges} pallet edges checked, "
      "each a runtime API crate on its own pallet)")
