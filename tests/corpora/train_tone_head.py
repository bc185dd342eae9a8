#!/usr/bin/env python3
"""Trains the tone head: P(neutral, pressure, blame | sentence vector), written to src/core/src/semantic/tone_head.txt
in the format heads.rs reads (label<TAB>bias<TAB>weights).

usage: python3 tests/corpora/train_tone_head.py [--tool CMD] [--no-write] [--l2 X]
Run from anywhere after `cargo build --release -p chatgate` (the tool embeds the sentences: `chatgate embed`, with the
model in target/model/use-m3.bin; vectors are cached in tests/corpora/.cache/embeddings.npz like train_heads.py's).

Data, all written for this project (MIT):
- tone_drafts/tone_sentences.tsv: agent sentences in en/ru/zh that press the customer, blame them, or neither
  (ordinary agent sentences, many of them near misses: deadlines as facts, polite reminders, scarcity stated politely,
  a cause explained without accusing);
- src/core/src/semantic/tone.txt: the exemplar bank (blame and pressure as themselves, every other kind as neutral).
Nothing from the tone drafts (dev/blind/structures.jsonl) and nothing from the real replies (twcs, evaluation only).

Fit: a 3-class softmax by full-batch gradient descent (train_heads.fit), L2, every (class, language) cell weighted to
the same total, so neither the larger neutral class nor one language dominates. Seeded folds.

Printed: 5-fold cross-validated precision/recall per class and language (argmax and at the thresholds the core
uses), and leave-one-language-out (train on two languages, test on the third) to show transfer.
"""
import argparse, random, sys
from collections import Counter
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEMANTIC = ROOT / "src" / "core" / "src" / "semantic"
sys.path.insert(0, str(HERE))
from train_heads import embed, fit, softmax  # noqa: E402

LABELS = ["neutral", "pressure", "blame"]
LANGS = ["en", "ru", "zh"]
L2 = 1e-4
EPOCHS = 1500
# The thresholds src/core/src/semantic/tone.rs applies (PRESSURE_AT, BLAME_AT): also reported here.
THRESHOLDS = {"pressure": 0.90, "blame": 0.90}


def rows():
    out = []
    for line in (HERE / "tone_drafts" / "tone_sentences.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, lang, text = line.split("\t")
        out.append({"label": label, "lang": lang, "text": text, "source": "tone_sentences"})
    for line in (SEMANTIC / "tone.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, lang, text = line.split("\t")
        label = kind if kind in ("pressure", "blame") else "neutral"
        out.append({"label": label, "lang": lang, "text": text, "source": "tone.txt"})
    return out


def cell_weights(data):
    """Every (label, language) cell carries the same total weight."""
    counts = Counter((r["label"], r["lang"]) for r in data)
    w = np.array([1.0 / counts[(r["label"], r["lang"])] for r in data])
    return w * len(w) / w.sum()


def train(x, data, l2, epochs=EPOCHS):
    import train_heads
    train_heads.L2 = l2
    y = np.array([LABELS.index(r["label"]) for r in data])
    return fit(x, y, cell_weights(data), len(LABELS), epochs=epochs)


def report(title, data, probs):
    """Precision/recall per class (argmax) and for pressure/blame at the thresholds, per language."""
    print(title)
    y = np.array([LABELS.index(r["label"]) for r in data])
    langs = np.array([r["lang"] for r in data])
    guess = probs.argmax(1)
    for lang in LANGS + ["all"]:
        m = np.ones(len(data), bool) if lang == "all" else langs == lang
        if not m.any():
            continue
        cells = []
        for k, label in enumerate(LABELS):
            tp = np.sum((guess == k) & (y == k) & m)
            p = tp / max(1, np.sum((guess == k) & m))
            r = tp / max(1, np.sum((y == k) & m))
            cells.append(f"{label} P {p:.1%} R {r:.1%}")
        for label, at in THRESHOLDS.items():
            k = LABELS.index(label)
            fired = (probs[:, k] >= at) & m
            tp = np.sum(fired & (y == k))
            cells.append(f"{label}@{at} P {tp / max(1, fired.sum()):.1%} R {tp / max(1, np.sum((y == k) & m)):.1%}"
                         f" (neutral fired {np.sum(fired & (y == 0))}/{np.sum((y == 0) & m)})")
        print(f"  {lang}: " + "; ".join(cells))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default=str(ROOT / "target" / "release" / "chatgate"))
    ap.add_argument("--no-write", action="store_true", help="print the cross-validation only")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    args = ap.parse_args()
    data = rows()
    print("sentences:", ", ".join(f"{l}/{g} {n}" for (l, g), n in sorted(Counter(
        (r["label"], r["lang"]) for r in data).items())))
    x = embed(args.tool, data)

    # 5-fold cross-validation, folds seeded and stratified by (label, language).
    folds = np.zeros(len(data), int)
    by_cell = {}
    for i, r in enumerate(data):
        by_cell.setdefault((r["label"], r["lang"]), []).append(i)
    rng = random.Random(13)
    for cell in sorted(by_cell):
        idx = by_cell[cell]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[i] = j % 5
    probs = np.zeros((len(data), len(LABELS)))
    for f in range(5):
        tr, te = folds != f, folds == f
        w, b = train(x[tr], [r for r, t in zip(data, tr) if t], args.l2, args.epochs)
        probs[te] = softmax(x[te] @ w + b)
    report("5-fold cross-validation:", data, probs)

    # Leave one language out: the head trained on the other two languages.
    probs = np.zeros((len(data), len(LABELS)))
    langs = np.array([r["lang"] for r in data])
    for lang in LANGS:
        tr = langs != lang
        w, b = train(x[tr], [r for r, t in zip(data, tr) if t], args.l2, args.epochs)
        probs[~tr] = softmax(x[~tr] @ w + b)
    report("leave one language out (trained on the other two):", data, probs)

    if args.no_write:
        return
    w, b = train(x, data, args.l2, args.epochs)
    path = SEMANTIC / "tone_head.txt"
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The tone head: P(neutral, pressure, blame | sentence vector) = softmax(weights . vector + bias).\n"
                "# Trained by tests/corpora/train_tone_head.py on tests/corpora/tone_drafts/tone_sentences.tsv and\n"
                "# tone.txt (agent sentences written for this project, en/ru/zh).\n"
                "# Format: label<TAB>bias<TAB>weights separated by spaces (one per vector dimension).\n")
        for i, label in enumerate(LABELS):
            f.write(f"{label}\t{b[i]:.5f}\t" + " ".join(f"{v:.4f}" for v in w[:, i]) + "\n")
    print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
