#!/usr/bin/env python3
"""Shrink what wasm-bindgen writes for a browser bundle, before wasm-opt and esbuild (issue 15).

    python3 www/shrink_bindings.py dist/widget/panel.js dist/widget/panel_bg.wasm

wasm-bindgen names each import after the Rust function and a 16-digit hash (`__wbg_querySelector_49877e2a9e3f670b`)
and writes every name twice, once in the wasm's import section and once as a key of the glue's import object: about
150 names of 30-50 characters that gzip cannot fold, about 6 KB of the dialog's gzip bytes. This gives each import a
short name (`a`, `b`, … `aa`, …) in both files, and the import module (`./panel_bg.js`) the name `a`.

It also drops `initSync` from the glue's exports (the bundles are started with the default, async initialiser), every
export the glue does not read as `wasm.<name>` (wasm-bindgen's split marker, `main`, …) and the custom sections
(`producers`, the split marker's section), and
fails if the classes `wasm-streams` exports for `server_fn`'s streaming bodies (`IntoUnderlyingSource`, …) are back:
the workspace's patched copy (src/vendor/wasm-streams) has none, because dropping their exports here left their
code in the module (their futures' closures are in the function table: 4.3 KB gzip of the dialog).

The remaining exports keep their names. Each step checks what it assumes about wasm-bindgen's output (pinned in the
Makefile) and fails the build with a message rather than write a bundle that does not start.
"""
import re
import sys

UNUSED_CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")


def fail(message):
    sys.exit(f"shrink_bindings: {message}")


def leb(data, pos):
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name_bytes(text):
    raw = text.encode()
    return uleb(len(raw)) + raw


def short_names():
    """a … z, A … Z, then two letters: keys that need no quotes in JavaScript and are not reserved words."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for a in letters:
        yield a
    for a in letters:
        for b in letters:
            if a + b not in ("do", "if", "in"):
                yield a + b


def sections(wasm):
    if wasm[:8] != b"\0asm\x01\0\0\0":
        fail("not a wasm module")
    pos, out = 8, []
    while pos < len(wasm):
        sid = wasm[pos]
        size, body = leb(wasm, pos + 1)
        out.append((sid, wasm[body:body + size]))
        pos = body + size
    return out


def read_name(body, pos):
    """A length-prefixed UTF-8 name at `pos`, and the position after it."""
    length, pos = leb(body, pos)
    return body[pos:pos + length].decode(), pos + length


def read_imports(body):
    count, pos = leb(body, 0)
    entries = []
    for _ in range(count):
        module, pos = read_name(body, pos)
        name, pos = read_name(body, pos)
        start = pos
        kind = body[pos]
        pos += 1
        if kind == 0:  # function: type index
            _, pos = leb(body, pos)
        elif kind in (1, 2):  # table: element type, limits; memory: limits
            pos += kind == 1
            flags, pos = leb(body, pos)
            _, pos = leb(body, pos)
            if flags & 1:
                _, pos = leb(body, pos)
        elif kind == 3:  # global: value type, mutability
            pos += 2
        else:
            fail(f"import kind {kind} not understood")
        entries.append((module, name, body[start:pos]))
    return entries


def read_exports(body):
    count, pos = leb(body, 0)
    entries = []
    for _ in range(count):
        name, pos = read_name(body, pos)
        start = pos
        pos += 1
        _, pos = leb(body, pos)
        entries.append((name, body[start:pos]))
    return entries


def main(js_path, wasm_path):
    js = open(js_path, encoding="utf-8").read()
    wasm = open(wasm_path, "rb").read()
    for name in UNUSED_CLASSES:
        if f"export class {name} " in js:
            fail(f"{name} is exported: is the patched wasm-streams (src/vendor) still in [patch.crates-io]?")

    used_exports = set(re.findall(r"\bwasm\.([A-Za-z_$][\w$]*)", js))
    out = bytearray(wasm[:8])
    renamed = {}
    module_name = None
    for sid, body in sections(wasm):
        if sid == 2:
            names = short_names()
            entries = []
            for module, name, rest in read_imports(body):
                if not module.startswith("./"):
                    fail(f"import module {module!r} not expected")
                if module_name not in (None, module):
                    fail("more than one import module")
                module_name = module
                short = next(names)
                renamed[name] = short
                entries.append(name_bytes("a") + name_bytes(short) + rest)
            body = uleb(len(entries)) + b"".join(entries)
        elif sid == 7:
            kept = [(name, rest) for name, rest in read_exports(body) if name in used_exports]
            missing = used_exports - {name for name, _ in kept}
            if missing:
                fail(f"the glue reads exports the module lacks: {sorted(missing)}")
            body = uleb(len(kept)) + b"".join(name_bytes(name) + rest for name, rest in kept)
        elif sid == 0:
            # Custom sections are read by tools, never by the browser or the glue: the toolchain's `producers`
            # and wasm-bindgen's `__wasm_split_unstable` marker go (about 120 B gzip).
            continue
        out += bytes([sid]) + uleb(len(body)) + body

    if module_name is None:
        fail("no imports")
    # The import object: `"./panel_bg.js": import0` and one key per import (`__wbg_…: function(…)`).
    js, n = re.subn(re.escape(f'"{module_name}": '), '"a": ', js)
    if n != 1:
        fail(f"the import module {module_name!r} appears {n} times in the glue")
    for name, short in renamed.items():
        pattern = rf"(?<![\w$]){re.escape(name)}(?=\s*:)"
        js, n = re.subn(pattern, short, js)
        if n != 1:
            fail(f"import {name} is a key {n} times in the glue")
        if re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", js):
            fail(f"import {name} is used elsewhere in the glue")

    # Only the default (async) initialiser is used (`www/loader.js`, `www/assistant/boot.js`): without its export,
    # esbuild drops `initSync`.
    js, n = re.subn(r"^export \{ initSync, __wbg_init as default \};$", "export { __wbg_init as default };", js,
                    flags=re.M)
    if n != 1:
        fail("the glue's exports are not `initSync` and the default initialiser")

    open(js_path, "w", encoding="utf-8").write(js)
    open(wasm_path, "wb").write(bytes(out))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
