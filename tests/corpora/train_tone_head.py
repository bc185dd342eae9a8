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
uses), and leave-one-language-out (train on two languages, test on the third) to show transfer; for both, a table
of pressure / blame precision and recall at the lines 0.5-0.95 and the recall at precision >= 90 / 94%.

Since session 14 the head also reads public agent turns as neutral (.cache/agent_turns.jsonl from
`extract.py --only agent_turns`: ABCD's sample, MultiWOZ system utterances, CrossWOZ system turns; en and zh),
EXT_CAP per language, that cell at EXT_WEIGHT of a written cell (--ext-cap / --ext-weight; --ext-cap 0 gives session
13's head byte for byte). Options measured in session 14 and NOT used for the shipped head:
--chat-weight W: tone_drafts/tone_neutral_chat.tsv (chatty neutral sentences written in session 14) at W;
--model mlp --hidden H --l2 X --epochs E: one hidden tanh layer, Adam on minibatches (the core has no reader for
it: it did not beat the linear head at equal precision, README).

Session 15: tone_drafts/tone_sentences_r3.tsv, about 1,700 sentences written by another hand in businesses and
registers the first file lacks, read at --r3-weight of a written cell's weight (0: not read). Its rows get their own
folds, so the first file's folds stay as they were: the cross-validation prints the figures on the first file's rows
(comparable with a run without r3) and on r3's rows. --transfer: the head trained without r3, as shipped before
(all of the first file, tone.txt, agent turns), measured on r3: a held-out estimate on another hand's sentences.
Measured in session 15 and NOT used for the shipped head (R3_WEIGHT 0; README of tone_drafts): the shipped head finds
23.9% of r3's pressing sentences at 96.1% precision and 14.4% of its blaming ones at 93.4% (on its own folds 39.1 /
36.4%); trained with r3 (--r3-weight 1 --r3-shared-cells) it finds 36.4 / 39.2% on the first file's folds (93.4 /
90.4% precision) and 33.8 / 18.3% of r3 in cross-validation, but it added 9 findings on real replies (all false
alarms) and no expected finding on the blind sets (blind half B 80.0%, blind2 74.2%, as before).
"""
import argparse, json, random, sys
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
THRESHOLDS = {"pressure": 0.95, "blame": 0.95}
# The lines the comparison tables report.
LINES = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# Agent turns of public dialogues (.cache/agent_turns.jsonl, extract.py: ABCD, MultiWOZ, CrossWOZ) as neutral
# hard negatives: at most EXT_CAP per language, and the cell of each language carries EXT_WEIGHT of a written
# cell's weight, so they do not drown the written classes.
# Session 14: with them (1,500 per language at half a cell's weight) every draft set reads exactly as before at the
# 0.9 line (blind half B 76.7%, blind2 72.7%, dev, structures), and the head's findings on real replies fall from
# 15 to 12 (all judged false alarms); cross-validated recall at precision >= 90% moves 50.8 -> 49.0% (pressure) and
# 40.9 -> 44.6% (blame). At EXT_WEIGHT 1.0 the CV was no better. --ext-cap 0 gives session 13's head.
EXT_CAP = 1500
EXT_WEIGHT = 0.5
# tone_drafts/tone_neutral_chat.tsv (neutral sentences in the chatty register of social-media support): the cell
# of each language carries CHAT_WEIGHT of a written cell's weight. Not used (0): at 0.5 the head's findings on real
# replies fell to 8, but every draft set lost (blind half B 75.0%, blind2 71.2%, dev half B clean 94.4%; README).
CHAT_WEIGHT = 0.0
# tone_drafts/tone_sentences_r3.tsv (session 15): each (label, language) cell carries R3_WEIGHT of a written cell.
# Not used (0): in cells of its own at 1.0 the head's findings on real replies rose from 12 to 30 (all false alarms,
# chatty marketing and friendly anticipation), in shared cells to 21, and the blind sets gained nothing (README).
R3_WEIGHT = 0.0
# Whether r3's sentences fill cells of their own (each carrying R3_WEIGHT) or join the first file's cells (sharing
# their weight, so the classes keep their totals and R3_WEIGHT scales each r3 sentence against a first-file one).
R3_OWN_CELLS = True
# The non-linear head: one hidden layer of HIDDEN tanh units, Adam on minibatches, L2, EPOCHS_MLP passes.
HIDDEN = 64
MLP_L2 = 1e-4
EPOCHS_MLP = 40


def rows(ext_cap=EXT_CAP, r3=None):
    out = []
    if r3 is None:
        r3 = R3_WEIGHT > 0
    if r3:
        for line in (HERE / "tone_drafts" / "tone_sentences_r3.tsv").read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            label, lang, text = line.split("\t")
            out.append({"label": label, "lang": lang, "text": text, "source": "r3"})
    for line in (HERE / "tone_drafts" / "tone_sentences.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, lang, text = line.split("\t")
        out.append({"label": label, "lang": lang, "text": text, "source": "tone_sentences"})
    for line in (HERE / "tone_drafts" / "tone_neutral_chat.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip() or not CHAT_WEIGHT:
            continue
        label, lang, text = line.split("\t")
        out.append({"label": label, "lang": lang, "text": text, "source": "chat"})
    for line in (SEMANTIC / "tone.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        kind, lang, text = line.split("\t")
        label = kind if kind in ("pressure", "blame") else "neutral"
        out.append({"label": label, "lang": lang, "text": text, "source": "tone.txt"})
    path = HERE / ".cache" / "agent_turns.jsonl"
    if ext_cap and path.exists():
        ext = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for lang in LANGS:
            mine = sorted((r for r in ext if r["lang"] == lang), key=lambda r: r["id"])
            random.Random(14).shuffle(mine)
            out += [{"label": "neutral", "lang": lang, "text": r["text"], "source": "agent_turns"}
                    for r in mine[:ext_cap]]
    elif ext_cap:
        print("note: .cache/agent_turns.jsonl is missing (python3 tests/corpora/extract.py --only agent_turns)")
    return out


def group(r):
    if r["source"] == "r3":
        return "r3" if R3_OWN_CELLS else "written"
    return r["source"] if r["source"] in ("agent_turns", "chat") else "written"


def cell_weights(data, ext_weight=EXT_WEIGHT, chat_weight=None):
    """Every (label, language) cell of written sentences carries the same total weight; a language's agent turns
    carry ext_weight of that, its chatty neutral sentences chat_weight."""
    key = lambda r: (r["label"], r["lang"], group(r))
    counts = Counter(key(r) for r in data)
    share = {"written": 1.0, "agent_turns": ext_weight, "chat": CHAT_WEIGHT if chat_weight is None else chat_weight,
             "r3": R3_WEIGHT}
    # In shared cells an r3 sentence counts R3_WEIGHT of a first-file sentence.
    own = {k: (R3_WEIGHT if (not R3_OWN_CELLS and r["source"] == "r3") else 1.0) for r in data for k in [id(r)]}
    mass = Counter()
    for r in data:
        mass[key(r)] += own[id(r)]
    w = np.array([share[group(r)] * own[id(r)] / mass[key(r)] for r in data])
    return w * len(w) / w.sum()


class Linear:
    def __init__(self, l2=L2, epochs=EPOCHS):
        self.l2, self.epochs = l2, epochs

    def train(self, x, data, ext_weight):
        import train_heads
        train_heads.L2 = self.l2
        y = np.array([LABELS.index(r["label"]) for r in data])
        self.w, self.b = fit(x, y, cell_weights(data, ext_weight), len(LABELS), epochs=self.epochs)
        return self

    def probs(self, x):
        return softmax(x @ self.w + self.b)


class Mlp:
    """P = softmax(W2 tanh(W1 x + b1) + b2), trained by Adam on weighted cross-entropy with L2, seeded."""

    def __init__(self, hidden=HIDDEN, l2=MLP_L2, epochs=EPOCHS_MLP, rate=2e-3, batch=128, seed=14):
        self.hidden, self.l2, self.epochs, self.rate, self.batch, self.seed = hidden, l2, epochs, rate, batch, seed

    def train(self, x, data, ext_weight):
        rng = np.random.default_rng(self.seed)
        x = x.astype(np.float32)
        y = np.array([LABELS.index(r["label"]) for r in data])
        target = np.eye(len(LABELS), dtype=np.float32)[y]
        weight = cell_weights(data, ext_weight).astype(np.float32)
        d, h, k = x.shape[1], self.hidden, len(LABELS)
        p = {"w1": rng.normal(0, 1 / np.sqrt(d), (d, h)).astype(np.float32), "b1": np.zeros(h, np.float32),
             "w2": rng.normal(0, 1 / np.sqrt(h), (h, k)).astype(np.float32), "b2": np.zeros(k, np.float32)}
        m = {n: np.zeros_like(v) for n, v in p.items()}
        v2 = {n: np.zeros_like(v) for n, v in p.items()}
        t = 0
        for _ in range(self.epochs):
            order = rng.permutation(len(y))
            for s in range(0, len(y), self.batch):
                i = order[s:s + self.batch]
                a = np.tanh(x[i] @ p["w1"] + p["b1"])
                g = (softmax(a @ p["w2"] + p["b2"]) - target[i]) * weight[i, None] / len(i)
                ga = (g @ p["w2"].T) * (1 - a * a)
                grads = {"w2": a.T @ g + self.l2 * p["w2"], "b2": g.sum(0),
                         "w1": x[i].T @ ga + self.l2 * p["w1"], "b1": ga.sum(0)}
                t += 1
                for n in p:
                    m[n] = 0.9 * m[n] + 0.1 * grads[n]
                    v2[n] = 0.999 * v2[n] + 0.001 * grads[n] ** 2
                    p[n] -= self.rate * (m[n] / (1 - 0.9 ** t)) / (np.sqrt(v2[n] / (1 - 0.999 ** t)) + 1e-8)
        self.p = p
        return self

    def quantize(self, digits=3):
        """Weights rounded to `digits` significant digits, as the file stores them."""
        self.p = {n: np.array([float(f"{v:.{digits}g}") for v in a.ravel()], np.float32).reshape(a.shape)
                  for n, a in self.p.items()}
        return self

    def probs(self, x):
        a = np.tanh(x.astype(np.float32) @ self.p["w1"] + self.p["b1"])
        return softmax((a @ self.p["w2"] + self.p["b2"]).astype(np.float64))


def make(args):
    if args.model == "mlp":
        return Mlp(hidden=args.hidden, l2=args.l2 if args.l2 is not None else MLP_L2, epochs=args.epochs or EPOCHS_MLP)
    return Linear(l2=args.l2 if args.l2 is not None else L2, epochs=args.epochs or EPOCHS)


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


def lines_table(title, data, probs):
    """Pressure and blame precision / recall at each line of LINES (all languages), with the written neutral
    sentences and the agent turns that fire; and the recall at the first line whose precision reaches 90 / 94%."""
    print(title)
    y = np.array([LABELS.index(r["label"]) for r in data])
    ext = np.array([r["source"] == "agent_turns" for r in data])
    for label in ("pressure", "blame"):
        k = LABELS.index(label)
        cells = []
        for at in LINES:
            fired = probs[:, k] >= at
            tp = np.sum(fired & (y == k))
            cells.append(f"@{at}: P {tp / max(1, fired.sum()):.1%} R {tp / max(1, np.sum(y == k)):.1%}"
                         f" (fa written {np.sum(fired & (y == 0) & ~ext)}, turns {np.sum(fired & ext)})")
        print(f"  {label}: " + "; ".join(cells))
        order = np.argsort(-probs[:, k])
        hits = np.cumsum(y[order] == k)
        prec = hits / np.arange(1, len(order) + 1)
        for want in (0.90, 0.94):
            ok = np.nonzero(prec >= want)[0]
            if len(ok):
                n = ok.max()
                print(f"    at precision >= {want:.0%}: recall {hits[n] / np.sum(y == k):.1%} (line {probs[order[n], k]:.3f})")


def folds_of(data):
    """5 folds, seeded and stratified by (label, language, source). The r3 rows are split on their own (seed 15),
    so the other rows keep the folds they had before r3 existed."""
    r3 = [i for i, r in enumerate(data) if r["source"] == "r3"]
    if r3:
        rest = [i for i, r in enumerate(data) if r["source"] != "r3"]
        folds = np.zeros(len(data), int)
        folds[rest] = folds_of([data[i] for i in rest])
        folds[r3] = folds_of_seeded([data[i] for i in r3], 15)
        return folds
    return folds_of_seeded(data, 13)


def folds_of_seeded(data, seed):
    folds = np.zeros(len(data), int)
    by_cell = {}
    for i, r in enumerate(data):
        by_cell.setdefault((r["label"], r["lang"], group(r)), []).append(i)
    rng = random.Random(seed)
    for cell in sorted(by_cell):
        idx = by_cell[cell]
        rng.shuffle(idx)
        for j, i in enumerate(idx):
            folds[i] = j % 5
    return folds


def transfer(args):
    """The head trained as before (no r3), measured on tone_sentences_r3.tsv, and the reverse: a head trained on r3
    (with tone.txt and the agent turns, not the first file) measured on the first file."""
    globals()["R3_WEIGHT"] = 1.0
    data = rows(args.ext_cap, r3=True)
    x = embed(args.tool, data)
    is_r3 = np.array([r["source"] == "r3" for r in data])
    is_first = np.array([r["source"] == "tone_sentences" for r in data])
    for name, train, test in (("trained without r3, tested on r3", ~is_r3, is_r3),
                              ("trained without the first file, tested on it", ~is_first, is_first)):
        head = make(args).train(x[train], [r for r, t in zip(data, train) if t], args.ext_weight)
        sub = [r for r, t in zip(data, test) if t]
        probs = head.probs(x[test])
        report(f"transfer, {name}:", sub, probs)
        lines_table(f"transfer, {name}, by line:", sub, probs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", default=str(ROOT / "target" / "release" / "chatgate"))
    ap.add_argument("--no-write", action="store_true", help="print the cross-validation only")
    ap.add_argument("--no-cv", action="store_true", help="write the head without cross-validating")
    ap.add_argument("--model", choices=["linear", "mlp"], default="linear")
    ap.add_argument("--hidden", type=int, default=HIDDEN)
    ap.add_argument("--l2", type=float)
    ap.add_argument("--epochs", type=int)
    ap.add_argument("--ext-cap", type=int, default=EXT_CAP, help="agent turns per language (0: none)")
    ap.add_argument("--ext-weight", type=float, default=EXT_WEIGHT)
    ap.add_argument("--chat-weight", type=float, default=CHAT_WEIGHT)
    ap.add_argument("--r3-weight", type=float, default=R3_WEIGHT,
                    help="tone_sentences_r3.tsv at this share of a written cell (0: not read)")
    ap.add_argument("--r3-shared-cells", action="store_true",
                    help="r3 joins the first file's (label, language) cells instead of cells of its own")
    ap.add_argument("--transfer", action="store_true",
                    help="only: train without r3 (as before), measure on tone_sentences_r3.tsv")
    args = ap.parse_args()
    globals()["CHAT_WEIGHT"] = args.chat_weight
    globals()["R3_WEIGHT"] = args.r3_weight
    globals()["R3_OWN_CELLS"] = not args.r3_shared_cells
    if args.transfer:
        return transfer(args)
    data = rows(args.ext_cap)
    print("sentences:", ", ".join(f"{l}/{g}/{s} {n}" for (l, g, s), n in sorted(Counter(
        (r["label"], r["lang"], group(r)) for r in data).items())))
    x = embed(args.tool, data)
    print(f"model: {args.model}" + (f", {args.hidden} hidden" if args.model == "mlp" else ""))

    if not args.no_cv:
        folds = folds_of(data)
        probs = np.zeros((len(data), len(LABELS)))
        for f in range(5):
            tr, te = folds != f, folds == f
            head = make(args).train(x[tr], [r for r, t in zip(data, tr) if t], args.ext_weight)
            probs[te] = head.probs(x[te])
        report("5-fold cross-validation:", data, probs)
        lines_table("5-fold cross-validation, by line:", data, probs)
        if any(r["source"] == "r3" for r in data):
            for name, keep in (("the first file's folds (no r3 rows)", lambda r: r["source"] != "r3"),
                               ("r3's rows only", lambda r: r["source"] == "r3")):
                m = np.array([keep(r) for r in data])
                sub = [r for r, k in zip(data, m) if k]
                report(f"5-fold cross-validation on {name}:", sub, probs[m])
                lines_table(f"5-fold cross-validation on {name}, by line:", sub, probs[m])

        # Leave one language out: the head trained on the other two languages.
        probs = np.zeros((len(data), len(LABELS)))
        langs = np.array([r["lang"] for r in data])
        for lang in LANGS:
            tr = langs != lang
            head = make(args).train(x[tr], [r for r, t in zip(data, tr) if t], args.ext_weight)
            probs[~tr] = head.probs(x[~tr])
        report("leave one language out (trained on the other two):", data, probs)
        lines_table("leave one language out, by line:", data, probs)

    if args.no_write:
        return
    head = make(args).train(x, data, args.ext_weight)
    path = SEMANTIC / "tone_head.txt"
    with open(path, "w", encoding="utf-8") as f:
        extra = (" and public agent turns as neutral" if args.ext_cap else "") + (
            " and tone_neutral_chat.tsv" if CHAT_WEIGHT else "") + (
            f" and tone_sentences_r3.tsv at {R3_WEIGHT:g}" if R3_WEIGHT else "")
        f.write("# The tone head: P(neutral, pressure, blame | sentence vector)"
                + (".\n" if args.model == "mlp" else " = softmax(weights . vector + bias).\n")
                + "# Trained by tests/corpora/train_tone_head.py on tests/corpora/tone_drafts/tone_sentences.tsv and\n"
                f"# tone.txt (agent sentences written for this project, en/ru/zh){extra}.\n")
        if args.model == "mlp":
            head.quantize()
            f.write("# Format: one hidden layer of tanh units, then a softmax: `hidden<TAB>bias<TAB>weights` per\n"
                    "# unit (one weight per vector dimension), then `label<TAB>bias<TAB>weights` per label (one\n"
                    "# weight per hidden unit). Weights rounded to 3 significant digits.\n")
            for j in range(head.hidden):
                f.write(f"hidden\t{head.p['b1'][j]:.3g}\t" + " ".join(f"{v:.3g}" for v in head.p["w1"][:, j]) + "\n")
            for i, label in enumerate(LABELS):
                f.write(f"{label}\t{head.p['b2'][i]:.3g}\t" + " ".join(f"{v:.3g}" for v in head.p["w2"][:, i]) + "\n")
        else:
            f.write("# Format: label<TAB>bias<TAB>weights separated by spaces (one per vector dimension).\n")
            for i, label in enumerate(LABELS):
                f.write(f"{label}\t{head.b[i]:.5f}\t" + " ".join(f"{v:.4f}" for v in head.w[:, i]) + "\n")
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
