"""Stage 4: golden data from PyTorch fp32 (model/gpt.py), not from ONNX.

tests/golden/lm-notes-tiny.json: for each fixed text, input_ids = [<|endoftext|>] + tokenize(text);
logprobs[i] = ln p(input_ids[i+1] | input_ids[:i+1]) for the n real tokens; top10 at every
one of the n+1 positions (the last one predicts the token after the text).
"""
import argparse
import json
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import chat  # noqa: E402
from export import load_model  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

TEXTS = [
    "The United States of America",
    "Once upon a time there was a",
    "The committee said on Friday that the new school would be ready by the fall of next year.",
    "The quixotic zookeeper juxtaposed xylophones with phlegmatic kumquats.",
    "In 1961, prices rose 3.5% to $12,400 (about 8 cents a share) -- or so they said!",
    "We met at the café in Zürich 🙂 — naïve, but fun.",
]

CHAT_EXAMPLE = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello!"},
    {"role": "assistant", "content": "Hello. How can I help?"},
    {"role": "user", "content": "Tell me about the jury."},
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "lm-notes-tiny.json"))
    ap.add_argument("--top-k", type=int, default=10)
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, ck = load_model(args.ckpt)
    tok = bpe.Tokenizer.load(os.path.join(HERE, "work", "tokenizer.json"))
    bos = tok.vocab["<|endoftext|>"]
    cases = []
    for text in TEXTS:
        ids = [bos] + tok.encode(text, allow_special=False)
        assert tok.decode(ids[1:]) == text
        with torch.no_grad():
            logits, _ = model(torch.tensor([ids]))
        logp = F.log_softmax(logits[0].double(), dim=-1)
        tgt = torch.tensor(ids[1:])
        lp = logp[:-1].gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
        top = torch.topk(logp, args.top_k, dim=-1)
        cases.append({
            "text": text,
            "input_ids": ids,
            "tokens": [tok.token_string(i) for i in ids],
            "token_texts": [tok.decode([i]) for i in ids],
            "logprobs": [round(float(x), 7) for x in lp],
            "sum_logprob": round(float(lp.sum()), 6),
            "top_ids": top.indices.tolist(),
            "top_logprobs": [[round(float(x), 7) for x in row] for row in top.values],
            "top_tokens": [[tok.decode([i]) for i in row] for row in top.indices.tolist()],
        })
    rendered = chat.render(CHAT_EXAMPLE, add_generation_prompt=True)
    golden = {
        "model": "lm-notes-tiny",
        "source": "PyTorch fp32 forward of model/gpt.py (not ONNX)",
        "vocab_size": model.cfg.vocab_size,
        "n_positions": model.cfg.n_positions,
        "bos_token_id": bos,
        "eos_token_id": bos,
        "special_tokens": {s: tok.vocab[s] for s in tok.special},
        "convention": ("input_ids = [<|endoftext|>] + tokenize(text) (the tokenizer adds no special "
                       "tokens; the runtime prepends <|endoftext|> so the first real token has a "
                       "probability). logprobs[i] = natural-log p(input_ids[i+1] | input_ids[0..i]), "
                       "n values for n real tokens. top_ids/top_logprobs[i] = the top-k next tokens "
                       "after input_ids[0..i] (natural log, sorted), n+1 rows; the last row predicts "
                       "the token after the text. tokens = byte-level BPE strings (Ġ = space); "
                       "token_texts = each id decoded alone."),
        "top_k": args.top_k,
        "heldout": ck.get("metrics", {}),
        "cases": cases,
        "chat_example": {"messages": CHAT_EXAMPLE, "add_generation_prompt": True, "rendered": rendered,
                         "input_ids": tok.encode(rendered)},
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(golden, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("golden ->", args.out, [len(c["input_ids"]) for c in cases])


if __name__ == "__main__":
    main()
