#!/usr/bin/env python3
"""Chatgate figures from the release build: what a visitor downloads, the phone table's share, CLI throughput,
and the engines' speed natively and in headless Chromium.

    python3 tests/bench.py           print the tables (make bench)
    python3 tests/bench.py --check   check the size budgets only, exit 1 when one is over (part of make test)

Reads the built files in dist/ and runs target/release/chatgate; build first (make build). Sizes are gzip: the
widget's gzip twins as its origin sends them (zopfli), gzip -9 for the other files.
The engines table needs target/release/engines-bench and target/bench-wasm (make bench builds them).
"""
import gzip
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDGET = os.path.join(ROOT, "dist", "widget")
METADATA = os.path.join(ROOT, "src", "core", "src", "phone", "metadata.txt")
CSS = os.path.join(ROOT, "www", "widget.css")
CLI = os.path.join(ROOT, "target", "release", "chatgate")
ENGINES_NATIVE = os.path.join(ROOT, "target", "release", "engines-bench")
ENGINES_WASM = os.path.join(ROOT, "target", "bench-wasm")
ENGINES_BROWSER = os.path.join(ROOT, "tests", "e2e", "bench-engines.mjs")

# Speed targets (issue: the reply assistant's engines), medians in microseconds; wasm within 3x of native.
ENGINE_TARGETS_US = {"tone 1,000 chars": 200, "rank 5,000 templates": 2000}
WASM_FACTOR = 3

# Budgets (issues: foundation, visitor widget, and issue 15: the host page pays nothing until the visitor shows
# interest). What the widget's origin sends at three moments of a visit, gzip: before the page's load event
# (the loader, with the stylesheet and the launcher's labels in it), after a 10-second visit with no interaction
# (+ the config checker, loaded when the browser is idle after load), once the dialog is open (+ the dialog).
# A stage's `target` is issue 15's; its `ceiling` fails make test. Where the target is met the two are equal;
# where it is not met yet, the ceiling is this build's size plus a little, so a regression still fails while
# the gap stays printed ("target not met") in make test's output and in make bench.
# The table files the demo config's checks fetch: the lines of its number's calling code and its zone's area.
DEMO_TABLES = ("phone/44.txt", "tz/europe.txt")
STAGES = [
    # (stage, files, target gzip bytes, ceiling gzip bytes)
    ("before the page's load event", ("loader.js",), 6 * 1024, 6 * 1024),
    # The ceilings rose with issue 16's keys (hours with the IANA zone table, contacts, pages, the greeting):
    # the checker +13 KB, the dialog +28 KB over issue 15's own build; they came down again with the config
    # reader's own JSON value, the small sort and the checker's small allocator (README, Figures).
    # Session 11: the checker embeds no phone or zone table; it asks for the lines of the config's calling codes
    # and zone area, which the loader fetches (the demo: +44, Europe/London): 53.9 → 39.5 KB gzip.
    # Session 12: the checker is a plain wasm module with a hand-written glue (no wasm-bindgen): 48.4 → 46.7 KB;
    # no slicing panic (data::part), so no Debug formatting or Unicode tables: 46.7 → 41.4 KB; a bump allocator
    # and purposes named by index, not printed: 41.4 → 39.6 KB (target met).
    # Session 21: the budgets count the bytes the widget origin sends, its gzip twins, which zopfli writes
    # (standard gzip, about 5% smaller than gzip -9): 40,315 -> 38,357 B; the ceiling is the target again.
    ("after a 10 s visit, no interaction", ("loader.js", "check.js", "check_bg.wasm") + DEMO_TABLES,
     40 * 1024, 40 * 1024),
    # Session 12: the dialog embeds no phone or zone table either (it fetches the lines it needs, as the checker
    # does): 221.5 → 212.1 KB gzip; it links no serde (records, outbox entries, events and API calls in the
    # core's own JSON value): → 189.7 KB; no sort and no HashMap for the outbox and the country list: → 184.1 KB.
    # The dialog's rules moved out of the loader into dialog.css, which comes with the dialog: loader −0.8 KB.
    # Session 13: no B-tree (the outbox's short sorted list, the page values filled without the template
    # renderer), no powf, lol_alloc's free list, a small panic hook, no <Show>, wasm-opt --converge
    # --low-memory-unused, the translation files without their comments: 185.3 → 173.9 KB.
    # Session 14: Leptos' SendWrapper without std::thread::current (src/vendor), fewer signals, one type for the
    # click, input and reactive attribute closures, one closure for the section: 173.5 → 168.0 KB.
    # Session 15: the dialog reads the config the checker accepted and wrote (core::widget_config::normalized),
    # never the page's, so it links no key parser or config error text: 168.0 → 157.7 KB (the checker +1.6 KB
    # for the writer).
    # Session 17: short import names and no exports the glue never reads (www/shrink_bindings.py): 157.7 → 150.8 KB.
    # Session 19 (README, Decisions: "Leptos the cheap way"): reactive closures build afresh instead of diffing,
    # one listener type, one reactive attribute type, no Signal or NodeRef, English only (other languages fetched),
    # boxed timers and futures, wasm-streams without its classes (src/vendor), no custom sections, the glue
    # tree-shaken and the CSS minified by esbuild, no zone installer: 150.8 -> 122.5 KB (122,494 B). The ceiling
    # is the target from now on: a change that grows the dialog past 120 KB fails `make test`.
    # Session 20 (README, Decisions: "One view type"): the screens are values of one runtime-typed view type
    # (src/panel/src/dom.rs) instead of a type per element: 122.4 -> 108.6 KB. The ceiling follows, with 1.4 KB
    # of room, so the gain is kept. Session 21: zopfli's twins, 108,558 -> 103,335 B (open, in all: 148,873 ->
    # 141,692 B); the ceilings follow. Session 22: consent delivery is the courier's (src/deliver), imported on a
    # consent: 94,277 -> 87,039 B as sent (open, in all: 132,456 -> 125,356 B; by gzip -9, 138,918 -> 131,648 B).
    # The ceilings follow, and every target now holds by gzip -9 too (check_budgets).
    ("the dialog (dialog.css, panel.js, panel_bg.wasm)", ("dialog.css", "panel.js", "panel_bg.wasm"), 120 * 1024,
     90 * 1024),
    ("once the dialog is open, in all",
     ("loader.js", "check.js", "check_bg.wasm") + DEMO_TABLES + ("dialog.css", "panel.js", "panel_bg.wasm"), 130 * 1024,
     130 * 1024),
]
BUDGET_PHONE_TABLE_GZIP = 12 * 1024


