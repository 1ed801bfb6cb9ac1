"""Stage 4: golden data from PyTorch (model/gpt.py), not from ONNX Runtime.

The site serves onnx/model_quantized.onnx (int8 weights, fp32 arithmetic), so the PyTorch model
is given exactly those weights first (quantize.round_like_file checks them tensor by tensor
against the file); `--weights fp32` computes the golden data of the fp32 file instead.

tests/golden/lm-notes-tiny.json: for each fixed text, input_ids = [<|endoftext|>] + tokenize(text);
logprobs[i] = ln p(input_ids[i+1] | input_ids[:i+1]) for the n real tokens; top10 at every
one of the n+1 positions (the last one predicts the token after the text) and the entropy of
that last distribution and its top-p nucleus size at p = 0.9. The texts are a fixed set plus every text a figure or the prose of the
notes computes numbers for (NOTES_TEXTS) and every text of the teaching probes
(model/probes.json), so each number the notes quote is anchored to PyTorch.

"probes": each teaching probe evaluated here in PyTorch (log-probs, ranks, verdict), and
"starts": P(<|user|> | <|endoftext|>) and the mean bits of the first word of the held-out
Brown paragraphs (the cost of a document start).
"""
import argparse
import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import chat  # noqa: E402
import corpus  # noqa: E402
from paths import WORK  # noqa: E402
from export import load_model  # noqa: E402
from quantize import round_like_file  # noqa: E402

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

# Texts the notes' figures and prose compute numbers for (src/content/docs/**/*.mdx).
NOTES_TEXTS = [
    "Once upon a time there was a king",
    "Once upon a spreadsheet there was a king",
    "tell me a joke",
    "The United States of",
    "Once upon a time, there was a",
    "The cat sat on the",
    "a fearsome dragon",
    "She poured the tea into her favourite cup",
]
PROBES = os.path.join(HERE, "probes.json")

CHAT_EXAMPLE = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello!"},
    {"role": "assistant", "content": "Hello. How can I help?"},
    {"role": "user", "content": "Tell me about the jury."},
]


def forward_logp(model, ids):
    with torch.no_grad():
        logits, _ = model(torch.tensor([ids]))
    return F.log_softmax(logits[0].double(), dim=-1)


def text_logprob(model, tok, bos, text):
    ids = [bos] + tok.encode(text, allow_special=False)
    logp = forward_logp(model, ids)
    return float(logp[:-1].gather(-1, torch.tensor(ids[1:]).unsqueeze(-1)).sum())


def is_word(text):
    return len(text) >= 4 and text[0] == " " and text[1:].isalpha() and text[1:].isascii()


def eval_probes(model, tok, bos):
    """Each probe of probes.json, evaluated from the PyTorch model."""
    out = []
    for p in json.load(open(PROBES))["probes"]:
        r = {"id": p["id"], "kind": p["kind"]}
        if p["kind"] == "pair":
            r["better_logprob"] = round(text_logprob(model, tok, bos, p["better"]), 6)
            r["worse_logprob"] = round(text_logprob(model, tok, bos, p["worse"]), 6)
            r["ok"] = r["better_logprob"] > r["worse_logprob"]
        elif p["kind"] in ("next", "word"):
            last = forward_logp(model, [bos] + tok.encode(p["prompt"], allow_special=False))[-1]
            order = torch.argsort(last, descending=True).tolist()
            if p["kind"] == "next":
                ids = tok.encode(p["token"], allow_special=False)
                r["token_ids"] = ids
                r["logprob"] = round(float(last[ids[0]]), 7)
                r["rank"] = order.index(ids[0]) + 1
                r["ok"] = len(ids) == 1 and r["rank"] <= p["k"]
            else:
                r["top_id"] = order[0]
                r["top_text"] = tok.decode([order[0]])
                r["logprob"] = round(float(last[order[0]]), 7)
                r["ok"] = is_word(r["top_text"])
        elif p["kind"] == "start":
            last = forward_logp(model, [bos])[-1]
            r["logprob"] = round(float(last[tok.vocab["<|user|>"]]), 7)
            r["ok"] = math.exp(r["logprob"]) < p["max"]
        out.append(r)
    return out


