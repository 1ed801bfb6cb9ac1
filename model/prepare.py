"""Stage 1: corpus -> tokenizer -> token streams (model/work/data.pt, model/work/tokenizer.json).

Training stream: <|endoftext|> doc <|endoftext|> doc ... where a doc is a run of a few
paragraphs of Brown or of a State of the Union address (corpus.split_documents), or one
synthetic chat; all shuffled together (deterministic order). Because the prose is cut into
many short documents, most document starts are prose: chats get about their share of text
at document starts, not more (the old build put 1,500 chats beside 475 whole Brown files, so
the model expected <|user|> after <|endoftext|> with p ~ 0.79).

Held-out streams (each text preceded by <|endoftext|>, plus a final one), never trained on:
  heldout        the 25 held-out Brown files, whole (the number compared across builds)
  heldout_sotu   the 12 held-out State of the Union addresses
  alice          public/corpora/alice-chapter-1.txt (a book in neither source)
  modern         model/eval/modern-prose.txt (present-day prose written for this check)
"""
import argparse
import json
import os
import random
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import chat  # noqa: E402
import corpus  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
from paths import WORK  # noqa: E402
EXTRA_EVAL = {
    "alice": os.path.join(corpus.ROOT, "public", "corpora", "alice-chapter-1.txt"),
    "modern": os.path.join(HERE, "eval", "modern-prose.txt"),
}


def stream(tok, texts, eot):
    ids = []
    for text in texts:
        ids.append(eot)
        ids.extend(tok.encode(text, allow_special=False))
    ids.append(eot)
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab-size", type=int, default=8192)
    ap.add_argument("--n-chats", type=int, default=1500)
    ap.add_argument("--no-sotu", action="store_true", help="Brown only (the old corpus)")
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    t0 = time.time()
    brown_train, brown_held = corpus.load_split()
    sotu_train, sotu_held = ([], []) if args.no_sotu else corpus.load_sotu_split()
    print(f"corpus: Brown {len(brown_train)} train / {len(brown_held)} held-out files, "
          f"SOTU {len(sotu_train)} / {len(sotu_held)} addresses", flush=True)
    prose = [t for _, t in brown_train + sotu_train]
    # the tokenizer is trained on prose only (training split)
    vocab, merges = bpe.train_bpe(prose, args.vocab_size)
    tok = bpe.Tokenizer(vocab, merges)
    tok.save(os.path.join(WORK, "tokenizer.json"))
    eot = tok.vocab["<|endoftext|>"]
    print(f"tokenizer: {args.vocab_size} ({time.time() - t0:.0f}s)", flush=True)

    rng = random.Random(args.seed)
    docs = [d for text in prose for d in corpus.split_documents(text, rng)]
    chats = chat.synthetic_chats(brown_train, args.n_chats, args.seed)
    pieces = [("doc", t) for t in docs] + [("chat", c) for c in chats]
    random.Random(args.seed).shuffle(pieces)
    train_ids, n_chat_tokens = [], 0
    for kind, text in pieces:
        ids = tok.encode(text, allow_special=(kind == "chat"))
        if kind == "chat":
            n_chat_tokens += len(ids) + 1
        train_ids.append(eot)
        train_ids.extend(ids)
    train_ids.append(eot)

    evals = {"heldout": [t for _, t in brown_held], "heldout_sotu": [t for _, t in sotu_held]}
    for name, path in EXTRA_EVAL.items():
        with open(path, encoding="utf-8") as f:
            evals[name] = [f.read().strip()]
    dtype = torch.int16 if args.vocab_size < 32768 else torch.int32
    out = {"train": torch.tensor(train_ids, dtype=dtype)}
    stats = {
        "vocab_size": args.vocab_size, "train_tokens": len(train_ids),
        "chat_tokens": n_chat_tokens, "n_chats": len(chats), "n_prose_docs": len(docs),
        "chat_share_of_tokens": round(n_chat_tokens / len(train_ids), 4),
        "chat_share_of_doc_starts": round(len(chats) / (len(chats) + len(docs)), 4),
        "train_chars_prose": sum(len(t) for t in prose),
        "heldout_files": [n for n, _ in brown_held], "heldout_sotu_files": [n for n, _ in sotu_held],
    }
    for name, texts in evals.items():
        if not texts:
            continue
        ids = stream(tok, texts, eot)
        out[name] = torch.tensor(ids, dtype=dtype)
        stats[f"{name}_tokens"] = len(ids)
        stats[f"{name}_chars"] = sum(len(t) for t in texts)
    out["stats"] = stats
    torch.save(out, os.path.join(WORK, "data.pt"))
    with open(os.path.join(WORK, "data_stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps({k: v for k, v in stats.items() if not k.endswith("_files")}),
          f"({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