def gzip9(name):
    """A widget file's size as `gzip -9 -c <file>` writes it (GNU gzip, the file's name in the header): what a
    host that compresses with gzip -9 sends, and how issue 15's owner measures. Python's zlib at level 9 comes out
    up to 0.6% smaller on the wasm (session 22), so the budgets are checked with the tool itself."""
    return len(subprocess.run(["gzip", "-9", "-c", os.path.join(WIDGET, name)], check=True,
                              capture_output=True).stdout)


def gz(data):
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def read(path):
    with open(path, "rb") as f:
        return f.read()


def widget_file(name):
    return read(os.path.join(WIDGET, name))


def sent(name):
    """The bytes the widget origin sends for a widget file: its gzip twin (written by zopfli in make build,
    session 21), or gzip -9 of the file where the twin is missing (check_budgets fails then)."""
    twin = os.path.join(WIDGET, name + ".gz")
    return os.path.getsize(twin) if os.path.exists(twin) else gz(widget_file(name))


def visitor_files():
    """Every file a visitor downloads in a visit with no interaction, in load order: the loader before the page's
    load event, the config checker when the browser is idle after it, and the table files the demo config's
    checks ask for (DEMO_TABLES)."""
    return [(name, widget_file(name)) for name in ("loader.js", "check.js", "check_bg.wasm") + DEMO_TABLES]


def dialog_files():
    """The dialog bundle, loaded from the widget origin on the first interaction with the launcher."""
    return [(name, widget_file(name)) for name in ("dialog.css", "panel.js", "panel_bg.wasm")]


def stage_sizes():
    """[(stage, gzip bytes sent, target, ceiling, gzip -9 bytes)] for STAGES: the budgets count what is sent, the
    gzip twins; the last figure is what a host that compresses with gzip -9 on the fly would send."""
    return [(stage, sum(sent(name) for name in files), target, ceiling,
             sum(gzip9(name) for name in files))
            for stage, files, target, ceiling in STAGES]


ASSISTANT = os.path.join(ROOT, "dist", "assistant")


def assistant_files():
    """The agent assistant page's bundle (served at /assistant/, never loaded by the visitor widget)."""
    return [(name, read(os.path.join(ASSISTANT, name))) for name in ("index.html", "settings.js", "boot.js", "assistant.js", "assistant_bg.wasm", "assistant.css")]


# Strings only the assistant has: its UI text and the default template library. The visitor bundles must not
# contain them (the widget must not carry the assistant's code or data).
ASSISTANT_MARKERS = [b"Tab moves between empty placeholders", b"portal.northfield", b"as-suggestion"]


def sizes():
    rows = [(name, len(data), sent(name)) for name, data in visitor_files()]
    total = (sum(r[1] for r in rows), sum(r[2] for r in rows))
    return rows, total


