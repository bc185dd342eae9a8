#!/usr/bin/env python3
"""Generates src/core/src/phone/metadata.txt from Google's libphonenumber metadata.

The data is libphonenumber's PhoneNumberMetadata (Apache License 2.0), read through the `phonenumbers`
package from PyPI, which ships the same metadata. Run (from the repository root):

    pip install phonenumbers==9.0.43
    python3 src/core/src/phone/generate_metadata.py --examples tests/fixtures/phone_examples.jsonl \
        > src/core/src/phone/metadata.txt

Output: one line per region, tab-separated:
    region  calling-code  lengths  national-prefixes  international-prefixes  leading-digits  main
    trunk-in-number  prefixes
- lengths: possible national-number lengths (full numbers only, local-only lengths are left out), e.g. 7,9-10
- national-prefixes: literal prefixes a national number may start with that are not part of the number,
  each optionally `from>to` when libphonenumber's transform rule replaces it (Argentina's 0 11 15 -> 9 11)
- international-prefixes: literal prefixes that introduce an international number when dialled in the region
- leading-digits: national-number prefixes that identify this region among those sharing its calling code
  (in the NANP: the area codes of its fixed and mobile numbers, and codes where it has numbers and the US none)
- main: `*` for the region libphonenumber treats as the main one for the calling code
- trunk-in-number: `y` when national numbers themselves can start with the trunk prefix (Russia's 8 800 ...),
  so a number written without it is still read whole; otherwise a leading trunk prefix is never kept
- prefixes: the leading digits the region's numbers have, with the lengths numbers starting so have, as a
  digit trie (format and construction in number_prefixes.py): derived from the national-number pattern and
  possible lengths of every number type (fixed line, mobile, toll free, premium rate, shared cost, personal,
  VoIP, pager, UAN, voicemail). Each region's trie is cut at a depth of 1 to MAX_PREFIX_DEPTH digits (never
  deeper than its shortest number), chosen so that the whole table stays under GZIP_BUDGET bytes gzipped:
  the depths that stop the most random impossible numbers per byte are taken first (choose_depths).
Empty fields are `-`. The regex forms in the metadata are expanded into literal lists when they describe a
small finite set; patterns that do not (local-only dialling, carrier codes with open tails) are skipped,
which README documents.

Self-check: the example number libphonenumber gives for every number type of every region (and of every
non-geographic calling code) must have a possible length and a known prefix in the generated table, or the
script fails. With --examples FILE they are also written as JSON lines (region, type, national_number,
international and national forms as libphonenumber formats them, e164) for src/core/tests/phone_examples.rs,
which checks that normalize_phone reads each of them to its E.164. The size reached is printed on stderr.
"""
import argparse
import gzip
import json
import re
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as C
    import sre_parse
import sys

import phonenumbers
from phonenumbers import PhoneMetadata
from phonenumbers.data import _COUNTRY_CODE_TO_REGION_CODE

from number_prefixes import (TYPE_NAMES, choose_depths, has_numbers_starting_with, lookup, number_types, parse_lengths,
                             prefix_columns)

LIMIT = 4000  # strings per expanded alternative before giving up
MAX_PREFIX_DEPTH = 4  # digits the prefixes column looks at, at most
GZIP_BUDGET = 11_500  # bytes: the whole table, gzipped as `gzip -c` does, stays under this (budget: 12 KB)


class Infinite(Exception):
    pass


def expand(node_list, groups):
    """All strings (with captured groups) matched by a parsed regex, as (text, {group: text}) pairs."""
    results = [("", {})]
    for op, av in node_list:
        if op is C.LITERAL:
            alts = [(chr(av), {})]
        elif op is C.IN:
            chars = []
            for kind, val in av:
                if kind is C.LITERAL:
                    chars.append(chr(val))
                elif kind is C.RANGE:
                    chars.extend(chr(c) for c in range(val[0], val[1] + 1))
                elif kind is C.CATEGORY and val is C.CATEGORY_DIGIT:
                    chars.extend("0123456789")
                else:
                    raise Infinite(kind)
            alts = [(c, {}) for c in chars]
        elif op is C.CATEGORY:
            raise Infinite(op)
        elif op is C.BRANCH:
            alts = []
            for branch in av[1]:
                alts.extend(expand(list(branch), groups))
        elif op is C.SUBPATTERN:
            group, _, _, sub = av
            inner = expand(list(sub), groups)
            alts = [(t, {**g, group: t} if group else g) for t, g in inner]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            lo, hi, sub = av
            if hi > 3:
                raise Infinite(op)
            inner = expand(list(sub), groups)
            alts = []
            for n in range(lo, hi + 1):
                acc = [("", {})]
                for _ in range(n):
                    acc = [(a + b, {**ga, **gb}) for a, ga in acc for b, gb in inner]
                alts.extend(acc)
        elif op is C.AT:
            raise Infinite(op)
        else:
            raise Infinite(op)
        results = [(a + b, {**ga, **gb}) for a, ga in results for b, gb in alts]
        if len(results) > LIMIT:
            raise Infinite("too many")
    return results


