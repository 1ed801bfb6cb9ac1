"""Rebuild a training checkpoint (ckpt.pt) from a shipped fp32 `onnx/model.onnx`.

A later training stage starts from the previous stage's `ckpt.pt` (train.py --init-from), but
model/work/ is git-ignored and lost with the machine. The fp32 ONNX file holds the same weights
bit for bit (export.py writes the module's parameters; the four matrices of each block appear as
transposed MatMul initializers, in the order c_attn, attn.c_proj, c_fc, mlp.c_proj), so the
checkpoint can be rebuilt from it instead of retraining the stages before.

The held-out scores in the rebuilt checkpoint's metrics are measured again here (train.py's
evaluation); the training history (steps, tokens, wall clock per stage) is not in the ONNX file
and is given on the command line from the model card.

For the shipped three-stage build (after `model/prepare.py` has written model/work/data.pt):

  /usr/bin/python3 model/ckpt_from_onnx.py --onnx public/models/lm-notes-tiny/onnx/model.onnx \\
      --out model/work/final3/ckpt.pt --train-seconds 7595 --stages '[{"steps":900,"lr":0.0025,
      "heldout_bits_per_char":2.062},{"steps":1100,"lr":0.0012,"heldout_bits_per_char":1.9327},
      {"steps":1500,"lr":0.0008}]'
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import GPT, GPTConfig  # noqa: E402
from paths import WORK  # noqa: E402
from train import evaluate  # noqa: E402

BLOCK_MATRICES = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"]


def state_dict_from_onnx(path, cfg):
    """The GPT module's state dict from the exported graph's initializers."""
    m = onnx.load(path)
    named = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    sd = {}
    for name, arr in named.items():
        if name.startswith("model."):
            sd[name[len("model."):]] = torch.from_numpy(arr.copy())
    matmuls = sorted((n for n in named if n.startswith("onnx::MatMul_")), key=lambda n: int(n.rsplit("_", 1)[1]))
    assert len(matmuls) == 4 * cfg.n_layer, (len(matmuls), cfg.n_layer)
    for i, name in enumerate(matmuls):
        layer, which = divmod(i, 4)
        sd[f"h.{layer}.{BLOCK_MATRICES[which]}"] = torch.from_numpy(np.ascontiguousarray(named[name].T))
    return sd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--onnx", required=True, help="fp32 model.onnx written by export.py")
    ap.add_argument("--out", required=True, help="ckpt.pt to write")
    ap.add_argument("--stages", required=True,
                    help='JSON list of the stages that made these weights: [{"steps": N, "lr": X}, ...]')
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--train-seconds", type=float, default=0.0, help="wall clock of all those stages")
    args = ap.parse_args()

    config_path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.onnx))), "config.json")
    with open(config_path) as f:
        hf = json.load(f)
    cfg = GPTConfig(vocab_size=hf["vocab_size"], n_positions=hf["n_positions"], n_layer=hf["n_layer"],
                    n_head=hf["n_head"], n_embd=hf["n_embd"], layer_norm_epsilon=hf["layer_norm_epsilon"])
    model = GPT(cfg)
    sd = state_dict_from_onnx(args.onnx, cfg)
    missing = set(model.state_dict()) - set(sd)
    extra = set(sd) - set(model.state_dict())
    assert not missing and not extra, (missing, extra)
    model.load_state_dict(sd)
    model.eval()

    data = torch.load(os.path.join(WORK, "data.pt"))
    evals = evaluate(model, data, args.ctx)
    main_eval = evals["heldout"]
    stages_in = json.loads(args.stages)
    stages = [{"steps": s["steps"], "lr": s["lr"], "tokens_seen": s["steps"] * args.batch * args.ctx,
               "heldout_bits_per_char": s.get("heldout_bits_per_char", main_eval["bits_per_char"])}
              for s in stages_in]
    train_tokens = data["train"].numel()
    tokens_total = sum(s["tokens_seen"] for s in stages)
    last = stages[-1]
    metrics = {
        "params": model.num_params(), "steps": last["steps"], "train_seconds": args.train_seconds,
        "weights_from_step": last["steps"], "tokens_seen": last["tokens_seen"],
        "epochs": round(last["tokens_seen"] / train_tokens, 3),
        "heldout_tokens_scored": main_eval["tokens_scored"], "heldout_chars": main_eval["chars"],
        "heldout_nats_per_token": main_eval["nats_per_token"],
        "heldout_bits_per_token": main_eval["bits_per_token"],
        "heldout_bits_per_char": main_eval["bits_per_char"],
        "evals": evals, "tokens_seen_total": tokens_total,
        "epochs_total": round(tokens_total / train_tokens, 3),
        "train_seconds_total": args.train_seconds, "stages": stages,
        "rebuilt_from_onnx": os.path.relpath(args.onnx),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(),
                "args": {"lr": last["lr"], "batch": args.batch, "ctx": args.ctx}, "metrics": metrics}, args.out)
    print(json.dumps({k: v for k, v in metrics.items() if k != "evals"}))
    print(json.dumps({k: v["bits_per_char"] for k, v in evals.items()}))


if __name__ == "__main__":
    main()
