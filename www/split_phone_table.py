#!/usr/bin/env python3
"""Splits the phone table (src/core/src/phone/metadata.txt) into one file per country calling code for the
config checker, which embeds none of it (issue 15): `OUT/<calling code>.txt` holds the table's header comments
(source and licence) and the lines of that calling code's regions, unchanged. The checker asks for the codes
of the numbers in a page's config and the loader fetches just those (`www/loader.js`).

usage: python3 www/split_phone_table.py src/core/src/phone/metadata.txt dist/widget/phone
"""
import sys
from collections import defaultdict
from pathlib import Path


def main():
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    header, by_code = [], defaultdict(list)
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            if not by_code:
                header.append(line)
            continue
        by_code[line.split("\t")[1]].append(line)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for code, lines in by_code.items():
        (out / f"{code}.txt").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(by_code)} calling codes")


if __name__ == "__main__":
    main()