def check_budgets():
    """(problems, misses): sizes over their ceiling (make test fails), and issue 15's targets not met yet."""
    table_gzip = gz(read(METADATA))
    wasm = widget_file("check_bg.wasm")
    problems, misses = [], []
    for stage, size, target, ceiling, plain in stage_sizes():
        if size > ceiling:
            problems.append(f"{stage}: {size:,} B gzip > ceiling {ceiling:,}")
        elif size > target:
            misses.append(f"{stage}: {size:,} B gzip, target {target:,} not met")
        # Issue 15's budgets hold however the host compresses: gzip -9 of the files too (session 22).
        if plain > target:
            problems.append(f"{stage}: gzip -9 of the files, {plain:,} B, > target {target:,} (as sent: {size:,} B)")
    if table_gzip > BUDGET_PHONE_TABLE_GZIP:
        problems.append(f"phone table {table_gzip} B gzip > budget {BUDGET_PHONE_TABLE_GZIP}")
    for name in ("loader.js", "check_bg.wasm", "check.js", "panel_bg.wasm", "panel.js"):
        data = widget_file(name)
        for marker in ASSISTANT_MARKERS:
            if marker in data:
                problems.append(f"{name} carries the assistant's {marker.decode()!r}")
    # The loader imports the QR encoder on screens that show QR codes: its query is widget.css's `.cg-desktop`.
    media = b"(min-width: 700px) and (min-height: 560px)"
    if media not in read(CSS) or b"DESKTOP = '" + media + b"'" not in read(os.path.join(ROOT, "www", "loader.js")):
        problems.append("the loader's DESKTOP query (www/loader.js) is not .cg-desktop's media query in widget.css")
    if b"qrcodegen" in widget_file("panel_bg.wasm"):
        problems.append("panel_bg.wasm carries the QR encoder: it is src/qr, loaded on desktop-sized screens only")
    # Consent delivery is the courier's (src/deliver, www/deliver.js), imported when a consent is given or
    # withdrawn: the dialog sends nothing itself (7.5 KB gzip of the dialog, session 22).
    for marker in (b"Idempotency-Key", b"consent endpoint refused"):
        if marker in widget_file("panel_bg.wasm") or marker in widget_file("panel.js"):
            problems.append(f"the dialog carries consent delivery ({marker.decode()!r}): it is src/deliver's")
    # Slicing a str off a character boundary panics with a message that prints the character with `{:?}`: it
    # links Debug formatting and Unicode's printable tables (about 5.7 KB gzip in the dialog, session 21). The
    # visitor bundles cut with `core::data::part` and search with chars, so neither links it.
    for name in ("check_bg.wasm", "panel_bg.wasm"):
        if b"is not a char boundary" in widget_file(name):
            problems.append(f"{name} links the str slicing panic (cut with core::data::part, search with chars)")
    for marker in (b"Tab moves between", b"leptos", b"tachys", b"reactive_graph"):
        if marker in wasm:
            problems.append(f"check_bg.wasm carries {marker.decode()!r}: the config checker must not link the dialog")
    assistant = read(os.path.join(ASSISTANT, "assistant_bg.wasm"))
    if not all(marker in assistant for marker in ASSISTANT_MARKERS[:2]):
        problems.append("the assistant markers are not in assistant_bg.wasm: the check above would prove nothing")
    # Leptos' reactive graph names its source files in its panic messages; the dialog keeps them (its views are
    # its own, `src/panel/src/dom.rs`, so tachys' names are no longer there since session 20).
    if b"reactive_graph" not in widget_file("panel_bg.wasm"):
        problems.append("'reactive_graph' is not in panel_bg.wasm: the check that the config checker has no Leptos proves nothing")
    # The checker and the dialog fetch the table's lines (phone/<code>.txt, one file a calling code, every line
    # once; tz/<area>.txt) instead of embedding the tables (session 12).
    for folder, table in (("phone", METADATA), ("tz", os.path.join(ROOT, "src", "core", "src", "time", "tz.txt"))):
        lines = [l for l in read(table).split(b"\n") if l and not l.startswith(b"#")]
        for name in ("check_bg.wasm", "panel_bg.wasm"):
            if lines[0] in widget_file(name):
                problems.append(f"{name} embeds {os.path.basename(table)}: it should fetch what it needs ({folder}/)")
        split = sorted(l for name in os.listdir(os.path.join(WIDGET, folder)) if name.endswith(".txt")
                       for l in widget_file(f"{folder}/{name}").split(b"\n") if l and not l.startswith(b"#"))
        if split != sorted(lines):
            problems.append(f"{folder}/*.txt do not hold {os.path.basename(table)}'s lines, each once")
    # Every widget file has its gzip twin (the widget origin sends it to browsers that accept gzip, session 20).
    for folder, _, names in os.walk(WIDGET):
        for name in names:
            if name.endswith(".gz"):
                continue
            path = os.path.join(folder, name)
            twin = path + ".gz"
            if not os.path.exists(twin) or gzip.decompress(read(twin)) != read(path):
                problems.append(f"{os.path.relpath(path, WIDGET)} has no gzip twin of its bytes (make build writes them)")
    loader = widget_file("loader.js")
    panel_rule = re.compile(rb"\.cg-panel\s*\{")
    if panel_rule.search(loader) or not panel_rule.search(widget_file("dialog.css")):
        problems.append("the dialog's rules should be in dialog.css, not in loader.js (www/widget.css's @dialog mark)")
    # The dialog embeds English alone; another language's texts are fetched beside it (i18n/<code>.txt, session 19).
    for source in sorted(os.listdir(os.path.join(ROOT, "www", "i18n"))):
        code = source.split(".")[0]
        lines = [l for l in read(os.path.join(ROOT, "www", "i18n", source)).split(b"\n")
                 if l.strip() and not l.startswith(b"#")]
        if code == "en":
            continue
        if lines[-1].split(b"\t", 1)[1] in widget_file("panel_bg.wasm"):
            problems.append(f"panel_bg.wasm embeds {source}: it should fetch it (i18n/{source})")
        fetched = widget_file(f"i18n/{source}").split(b"\n")
        if sorted(l for l in fetched if l) != sorted(b"@" + code.encode() + b"\t" + l for l in lines):
            problems.append(f"i18n/{source} does not hold www/i18n/{source}'s lines, each once and tagged @{code}")
    if b".cg-launcher" not in loader:
        problems.append("loader.js has no widget.css in it: the launcher would wait for a stylesheet")
    return problems, misses


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