def literal_set(pattern):
    """The finite set of strings a regex matches, or None when it is not small and finite."""
    if not pattern:
        return None
    try:
        return expand(list(sre_parse.parse(pattern)), {})
    except Infinite:
        return None


def national_prefixes(meta):
    pattern = meta.national_prefix_for_parsing
    if pattern is None:
        return [meta.national_prefix] if meta.national_prefix else []
    rule = meta.national_prefix_transform_rule
    plain, grouped = set(), {}
    # Alternatives anchored at the end ($) describe local-only dialling; drop them, keep the rest.
    for alt in split_top_level(pattern):
        if "$" in alt:
            continue
        strings = literal_set(alt)
        if strings is None or len(strings) > 1000:
            continue  # open-ended or very large (carrier-selection codes): not typed into a widget
        for text, groups in strings:
            if not text:
                continue
            if rule and groups.get(1):
                value = groups[1]
                at = text.index(value)
                key = (text[:at], text[at + len(value):], re.sub(r"\\(\d)", r"$\1", rule))
                grouped.setdefault(key, set()).add(value)
            elif not rule or not groups:
                plain.add(text)
    if meta.national_prefix and not any(text.startswith(meta.national_prefix) for text in plain):
        plain.add(meta.national_prefix)  # the pattern was open-ended; the plain trunk prefix still applies
    out = sorted(plain, key=lambda s: (-len(s), s))
    # `pre{a|b}post>rule` stands for the pairs pre+a+post -> rule with $1 replaced by a.
    for (pre, post, replacement), values in sorted(grouped.items()):
        out.insert(0, f"{pre}{{{'|'.join(sorted(values))}}}{post}>{replacement}")
    return out


def split_top_level(pattern):
    parts, depth, current = [], 0, ""
    for ch in pattern:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "|" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return parts


def international_prefixes(meta):
    out = set()
    for alt in split_top_level(meta.international_prefix or ""):
        strings = literal_set(alt)
        if strings is not None and len(strings) <= 60:  # larger sets are carrier-selection codes
            out.update(t for t, _ in strings if t)
    if meta.preferred_international_prefix:
        out.add(meta.preferred_international_prefix.replace("~", ""))
    return sorted(out, key=lambda s: (-len(s), s))


def compress_lengths(lengths):
    lengths = sorted(lengths)
    out, i = [], 0
    while i < len(lengths):
        j = i
        while j + 1 < len(lengths) and lengths[j + 1] == lengths[j] + 1:
            j += 1
        out.append(str(lengths[i]) if i == j else f"{lengths[i]}-{lengths[j]}")
        i = j + 1
    return ",".join(out)


def minimal_prefixes(prefixes):
    prefixes = sorted(set(prefixes), key=lambda s: (len(s), s))
    kept = []
    for p in prefixes:
        if not any(p.startswith(k) for k in kept):
            kept.append(p)
    return sorted(kept)


NANP_NON_GEOGRAPHIC = (500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 532, 533, 544, 566, 577, 588, 600, 700,
                       800, 833, 844, 855, 866, 877, 888, 900)


def nanp_area_codes(region):
    meta = PhoneMetadata.metadata_for_region(region)
    # Codes the United States has no number in and this region has (Canada's non-geographic 600, 622, 633).
    types, us_types = number_types(meta), number_types(PhoneMetadata.metadata_for_region("US"))
    codes = [str(area) for area in range(200, 1000)
             if region != "US" and has_numbers_starting_with(types, str(area))
             and not has_numbers_starting_with(us_types, str(area))]
    # Geographic codes: the non-geographic ones are shared by the whole plan (toll free, personal 5XX).
    patterns = [d.national_number_pattern for d in (meta.fixed_line, meta.mobile)
                if d is not None and d.national_number_pattern]
    compiled = [re.compile(p) for p in patterns]
    for area in range(200, 1000):
        if area in NANP_NON_GEOGRAPHIC:
            continue
        found = False
        for exchange in range(200, 1000):
            for subscriber in ("1234", "0000", "5678", "9999"):
                number = f"{area}{exchange}{subscriber}"
                if any(c.fullmatch(number) for c in compiled):
                    found = True
                    break
            if found:
                break
        if found and str(area) not in codes:
            codes.append(str(area))
    return sorted(codes)


def leading_digits(region, meta, shared):
    if not shared or meta.main_country_for_code:
        return []
    if meta.country_code == 1:
        return nanp_area_codes(region)
    if meta.leading_digits:
        strings = literal_set(meta.leading_digits)
        if strings is not None:
            return minimal_prefixes(t for t, _ in strings)
    return []


