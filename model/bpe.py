"""Byte-level BPE in the GPT-2 style, trained from scratch on the Brown training split.

- Pre-tokenizer: the GPT-2 regex (same pattern as the Hugging Face `ByteLevel` pre-tokenizer
  with `use_regex: true`), via the `regex` module for \\p{L} / \\p{N}.
- Bytes are mapped to printable unicode characters (GPT-2 `bytes_to_unicode`), so every
  string is covered and a space shows as `Ġ`.
- Training: count pre-tokens, then repeatedly merge the most frequent adjacent pair
  (ties broken by the pair's strings, so the result is deterministic), updating pair counts
  incrementally. Vocabulary: 256 byte symbols + merges + special tokens (at the end).
"""
import heapq
import json
from collections import Counter, defaultdict

import regex

GPT2_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
PRE_TOKENIZE = regex.compile(GPT2_PATTERN)

SPECIAL_TOKENS = ["<|endoftext|>", "<|system|>", "<|user|>", "<|assistant|>", "<|tool|>", "<|end|>"]


def bytes_to_unicode():
    """Map every byte to a printable unicode char (printable ASCII/Latin-1 keep their own)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1)) \
        + list(range(ord("\u00ae"), ord("\u00ff") + 1))
    chars = keep[:]
    n = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(keep, chars)}


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {c: b for b, c in BYTE_ENCODER.items()}


def pretokenize(text):
    """Text -> list of pre-tokens, each as a string of byte-level symbols."""
    return ["".join(BYTE_ENCODER[b] for b in piece.encode("utf-8"))
            for piece in PRE_TOKENIZE.findall(text)]


def train_bpe(texts, vocab_size, special_tokens=SPECIAL_TOKENS, verbose=True):
    counts = Counter()
    for t in texts:
        counts.update(pretokenize(t))
    base = [BYTE_ENCODER[b] for b in range(256)]
    n_merges = vocab_size - len(base) - len(special_tokens)
    words = [list(w) for w in counts]
    freqs = [counts[w] for w in counts]

    pair_count = defaultdict(int)
    pair_where = defaultdict(set)
    for i, (w, f) in enumerate(zip(words, freqs)):
        for a, b in zip(w, w[1:]):
            pair_count[(a, b)] += f
            pair_where[(a, b)].add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)

    merges = []
    while len(merges) < n_merges and heap:
        negc, pair = heapq.heappop(heap)
        if pair_count.get(pair, 0) != -negc or negc == 0:
            continue  # stale entry
        a, b = pair
        new = a + b
        merges.append(pair)
        changed = set()
        for i in sorted(pair_where.pop(pair, ())):
            w = words[i]
            f = freqs[i]
            # remove this word's old pairs
            for p in zip(w, w[1:]):
                pair_count[p] -= f
                changed.add(p)
            out = []
            j = 0
            while j < len(w):
                if j + 1 < len(w) and w[j] == a and w[j + 1] == b:
                    out.append(new)
                    j += 2
                else:
                    out.append(w[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_count[p] += f
                pair_where[p].add(i)
                changed.add(p)
        pair_count.pop(pair, None)
        for p in changed:
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            else:
                pair_count.pop(p, None)
        if verbose and len(merges) % 500 == 0:
            print(f"  merge {len(merges)}/{n_merges}: {a!r}+{b!r} ({-negc})", flush=True)
    vocab = {s: i for i, s in enumerate(base)}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    for s in special_tokens:
        vocab[s] = len(vocab)
    return vocab, merges


class Tokenizer:
    """Encoder/decoder that applies merges exactly like HF `BPE` (lowest rank first, leftmost)."""

    def __init__(self, vocab, merges, special_tokens=SPECIAL_TOKENS):
        self.vocab = vocab
        self.inv = {i: s for s, i in vocab.items()}
        self.ranks = {tuple(m): r for r, m in enumerate(merges)}
        self.merges = [tuple(m) for m in merges]
        self.special = list(special_tokens)
        self.special_re = regex.compile("(" + "|".join(regex.escape(s) for s in self.special) + ")")
        self.cache = {}

    def _bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        sym = list(word)
        while len(sym) > 1:
            best, best_i = None, -1
            for i in range(len(sym) - 1):
                r = self.ranks.get((sym[i], sym[i + 1]))
                if r is not None and (best is None or r < best):
                    best, best_i = r, i
            if best is None:
                break
            sym[best_i:best_i + 2] = [sym[best_i] + sym[best_i + 1]]
        ids = [self.vocab[s] for s in sym]
        self.cache[word] = ids
        return ids

    def encode(self, text, allow_special=True):
        ids = []
        parts = self.special_re.split(text) if allow_special else [text]
        for part in parts:
            if not part:
                continue
            if allow_special and part in self.special:
                ids.append(self.vocab[part])
                continue
            for w in pretokenize(part):
                ids.extend(self._bpe(w))
        return ids

    def decode(self, ids):
        out, buf = [], []
        for i in ids:
            s = self.inv[int(i)]
            if s in self.special:
                if buf:
                    out.append(bytes(buf).decode("utf-8", errors="replace"))
                    buf = []
                out.append(s)
            else:
                buf.extend(BYTE_DECODER[c] for c in s)
        if buf:
            out.append(bytes(buf).decode("utf-8", errors="replace"))
        return "".join(out)

    def token_string(self, i):
        return self.inv[int(i)]

    def save(self, path):
        with open(path, "w") as f:
            json.dump({"vocab": self.vocab, "merges": [list(m) for m in self.merges],
                       "special": self.special}, f, ensure_ascii=False)

    @classmethod
    def load(cls, path):
        with open(path) as f:
            d = json.load(f)
        return cls(d["vocab"], d["merges"], d["special"])


def hf_tokenizer_json(tok, model_max_length):
    """The Hugging Face `tokenizers` JSON for this tokenizer (GPT-2 layout)."""
    added = [{"id": tok.vocab[s], "content": s, "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": False, "special": True} for s in tok.special]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                           "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True,
                    "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None,
                  "continuing_subword_prefix": "", "end_of_word_suffix": "", "fuse_unk": False,
                  "byte_fallback": False, "ignore_merges": False,
                  "vocab": {s: i for s, i in tok.vocab.items() if s not in tok.special},
                  "merges": [a + " " + b for a, b in tok.merges]},
    }