def print_cli_long_lines():
    """One 10 MB line of each hostile shape through the CLI (text past 30,000 characters is analysed up to there)."""
    shapes = [("capitals", "HELP "), ("guillemets", "\u00ab"), ("unclosed placeholders", "{{"),
              ("Chinese", "\u6211\u7684\u8ba2\u5355\u8fd8\u6ca1\u5230\uff0c"), ("quotes and brackets", "\"([")]
    templates = os.path.join(ROOT, "www", "templates", "library.json")
    print("CLI on one 10 MB line (seconds, --no-model; text analysed up to 30,000 characters, answer says cut_at)")
    print(f"| {'shape':24} | {'tone':>7} | {'classify':>8} | {'suggest':>8} |")
    print(f"|{'-' * 26}|{'-' * 9}|{'-' * 10}|{'-' * 10}|")
    for name, unit in shapes:
        text = unit * (10_000_000 // len(unit.encode()) + 1)
        feed = (json.dumps({"text": text}, ensure_ascii=False) + "\n").encode()
        row = []
        for command in (["tone"], ["classify"], ["suggest", "--templates", templates]):
            start = time.perf_counter()
            result = subprocess.run([CLI, "--no-model", *command], input=feed, capture_output=True)
            row.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"chatgate {command[0]} failed on a long line: {result.stderr.decode()[-300:]}")
        print(f"| {name:24} | {row[0]:>7.2f} | {row[1]:>8.2f} | {row[2]:>8.2f} |")


def engines(budget_ms=300):
    native = json.loads(subprocess.run([ENGINES_NATIVE, str(budget_ms)], capture_output=True, check=True).stdout)
    # the encoder in Chromium too, on the compact model the native run reads (src/bench/src/main.rs)
    model = os.path.join(ROOT, "target", "model", "use-m3-web.bin")
    extra = [model] if os.path.exists(model) else []
    wasm = {r["name"]: r for r in node_json("engines benchmark in Chromium", ENGINES_BROWSER, ENGINES_WASM, str(budget_ms),
                                            *extra)}
    return [(r, wasm.get(r["name"])) for r in native]


def node_json(what, script, *args):
    """Runs a Node benchmark script and reads the JSON it prints; stops make bench with its stderr if it fails."""
    result = subprocess.run(["node", script, *args], capture_output=True)
    if result.returncode != 0:
        sys.exit(f"{what} failed: {result.stderr.decode()[-500:]}")
    return json.loads(result.stdout)


def print_page_cost():
    """Lighthouse on the demo page with and without the widget, and the widget's bytes on the wire during a visit
    (tests/e2e/bench-page.mjs, dist served gzip-compressed as a CDN would). Never a gate."""
    r = node_json("page cost benchmark", os.path.join(ROOT, "tests", "e2e", "bench-page.mjs"), "5")
    lh = r["lighthouse"]
    print(f"Lighthouse 12.2.3 on the demo page (mobile preset, simulated throttling, median of {lh['runs']} runs each, alternating)")
    print(f"| {'':22} | {'FCP':>9} | {'LCP':>9} | {'TBT':>8} | {'CLS':>7} |")
    print(f"|{'-' * 24}|{'-' * 11}|{'-' * 11}|{'-' * 10}|{'-' * 9}|")
    for label, key in (("without the widget", "without"), ("with Chatgate", "with"), ("delta", "delta")):
        m = lh[key]
        print(f"| {label:22} | {m['fcp']:>6.0f} ms | {m['lcp']:>6.0f} ms | {m['tbt']:>5.0f} ms | {m['cls']:>7.3f} |")
    print("(targets: FCP and LCP within +50 ms of the page without the widget, TBT <= 10 ms, CLS 0)")
    b = r["bytes"]
    print()
    print("The widget's bytes on the wire in one cold visit (gzip, headers included; Chromium's network events)")
    print(f"| {'moment':40} | {'bytes':>8} | files")
    print(f"|{'-' * 42}|{'-' * 10}|{'-' * 30}")
    for label, key in (("before the page's load event", "before_load"), ("after a 10 s visit, no interaction", "after_visit"),
                       ("once the dialog is open (hover, click)", "dialog_open")):
        print(f"| {label:40} | {b[key]:>8,} | {', '.join(b[key + '_files'])}")


def startup_figures(cpu_slowdown):
    return node_json("start-up benchmark", os.path.join(ROOT, "tests", "e2e", "bench-startup.mjs"), "20", str(cpu_slowdown))


def print_startup():
    for cpu_slowdown in (1, 4):
        print_startup_figures(startup_figures(cpu_slowdown))
        print()


