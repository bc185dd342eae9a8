#!/usr/bin/env python3
"""Chatgate figures from the release build: what a visitor downloads, the phone table's share, CLI throughput.

    python3 tests/bench.py           print the tables (make bench)
    python3 tests/bench.py --check   check the size budgets only, exit 1 when one is over (part of make test)

Reads the built files in dist/ and runs target/release/chatgate; build first (make build). Sizes are gzip -9.
"""
import gzip
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDGET = os.path.join(ROOT, "dist", "widget")
METADATA = os.path.join(ROOT, "src", "core", "phone", "metadata.txt")
CSS = os.path.join(ROOT, "www", "widget.css")
CLI = os.path.join(ROOT, "target", "release", "chatgate")

# Budgets (issues: foundation and visitor widget).
BUDGET_VISITOR_TOTAL_GZIP = 110 * 1024
BUDGET_LOADER_GZIP = 3 * 1024
BUDGET_PHONE_TABLE_GZIP = 12 * 1024


def gz(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def visitor_files():
    """Every file a visitor downloads to see the launcher, in load order."""
    return [(name, read(os.path.join(WIDGET, name))) for name in ("loader.js", "widget.js", "widget_bg.wasm")]


def sizes():
    rows = [(name, len(data), gz(data)) for name, data in visitor_files()]
    total = (sum(r[1] for r in rows), sum(r[2] for r in rows))
    return rows, total


def check_budgets():
    rows, (_, total_gzip) = sizes()
    loader_gzip = dict((r[0], r[2]) for r in rows)["loader.js"]
    table_gzip = gz(read(METADATA))
    wasm = read(os.path.join(WIDGET, "widget_bg.wasm"))
    problems = []
    if total_gzip > BUDGET_VISITOR_TOTAL_GZIP:
        problems.append(f"visitor download {total_gzip} B gzip > budget {BUDGET_VISITOR_TOTAL_GZIP}")
    if loader_gzip > BUDGET_LOADER_GZIP:
        problems.append(f"loader {loader_gzip} B gzip > budget {BUDGET_LOADER_GZIP}")
    if table_gzip > BUDGET_PHONE_TABLE_GZIP:
        problems.append(f"phone table {table_gzip} B gzip > budget {BUDGET_PHONE_TABLE_GZIP}")
    first_line = next(l for l in read(METADATA).split(b"\n") if l and not l.startswith(b"#"))
    if first_line not in wasm:
        problems.append("the phone table is not embedded verbatim in the wasm (its share cannot be measured)")
    return problems


def phone_throughput(count=100_000):
    with open(os.path.join(ROOT, "tests", "fixtures", "phone_cases.jsonl"), encoding="utf-8") as f:
        cases = [json.loads(line) for line in f if line.strip()]
    lines = [json.dumps({"input": c["input"], "region": c["region"]}, ensure_ascii=False) for c in cases]
    feed = ("\n".join(lines[i % len(lines)] for i in range(count)) + "\n").encode()
    best = None
    for _ in range(3):
        start = time.perf_counter()
        result = subprocess.run([CLI, "phone"], input=feed, capture_output=True)
        elapsed = time.perf_counter() - start
        if result.returncode not in (0, 1):
            sys.exit(f"chatgate phone failed: {result.stderr.decode()[-300:]}")
        best = elapsed if best is None else min(best, elapsed)
    return count, best


def main():
    if "--check" in sys.argv:
        problems = check_budgets()
        for p in problems:
            print("over budget:", p)
        print("size budgets: " + ("FAILED" if problems else "ok"))
        return 1 if problems else 0

    rows, (total_raw, total_gzip) = sizes()
    print("Visitor download (release build, dist/widget)")
    print(f"| {'file':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    for name, raw, packed in rows:
        print(f"| {name:28} | {raw:>10,} | {packed:>10,} |")
    print(f"| {'total':28} | {total_raw:>10,} | {total_gzip:>10,} |  budget {BUDGET_VISITOR_TOTAL_GZIP:,} gzip")
    css = read(CSS)
    table = read(METADATA)
    print()
    print("Inside the wasm")
    print(f"| {'part':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    print(f"| {'widget.css (adopted sheet)':28} | {len(css):>10,} | {gz(css):>10,} |")
    print(f"| {'phone table (metadata.txt)':28} | {len(table):>10,} | {gz(table):>10,} |  budget {BUDGET_PHONE_TABLE_GZIP:,} gzip")
    count, seconds = phone_throughput()
    print()
    print("CLI throughput (target/release/chatgate, best of 3, JSON Lines in and out)")
    print(f"| {'command':28} | {'inputs':>10} | {'seconds':>10} | {'per second':>12} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|{'-' * 14}|")
    print(f"| {'phone':28} | {count:>10,} | {seconds:>10.3f} | {count / seconds:>12,.0f} |")
    problems = check_budgets()
    print()
    print("size budgets: " + ("; ".join(problems) if problems else "all within budget"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
