#!/usr/bin/env python3
"""Splits the phone and zone tables into the small files the config checker fetches (issue 15: it embeds
neither). `OUT/phone/<calling code>.txt` holds the phone table's header comment (source and licence) and the
lines of that calling code's regions; `OUT/tz/<area>.txt` the lines of the zones of one area (`europe`:
Europe/London, Europe/Paris…; `utc`: UTC), lines unchanged, without the zone table's header (the tz database is
in the public domain; its 70 B gzip were 12% of the file every visit of a config with opening hours fetches). The checker names the files a
page's config needs and the loader fetches just those (`www/loader.js`).

The dialog embeds the widget's English texts only: `OUT/i18n/<code>.txt` holds another language's translation
lines, each tagged `@<code> <TAB>`, so that they can be installed joined with phone and zone lines
(`core::i18n::fetched`).

usage: python3 www/split_tables.py src/core/src/phone/metadata.txt src/core/src/time/tz.txt www/i18n dist/widget
"""
import sys
from collections import defaultdict
from pathlib import Path


def split(source, out, key, keep_header=True):
    header, groups = [], defaultdict(list)
    for line in source.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("#"):
            if not groups:
                header.append(line)
            continue
        groups[key(line)].append(line)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for name, lines in groups.items():
        (out / f"{name}.txt").write_text("\n".join((header if keep_header else []) + lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(groups)} files")


def translations(folder, out):
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    for source in sorted(folder.glob("*.txt")):
        if source.stem == "en":
            continue
        lines = [f"@{source.stem}\t{line}" for line in source.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
        (out / source.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(list(out.glob('*.txt')))} files")


def main():
    phone, tz, i18n, out = (Path(arg) for arg in sys.argv[1:5])
    split(phone, out / "phone", lambda line: line.split("\t")[1])
    split(tz, out / "tz", lambda line: line.split("\t")[0].split("/")[0].lower(), keep_header=False)
    translations(i18n, out / "i18n")


if __name__ == "__main__":
    main()