def print_startup_figures(f):
    slow = f"; CPU slowed down {f['cpu_slowdown']}x, like a mid-range phone" if f["cpu_slowdown"] > 1 else ""
    print(f"Widget start-up (demo site, loopback, headless Chromium, cold cache{slow})")
    print(f"| {'loads':>5} | {'loader start -> launcher visible, median':>40} | {'max':>8} | {'layout shift':>12} |")
    print(f"|{'-' * 7}|{'-' * 42}|{'-' * 10}|{'-' * 14}|")
    print(f"| {f['loads']:>5} | {f['median_ms']:>37.1f} ms | {f['max_ms']:>5.1f} ms | {f['layout_shift']:>12.4f} |  budget: no shift;"
          f" target <= 100 ms; the page's own first paint came {f['page_first_paint_median_ms']:.1f} ms after the loader started (median)")
    print()
    budget = "; budget: none of the widget's over 50 ms" if f["cpu_slowdown"] == 1 else "; for information"
    print(f"Main-thread tasks during start-up (until 300 ms after the launcher showed{budget})")
    print(f"| {'tasks':42} | {'loads':>5} | {'longest':>9} | {'loads with one over 50 ms':>25} |")
    print(f"|{'-' * 44}|{'-' * 7}|{'-' * 11}|{'-' * 27}|")
    w, h, b = f["widget"], f["host"], f["baseline"]
    print(f"| {'the widget (traced: its scripts and wasm)':42} | {f['loads']:>5} | {w['longest_ms']:>6.1f} ms | {w['loads_over_50ms']:>25} |"
          f"  {f['widget_tasks_per_load']:.1f} tasks a load, median {f['widget_task_median_ms']:.1f} ms, p95 {f['widget_task_p95_ms']:.1f} ms")
    print(f"| {'the host page (traced, same loads)':42} | {f['loads']:>5} | {h['longest_ms']:>6.1f} ms | {h['loads_over_50ms']:>25} |")
    print(f"| {'the host page without the widget (traced)':42} | {f['baseline_loads']:>5} | {b['longest_ms']:>6.1f} ms | {b['loads_over_50ms']:>25} |")
    print(f"| {'all tasks (longtask observer, untraced)':42} | {f['loads']:>5} | {f['longest_task_ms']:>6.1f} ms | {f['loads_with_a_task_over_50ms']:>25} |")


NAMES_BUILD = os.path.join(ROOT, "target", "names", "bindgen")


def print_open():
    print("Opening the dialog (demo site, loopback, headless Chromium, cold cache; pointerdown to the first frame showing it)")
    print(f"| {'CPU':>3} | {'click':46} | {'loads':>5} | {'dialog shown, median':>20} | {'p95':>8} | "
          f"{'interaction (INP), median':>25} | {'p95':>8} |")
    print(f"|{'-' * 5}|{'-' * 48}|{'-' * 7}|{'-' * 22}|{'-' * 10}|{'-' * 27}|{'-' * 10}|")
    hover_tasks = []
    for cpu_slowdown in (1, 4):
        r = node_json("dialog opening benchmark", os.path.join(ROOT, "tests", "e2e", "bench-open.mjs"), "20", str(cpu_slowdown))
        for key, label in (("first_click", "first click, no hover (bundle loads after it)"),
                           ("hover_then_click", f"first click after a {r['hover_ms'] / 1000:g} s hover"),
                           ("open_again", "open again (Escape, click)")):
            v, i = r[key]["visible_ms"], r[key]["interaction_ms"]
            print(f"| {str(cpu_slowdown) + 'x':>3} | {label:46} | {r['loads']:>5} | {v['median']:>17.1f} ms | {v['p95']:>5.1f} ms | "
                  f"{i['median']:>22.0f} ms | {i['p95']:>5.0f} ms |")
        hover_tasks.append(f"{cpu_slowdown}x: {r['hovers_with_a_task_over_50ms']} of {r['loads']} hovers"
                           + (f" (longest {r['hover_longest_task_ms']:.0f} ms)" if r['hovers_with_a_task_over_50ms'] else ""))
    print("(interaction: the Event Timing duration of the click, input to the next paint, as INP counts it; "
          "4x = Chromium CPU throttling, a mid-range phone)")
    print("tasks over 50 ms while hovering (the dialog bundle loading, starting, building the dialog hidden): " + "; ".join(hover_tasks))


def leb128(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def demangled(name):
    """A Rust symbol as a path: wasm-bindgen demangles the names of the bundles it processes; the config checker
    is a plain module (no wasm-bindgen), so its names are still mangled — legacy (`_ZN13chatgate_core5phone…E`)
    for our crates, v0 (`_RNvNtCs…_4core3str16slice_error_fail`) for the standard library's."""
    import re
    if name.startswith("_ZN"):
        parts, at = [], 3
        while at < len(name) and name[at].isdigit():
            digits = re.match(r"\d+", name[at:]).group()
            start = at + len(digits)
            parts.append(name[start:start + int(digits)])
            at = start + int(digits)
        for code, text in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("..", "::")):
            parts = [part.replace(code, text) for part in parts]
        return "::".join(part.lstrip("_") for part in parts)
    if name.startswith("_R"):
        crate = re.search(r"C(?:s[0-9A-Za-z]*_)?(\d+)", name)
        if crate:
            idents, at = [], crate.start(1)
            while at < len(name):
                match = re.match(r"(\d+)(_?)", name[at:])
                if not match:
                    at += 1
                    continue
                length = int(match.group(1))
                start = at + len(match.group(0))
                idents.append(name[start:start + length])
                at = start + length
            return "::".join(ident for ident in idents if ident)
    return name