def trunk_in_number(meta):
    """Whether some national number of the region starts with its trunk prefix (decided on libphonenumber's
    own example numbers and on random numbers checked against its patterns)."""
    prefix = meta.national_prefix
    if not prefix:
        return False
    import random
    rng = random.Random(7)
    descs = [meta.fixed_line, meta.mobile, meta.toll_free, meta.premium_rate, meta.shared_cost, meta.personal_number,
             meta.voip, meta.pager, meta.uan, meta.voicemail]
    for desc in descs:
        if desc is None:
            continue
        if desc.example_number and desc.example_number.startswith(prefix):
            return True
        if not desc.national_number_pattern:
            continue
        pattern = re.compile(desc.national_number_pattern)
        for length in desc.possible_length or meta.general_desc.possible_length:
            if length <= len(prefix):
                continue
            for _ in range(3000):
                number = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix)))
                if pattern.fullmatch(number):
                    return True
    return False


def region_lines():
    """The table's region lines as (fields, metadata), in calling-code order, without the prefixes column."""
    out = []
    for code, regions in sorted(_COUNTRY_CODE_TO_REGION_CODE.items()):
        real = [r for r in regions if r != "001"]
        for region in real:
            meta = PhoneMetadata.metadata_for_region(region)
            lengths = [n for n in meta.general_desc.possible_length if n > 0]
            fields = [
                region,
                str(code),
                compress_lengths(lengths),
                ",".join(national_prefixes(meta)) or "-",
                ",".join(international_prefixes(meta)) or "-",
                ",".join(leading_digits(region, meta, len(real) > 1)) or "-",
                "*" if meta.main_country_for_code or len(real) == 1 else "-",
                "y" if trunk_in_number(meta) else "-",
            ]
            out.append((fields, meta))
        # Calling codes for non-geographic services (satellite, UIFN): accepted as E.164, no region.
        if not real:
            meta = PhoneMetadata.metadata_for_nongeo_region(code)
            if meta is not None:
                lengths = [n for n in meta.general_desc.possible_length if n > 0]
                out.append((["001", str(code), compress_lengths(lengths), "-", "-", "-", "*", "-"], meta))
    return out


def split_list(field):
    return [] if field == "-" else field.split(",")


def render(lines, columns):
    header = (f"# libphonenumber metadata {phonenumbers.__version__}, Apache License 2.0; "
              "generated by generate_metadata.py")
    return "\n".join([header] + ["\t".join(fields + [column]) for (fields, _), column in zip(lines, columns)]) + "\n"


def choose_prefix_columns(lines):
    """Each region's prefixes column, as deep as the gzip budget allows (see number_prefixes.choose_depths)."""
    options = [prefix_columns(meta, MAX_PREFIX_DEPTH, split_list(fields[5])) for fields, meta in lines]

    def gzip_size(columns):
        return len(gzip.compress(render(lines, columns).encode(), 6, mtime=0))

    columns = choose_depths(options, lambda columns: gzip_size(columns) <= GZIP_BUDGET)
    return columns, gzip_size(columns)


def example_numbers(lines):
    """libphonenumber's example number of every number type of every region, with the forms people write."""
    rows = []
    for fields, meta in lines:
        region, code = fields[0], int(fields[1])
        for name in TYPE_NAMES:
            desc = getattr(meta, name)
            if desc is None or not desc.example_number:
                continue
            number = phonenumbers.parse(f"+{code}{desc.example_number}", None)
            row = {"region": region, "type": name, "national_number": desc.example_number,
                   "international": phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
                   "national": None, "e164": f"+{code}{desc.example_number}"}
            if region != "001":
                row["national"] = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
            rows.append(row)
    return rows


def check_examples(lines, columns, examples):
    """Every example number must have a possible length and a known prefix in the generated table."""
    by_line = {}
    for (fields, _), column in zip(lines, columns):
        by_line[(fields[0], fields[1])] = (fields[2], column)
    refused = []
    for row in examples:
        lengths, column = by_line[(row["region"], row["e164"][1:len(row["e164"]) - len(row["national_number"])])]
        region_mask = parse_lengths(lengths)
        national = row["national_number"]
        if not region_mask >> len(national) & 1 or not lookup(column, region_mask, national) >> len(national) & 1:
            refused.append(f"{row['region']} {row['type']} {row['e164']}")
    if refused:
        sys.exit("example numbers the table refuses:\n" + "\n".join(refused))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", help="also write libphonenumber's example numbers as JSON lines here")
    args = parser.parse_args()
    lines = region_lines()
    columns, size = choose_prefix_columns(lines)
    examples = example_numbers(lines)
    check_examples(lines, columns, examples)
    if args.examples:
        with open(args.examples, "w", encoding="utf-8") as out:
            for row in examples:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    sys.stdout.write(render(lines, columns))
    print(f"{len(lines)} lines, {size} B gzip, {len(examples)} example numbers accepted", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
