#!/usr/bin/env python3
"""Merge the weight functions of a partial benchmark run into a pallet's generated weights.rs.

    scripts/merge-weights.py <partial.rs> <weights.rs>

`scripts/benchmark.sh` writes <partial.rs> when EXTRINSICS names some of a pallet's benchmarks
(the others keep the figures of their last run): each function of <partial.rs> replaces the
function of the same name in the `WeightInfo` trait, the `SubstrateWeight` impl and the `()`
impl of <weights.rs> (with its storage comments), or is added at the end of each. The header
gains a line naming the re-run functions, their date and settings, so the file says which run
each figure comes from; an earlier re-run line stops naming the functions this run replaced.
"""
import re
import sys

SECTIONS = [
    ("trait", re.compile(r"^pub trait WeightInfo \{$")),
    ("substrate", re.compile(r"^impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> \{$")),
    ("unit", re.compile(r"^impl WeightInfo for \(\) \{$")),
]
FN = re.compile(r"^\tfn (\w+)\(")


def split(text):
    """(prefix, {section: (start, end, [(name, lines)])}) with line indices into text."""
    lines = text.split("\n")
    found = {}
    for key, pat in SECTIONS:
        start = next(i for i, l in enumerate(lines) if pat.match(l))
        end = next(i for i in range(start + 1, len(lines)) if lines[i] == "}")
        chunks, pending = [], []
        i = start + 1
        while i < end:
            l = lines[i]
            m = FN.match(l)
            if m and key == "trait":
                chunks.append((m.group(1), [l]))
            elif m:
                body = pending + [l]
                pending = []
                while lines[i] != "\t}":
                    i += 1
                    body.append(lines[i])
                chunks.append((m.group(1), body))
            elif l.startswith("\t///"):
                pending.append(l)
            i += 1
        found[key] = (start, end, chunks)
    return lines, found


def main():
    partial_path, target_path = sys.argv[1], sys.argv[2]
    partial = open(partial_path).read()
    target = open(target_path).read()
    _, new = split(partial)
    lines, old = split(target)
    names = [n for n, _ in new["trait"][2]]
    out = []
    cursor = 0
    for key, _ in SECTIONS:
        start, end, chunks = old[key]
        out.extend(lines[cursor : start + 1])
        replacement = dict(new[key][2])
        merged = [(n, replacement.pop(n, body)) for n, body in chunks]
        merged += [(n, body) for n, body in new[key][2] if n in replacement]
        for _, body in merged:
            out.extend(body)
        cursor = end
    out.extend(lines[cursor:])
    text = "\n".join(out)
    date = re.search(r"DATE: (\S+), STEPS: `(\d+)`, REPEAT: `(\d+)`", partial)
    note = "//! Re-run alone: {} (DATE: {}, STEPS: `{}`, REPEAT: `{}`; EXTRINSICS=... scripts/benchmark.sh).".format(
        ", ".join(f"`{n}`" for n in names), date.group(1), date.group(2), date.group(3)
    )
    # An earlier re-run's line no longer names the functions this run replaced (a line left
    # with none goes).
    kept = []
    for line in text.split("\n"):
        m = re.match(r"^//! Re-run alone: (.*?) \(DATE: (.*)$", line)
        if m:
            left = [n for n in re.findall(r"`(\w+)`", m.group(1)) if n not in names]
            if not left:
                continue
            line = "//! Re-run alone: {} (DATE: {}".format(", ".join(f"`{n}`" for n in left), m.group(2))
        kept.append(line)
    text = "\n".join(kept)
    text = text.replace("//!\n//! Regenerate with", note + "\n//!\n//! Regenerate with", 1)
    open(target_path, "w").write(text)
    print(f"merged {', '.join(names)} into {target_path}")


if __name__ == "__main__":
    main()