def crate_of(name):
    """The crate of a function, from its (demangled, as wasm-bindgen leaves it) name: `<Type as Trait>` counts
    for the type's crate, or the trait's when the type is generic or primitive; names without a path are the
    wasm-bindgen glue (or, in the checker, its exports)."""
    import re
    name = re.sub(r"\[[0-9a-f]{16}\]", "", demangled(name))
    if "::" not in name:
        return "(glue: wasm-bindgen)"
    name = name.lstrip("<")
    if name.startswith("impl ") or " as " in name.split("::")[0] or re.match(r"^[&*\[(]|^mut |^dyn ", name):
        kind, _, trait = name.partition(" as ")
        kind = re.sub(r"^(impl |dyn |&|\*|\[|\(|mut |const )+", "", kind).strip()
        if "::" not in kind.split("<")[0] and trait:
            kind = trait
        name = kind
    parts = re.split(r"::|<| |>", name)
    if parts[0].startswith("chatgate"):  # our own code, by crate and module
        return "::".join(p for p in parts[:2] if p and not re.match(r"^h[0-9a-f]{16}$|^_$|^\{\{", p))
    return parts[0] or "?"


def code_by_crate(path):
    """Function body bytes per crate, from the code section and the name section of an unstripped wasm."""
    data = read(path)
    pos, imports, bodies, names = 8, 0, [], {}
    while pos < len(data):
        section, pos = data[pos], pos + 1
        size, pos = leb128(data, pos)
        end = pos + size
        if section == 2:  # imports: function imports take the first indexes
            count, p = leb128(data, pos)
            for _ in range(count):
                for _ in range(2):
                    length, p = leb128(data, p)
                    p += length
                kind, p = data[p], p + 1
                if kind == 0:
                    imports += 1
                    _, p = leb128(data, p)
                elif kind == 1:
                    p += 1
                    flags, p = leb128(data, p)
                    _, p = leb128(data, p)
                    if flags & 1:
                        _, p = leb128(data, p)
                elif kind == 2:
                    flags, p = leb128(data, p)
                    _, p = leb128(data, p)
                    if flags & 1:
                        _, p = leb128(data, p)
                elif kind == 3:
                    p += 2
                else:
                    p += 2
        elif section == 10:
            count, p = leb128(data, pos)
            for _ in range(count):
                body, p = leb128(data, p)
                bodies.append(body)
                p += body
        elif section == 0:
            length, p = leb128(data, pos)
            if data[p:p + length] == b"name":
                p += length
                while p < end:
                    sub, p = data[p], p + 1
                    sub_size, p = leb128(data, p)
                    sub_end = p + sub_size
                    if sub == 1:
                        count, q = leb128(data, p)
                        for _ in range(count):
                            index, q = leb128(data, q)
                            length, q = leb128(data, q)
                            names[index] = data[q:q + length].decode("utf-8", "replace")
                            q += length
                    p = sub_end
        pos = end
    totals = {}
    for i, body in enumerate(bodies):
        crate = crate_of(names.get(imports + i, ""))
        totals[crate] = totals.get(crate, 0) + body
    return totals


def print_crate_costs():
    """What each dependency costs in each bundle: function bodies after wasm-bindgen, before wasm-opt, of an
    unstripped twin of the release build (make bench builds it into target/names)."""
    widget, panel = (os.path.join(NAMES_BUILD, f"{b}_bg.wasm") for b in ("check", "panel"))
    if not (os.path.exists(widget) and os.path.exists(panel)):
        print("(crate costs: run make bench, which builds target/names)")
        return
    launcher, dialog = code_by_crate(widget), code_by_crate(panel)
    crates = sorted(set(launcher) | set(dialog), key=lambda c: -(launcher.get(c, 0) + dialog.get(c, 0)))
    total_l, total_d = sum(launcher.values()), sum(dialog.values())
    print("Code by crate (function bytes after wasm-bindgen, before wasm-opt; the config checker is what every visitor downloads)")
    print(f"| {'crate (chatgate: module)':32} | {'checker':>10} | {'share':>6} | {'dialog':>10} | {'share':>6} |")
    print(f"|{'-' * 34}|{'-' * 12}|{'-' * 8}|{'-' * 12}|{'-' * 8}|")
    shown = [c for c in crates if launcher.get(c, 0) + dialog.get(c, 0) >= 1000]
    for crate in shown:
        l, d = launcher.get(crate, 0), dialog.get(crate, 0)
        print(f"| {crate[:32]:32} | {l:>10,} | {100 * l / total_l:>5.1f}% | {d:>10,} | {100 * d / total_d:>5.1f}% |")
    rest_l = total_l - sum(launcher.get(c, 0) for c in shown)
    rest_d = total_d - sum(dialog.get(c, 0) for c in shown)
    print(f"| {'(others, < 1 KB each)':32} | {rest_l:>10,} | {100 * rest_l / total_l:>5.1f}% | {rest_d:>10,} | {100 * rest_d / total_d:>5.1f}% |")
    print(f"| {'total':32} | {total_l:>10,} |        | {total_d:>10,} |        |")
    print("(code only: data such as the phone table, translations and CSS is in the sizes above)")


