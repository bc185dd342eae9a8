"""Canonical, length-limited Huffman coding of byte rows (used by convert.py).

Each row is coded with the table of its group (the embedding chunk), LSB-first like
deflate, and padded to a whole byte so rows can be decoded independently.
"""

import heapq

import numpy as np

MAX_LEN = 12


def code_lengths(freq, max_len=MAX_LEN):
    """Huffman code lengths for 256 symbols; unused symbols get 0. Limits lengths by
    flattening the histogram until the longest code fits."""
    freq = np.asarray(freq, dtype=np.float64).copy()
    while True:
        used = np.nonzero(freq)[0]
        lens = np.zeros(256, dtype=np.uint8)
        if len(used) == 1:
            lens[used] = 1
            return lens
        heap = [(freq[s], i, [s]) for i, s in enumerate(used)]
        heapq.heapify(heap)
        tie = len(heap)
        while len(heap) > 1:
            fa, _, a = heapq.heappop(heap)
            fb, _, b = heapq.heappop(heap)
            for s in a + b:
                lens[s] += 1
            heapq.heappush(heap, (fa + fb, tie, a + b))
            tie += 1
        if lens.max() <= max_len:
            return lens
        freq[used] = np.maximum(freq[used], freq.sum() / 2 ** (max_len - 2))


def canonical_codes(lens):
    """Canonical codes (MSB-first values) from lengths, ordered by (length, symbol)."""
    codes = np.zeros(256, dtype=np.uint32)
    code = 0
    prev = 0
    for s in sorted((s for s in range(256) if lens[s]), key=lambda s: (lens[s], s)):
        code <<= int(lens[s]) - prev
        prev = int(lens[s])
        codes[s] = code
        code += 1
    return codes


def reverse_bits(v, n):
    r = 0
    for _ in range(n):
        r = (r << 1) | (v & 1)
        v >>= 1
    return r


def encode_rows(rows, groups, n_groups):
    """rows: (n, w) uint8, groups: (n,) group index. Returns (lens (n_groups, 256) uint8,
    row_bytes (n,) uint16, data uint8)."""
    lens = np.zeros((n_groups, 256), dtype=np.uint8)
    rev = np.zeros((n_groups, 256), dtype=np.uint64)
    for g in range(n_groups):
        hist = np.bincount(rows[groups == g].ravel(), minlength=256)
        if hist.sum() == 0:
            hist[0] = 1
        lens[g] = code_lengths(hist)
        codes = canonical_codes(lens[g])
        rev[g] = [reverse_bits(int(codes[s]), int(lens[g][s])) for s in range(256)]
    sym_len = lens[groups[:, None], rows].astype(np.int64)  # (n, w)
    sym_code = rev[groups[:, None], rows]
    row_bits = sym_len.sum(axis=1)
    row_bytes = (row_bits + 7) // 8
    if row_bytes.max(initial=0) >= 1 << 16:
        raise ValueError("row too long for u16 length")
    row_start = np.concatenate([[0], np.cumsum(row_bytes)[:-1]]) * 8
    flat_len = sym_len.ravel()
    flat_code = sym_code.ravel()
    sym_start = (np.cumsum(flat_len) - flat_len)  # bit offset within the concatenation
    # make offsets row-relative, then absolute in the byte-padded stream
    row_first = np.repeat(np.arange(len(rows)), rows.shape[1])
    within = sym_start - np.repeat(sym_start.reshape(rows.shape)[:, 0], rows.shape[1])
    abs_start = row_start[row_first] + within
    total_bits = int(row_bytes.sum()) * 8
    bits = np.zeros(total_bits, dtype=np.uint8)
    k = np.arange(flat_len.sum()) - np.repeat(np.cumsum(flat_len) - flat_len, flat_len)
    pos = np.repeat(abs_start, flat_len) + k
    bits[pos] = (np.repeat(flat_code, flat_len) >> k.astype(np.uint64)) & 1
    data = np.packbits(bits, bitorder="little")
    return lens, row_bytes.astype(np.uint16), data


def decode_row(data, start, lens, width):
    """Reference decoder (for tests): returns `width` symbols."""
    codes = canonical_codes(lens)
    table = {(int(lens[s]), reverse_bits(int(codes[s]), int(lens[s]))): s
             for s in range(256) if lens[s]}
    out = []
    bitpos = start * 8
    while len(out) < width:
        acc = 0
        for n in range(1, MAX_LEN + 1):
            acc |= ((data[(bitpos + n - 1) // 8] >> ((bitpos + n - 1) % 8)) & 1) << (n - 1)
            if (n, acc) in table:
                out.append(table[(n, acc)])
                bitpos += n
                break
        else:
            raise ValueError("bad code")
    return out
