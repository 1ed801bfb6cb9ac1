"""Stage 1: corpus -> tokenizer -> token streams (model/work/data.pt, model/work/tokenizer.json).

Training stream: <|endoftext|> doc <|endoftext|> doc ... with the synthetic chat examples
shuffled in among the documents (deterministic order). Held-out stream: the 25 held-out
Brown files, pure prose, each preceded by <|endoftext|>, plus a final <|endoftext|>.
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

WORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vocab-size", type=int, default=4096)
    ap.add_argument("--n-chats", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    os.makedirs(WORK, exist_ok=True)
    t0 = time.time()
    train_docs, held_docs = corpus.load_split()
    print(f"corpus: {len(train_docs)} train docs, {len(held_docs)} held-out docs", flush=True)
    # the tokenizer is trained on prose only (train split)
    vocab, merges = bpe.train_bpe([t for _, t in train_docs], args.vocab_size)
    tok = bpe.Tokenizer(vocab, merges)
    tok.save(os.path.join(WORK, "tokenizer.json"))
    eot = tok.vocab["<|endoftext|>"]

    chats = chat.synthetic_chats(train_docs, args.n_chats, args.seed)
    pieces = [("doc", t) for _, t in train_docs] + [("chat", c) for c in chats]
    random.Random(args.seed).shuffle(pieces)
    train_ids, n_chat_tokens = [], 0
    for kind, text in pieces:
        ids = tok.encode(text, allow_special=(kind == "chat"))
        if kind == "chat":
            n_chat_tokens += len(ids) + 1
        train_ids.append(eot)
        train_ids.extend(ids)
    train_ids.append(eot)
    held_ids = []
    for _, text in held_docs:
        held_ids.append(eot)
        held_ids.extend(tok.encode(text, allow_special=False))
    held_ids.append(eot)
    held_chars = sum(len(t) for _, t in held_docs)
    stats = {
        "train_tokens": len(train_ids), "chat_tokens": n_chat_tokens, "n_chats": len(chats),
        "heldout_tokens": len(held_ids), "heldout_chars": held_chars,
        "train_chars_prose": sum(len(t) for _, t in train_docs),
        "heldout_files": [n for n, _ in held_docs],
    }
    torch.save({"train": torch.tensor(train_ids, dtype=torch.int16 if args.vocab_size < 32768 else torch.int32),
                "heldout": torch.tensor(held_ids, dtype=torch.int16 if args.vocab_size < 32768 else torch.int32),
                "stats": stats}, os.path.join(WORK, "data.pt"))
    with open(os.path.join(WORK, "data_stats.json"), "w") as f:
        json.dump(stats, f, indent=1)
    print(json.dumps({k: v for k, v in stats.items() if k != "heldout_files"}), f"({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