def print_assistant_keystrokes():
    """Keystroke to updated findings and suggestions in the assistant (tests/e2e/bench-assistant.mjs)."""
    r = node_json("assistant benchmark", os.path.join(ROOT, "tests", "e2e", "bench-assistant.mjs"))
    print("Assistant keystroke (headless Chromium; input event to every update it caused, performance.measure)")
    print(f"| {'draft':>11} | {'library':>15} | {'keystrokes':>10} | {'median':>8} | {'p95':>8} | {'max':>8} |")
    print(f"|{'-' * 13}|{'-' * 17}|{'-' * 12}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    print(f"| {r['draft_chars']:>5,} chars | {r['templates']:>5,} templates | {r['keystrokes']:>10} | {r['median_ms']:>5.1f} ms | "
          f"{r['p95_ms']:>5.1f} ms | {r['max_ms']:>5.1f} ms |  target p95 <= 16 ms: {'met' if r['p95_ms'] <= 16 else 'MISSED'}")


def print_assistant_hostile():
    """The assistant on hostile pastes (tests/e2e/bench-hostile.mjs): one input event to every update it caused."""
    r = node_json("assistant hostile-input benchmark", os.path.join(ROOT, "tests", "e2e", "bench-hostile.mjs"))
    print("Assistant on hostile input (headless Chromium; targets: paste checked <= 200 ms, later keystrokes <= 50 ms,")
    print("a 4,096-character Chinese message analysed <= 100 ms)")
    print(f"| {'input':44} | {'check':>8} | {'later keystroke max':>19} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 21}|")
    for name, row in r.items():
        if isinstance(row, dict):
            print(f"| {'reply: ' + name.replace('_', ' ') + ' chars':44} | {row['check_ms']:>5} ms | {row['later']['max_ms']:>16} ms |")
        else:
            label = 'customer message: ' + name.removeprefix('message_').removesuffix('_ms').replace('_', ' ') + ' chars'
            print(f"| {label:44} | {row:>5} ms | {'':>19} |")


def print_receiver():
    """The consent receiver under load: tests/e2e/receiver-load.mjs against a fresh `chatgate serve --db`."""
    r = node_json("receiver load test", os.path.join(ROOT, "tests", "e2e", "receiver-load.mjs"))
    print("Consent receiver (chatgate serve --db, SQLite WAL + synchronous=FULL, loopback, Node fetch clients)")
    print(f"| {'records':>7} | {'sent twice':>10} | {'requests':>8} | {'clients':>7} | {'requests/s':>10} | {'p50':>8} | {'p99':>8} | {'stored':>6} |")
    print(f"|{'-' * 9}|{'-' * 12}|{'-' * 10}|{'-' * 9}|{'-' * 12}|{'-' * 10}|{'-' * 10}|{'-' * 8}|")
    print(f"| {r['records']:>7,} | {r['duplicates']:>10,} | {r['requests']:>8,} | {r['clients']:>7} | {r['rps']:>10,.0f} | "
          f"{r['p50']:>5.1f} ms | {r['p99']:>5.1f} ms | {r['stored']:>6,} |")
    print("statuses: " + ", ".join(f"{k}: {v:,}" for k, v in sorted(r["statuses"].items())))


def fmt_us(us):
    return f"{us / 1000:,.1f} ms" if us >= 10_000 else f"{us:,.1f} µs"


def print_engines():
    print("Engines (median of repeated runs; native = target/release, wasm = release build in headless Chromium)")
    print(f"| {'workload':32} | {'native':>10} | {'native p95':>10} | {'wasm':>10} | {'wasm p95':>10} | {'wasm/native':>11} | target")
    print(f"|{'-' * 34}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 12}|{'-' * 13}|{'-' * 24}")
    misses = []
    measured = engines()
    for native, wasm in measured:
        name = native["name"]
        if name.startswith("encoder:"):
            continue
        target = next((t for prefix, t in ENGINE_TARGETS_US.items() if name.startswith(prefix)), None)
        ratio = wasm["median_us"] / native["median_us"] if wasm and native["median_us"] > 0 else float("nan")
        notes = []
        if target is not None:
            notes.append(f"native <= {fmt_us(target)}")
            if native["median_us"] > target:
                misses.append(f"{name}: native {fmt_us(native['median_us'])} > {fmt_us(target)}")
        notes.append(f"wasm <= {WASM_FACTOR}x")
        if ratio > WASM_FACTOR:
            misses.append(f"{name}: wasm {ratio:.1f}x native")
        print(f"| {name:32} | {fmt_us(native['median_us']):>10} | {fmt_us(native['p95_us']):>10} | "
              f"{fmt_us(wasm['median_us']) if wasm else '-':>10} | {fmt_us(wasm['p95_us']) if wasm else '-':>10} | "
              f"{ratio:>10.1f}x | {', '.join(notes)}")
    print("engine speed targets: " + ("; ".join(misses) if misses else "all met"))
    print_encoder([(native, wasm) for native, wasm in measured if native["name"].startswith("encoder:")])