def start_costs(model, tok, bos):
    """Mean bits of the first word (tokens before the first one that starts with a space) of
    each held-out Brown paragraph of 5+ words, scored right after <|endoftext|>."""
    _, held = corpus.load_split()
    pars = [p for _, t in held for p in t.split("\n\n") if len(p.split()) >= 5]
    total = 0.0
    for par in pars:
        ids = [bos] + tok.encode(par, allow_special=False)[:11]
        logp = forward_logp(model, ids)
        for i in range(1, len(ids)):
            if i > 1 and tok.decode([ids[i]])[:1].isspace():
                break
            total -= float(logp[i - 1, ids[i]]) / math.log(2)
    p_user = math.exp(float(forward_logp(model, [bos])[-1][tok.vocab["<|user|>"]]))
    return {"p_user_after_endoftext": round(p_user, 5),
            "first_word_mean_bits": round(total / len(pars), 4), "paragraphs": len(pars)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=os.path.join(ROOT, "tests", "golden", "lm-notes-tiny.json"))
    ap.add_argument("--top-k", type=int, default=10)
    ap.add_argument("--weights", choices=["q8", "fp32"], default="q8",
                    help="q8: the int8 weights of onnx/model_quantized.onnx (what the site serves)")
    ap.add_argument("--onnx-dir", default=os.path.join(ROOT, "public", "models", "lm-notes-tiny", "onnx"))
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, ck = load_model(args.ckpt)
    if args.weights == "q8":
        n = round_like_file(model, os.path.join(args.onnx_dir, "model_quantized.onnx"))
        print(f"golden: PyTorch model given the int8 weights of model_quantized.onnx ({n} tensors checked)")
    tok = bpe.Tokenizer.load(os.path.join(WORK, "tokenizer.json"))
    bos = tok.vocab["<|endoftext|>"]
    cases = []
    probe_texts = []
    for p in json.load(open(PROBES))["probes"]:
        probe_texts += [p[k] for k in ("better", "worse", "prompt") if k in p]
    texts = list(dict.fromkeys(TEXTS + NOTES_TEXTS + probe_texts))
    for text in texts:
        ids = [bos] + tok.encode(text, allow_special=False)
        assert tok.decode(ids[1:]) == text
        with torch.no_grad():
            logits, _ = model(torch.tensor([ids]))
        logp = F.log_softmax(logits[0].double(), dim=-1)
        tgt = torch.tensor(ids[1:])
        lp = logp[:-1].gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
        top = torch.topk(logp, args.top_k, dim=-1)
        last_entropy = float(-(logp[-1].exp() * logp[-1]).sum()) / math.log(2)
        # smallest number of most likely tokens whose probabilities add up to at least 0.9
        nucleus = int((torch.cumsum(torch.sort(logp[-1].exp(), descending=True).values, 0) < 0.9).sum()) + 1
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
            "last_entropy_bits": round(last_entropy, 6),
            "last_nucleus_0_9": nucleus,
        })
    rendered = chat.render(CHAT_EXAMPLE, add_generation_prompt=True)
    golden = {
        "model": "lm-notes-tiny",
        "source": ("PyTorch forward (fp32 arithmetic) of model/gpt.py with the int8-rounded weights of "
                   "onnx/model_quantized.onnx, checked tensor by tensor (not ONNX Runtime)"
                   if args.weights == "q8" else "PyTorch fp32 forward of model/gpt.py (not ONNX Runtime)"),
        "weights": args.weights,
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
        "probes": eval_probes(model, tok, bos),
        "starts": start_costs(model, tok, bos),
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