def print_encoder(results):
    """The sentence encoder: the model files `make model` writes, and load and encode times natively and in
    headless Chromium."""
    print()
    print("Sentence encoder (make model; native = target/release, wasm = release build in headless Chromium)")
    for name in ("use-m3.bin", "use-m3-web.bin"):
        path = os.path.join(ROOT, "target", "model", name)
        if os.path.exists(path):
            data = read(path)
            print(f"| model {name:22} | {len(data):>12,} B raw | {gz(data):>12,} B gzip |")
    if not results:
        print("(no model: run make model)")
    for r, wasm in results:
        target = " (targets: native <= 5 ms, wasm <= 15 ms)" if "encode" in r["name"] else ""
        in_browser = f" wasm median {fmt_us(wasm['median_us']):>10} |" if wasm else ""
        print(f"| {r['name'][len('encoder: '):]:28} | median {fmt_us(r['median_us']):>10} | p95 {fmt_us(r['p95_us']):>10} |"
              f"{in_browser}{target}")


def main():
    if "--check" in sys.argv:
        problems, misses = check_budgets()
        for p in problems:
            print("over budget:", p)
        for m in misses:
            print("issue 15 target not met yet (not a failure; README, Figures):", m)
        print("size budgets: " + ("FAILED" if problems else "ok"))
        return 1 if problems else 0

    rows, (total_raw, total_gzip) = sizes()
    print("Visitor download in a visit with no interaction (release build, dist/widget; gzip: the twins sent)")
    print(f"| {'file':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    for name, raw, packed in rows:
        print(f"| {name:28} | {raw:>10,} | {packed:>10,} |")
    print(f"| {'total':28} | {total_raw:>10,} | {total_gzip:>10,} |")
    print()
    print("The dialog (loaded on the first interaction with the launcher; gzip: the twins sent)")
    print(f"| {'file':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    dialog = [(name, len(data), sent(name)) for name, data in dialog_files()]
    for name, raw, packed in dialog:
        print(f"| {name:28} | {raw:>10,} | {packed:>10,} |")
    print(f"| {'total':28} | {sum(r[1] for r in dialog):>10,} | {sum(r[2] for r in dialog):>10,} |")
    print()
    print("Loaded later, when needed (not in the stages below)")
    print(f"| {'file':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    for name, why in (("qr.js", "desktop QR code"), ("qr_bg.wasm", "desktop QR code"),
                      ("deliver.js", "consent courier"), ("deliver_bg.wasm", "consent courier")):
        print(f"| {name + ' (' + why + ')':28} | {len(widget_file(name)):>10,} | {sent(name):>10,} |")
    print()
    print("What the widget's origin sends, by moment of the visit (its gzip twins; gzip -9 of the same files beside)")
    print(f"| {'moment':40} | {'gzip bytes':>10} | {'target':>8} | {'ceiling':>8} | {'gzip -9':>8} |")
    print(f"|{'-' * 42}|{'-' * 12}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")
    for stage, size, target, ceiling, plain in stage_sizes():
        verdict = "met" if size <= target else "NOT MET"
        print(f"| {stage:40} | {size:>10,} | {target:>8,} | {ceiling:>8,} | {plain:>8,} |  target {verdict}")
    print()
    print("The agent assistant page (/assistant/, separate from the visitor widget)")
    print(f"| {'file':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    page = [(name, len(data), gz(data)) for name, data in assistant_files()]
    for name, raw, packed in page:
        print(f"| {name:28} | {raw:>10,} | {packed:>10,} |")
    print(f"| {'total':28} | {sum(r[1] for r in page):>10,} | {sum(r[2] for r in page):>10,} |")
    css = read(CSS)
    table = read(METADATA)
    print()
    print("Inside the wasm")
    print(f"| {'part':28} | {'raw bytes':>10} | {'gzip bytes':>10} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|")
    print(f"| {'widget.css (in loader.js)':28} | {len(css):>10,} | {gz(css):>10,} |")
    print(f"| {'phone table (metadata.txt)':28} | {len(table):>10,} | {gz(table):>10,} |  budget {BUDGET_PHONE_TABLE_GZIP:,} gzip")
    print()
    print_crate_costs()
    count, seconds = phone_throughput()
    print()
    print("CLI throughput (target/release/chatgate, best of 3, JSON Lines in and out)")
    print(f"| {'command':28} | {'inputs':>10} | {'seconds':>10} | {'per second':>12} |")
    print(f"|{'-' * 30}|{'-' * 12}|{'-' * 12}|{'-' * 14}|")
    print(f"| {'phone':28} | {count:>10,} | {seconds:>10.3f} | {count / seconds:>12,.0f} |")
    print()
    print_cli_long_lines()
    print()
    print_page_cost()
    print()
    print_startup()
    print_open()
    print()
    print_engines()
    print()
    print_assistant_keystrokes()
    print()
    print_assistant_hostile()
    print()
    print_receiver()
    problems, misses = check_budgets()
    print()
    print("size budgets: " + ("; ".join(problems) if problems else "all within their ceilings"))
    print("issue 15 size targets: " + ("; ".join(misses) if misses else "all met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
