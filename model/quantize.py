"""Optional stage: weight-only int8 copy of the fp32 ONNX file (onnx/model_quantized.onnx).

Every 2-D weight (token/position embeddings and all linear layers) is stored as int8 with one
fp32 scale per output channel (symmetric, zero point 0) and turned back into fp32 by a
DequantizeLinear node at the start of the graph; all arithmetic stays fp32, so cached decoding
still matches a full forward. The file is ~4x smaller. The same rounding is applied to the
PyTorch model to measure what it costs on the held-out text (written to <run>/quantized.json).
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from export import load_model  # noqa: E402
from paths import WORK  # noqa: E402
from train import heldout_nll  # noqa: E402

ONNX_DIR = os.path.join(ROOT, "public", "models", "lm-notes-tiny", "onnx")


def quantize_per_channel(w, axis):
    """Symmetric int8 with a scale per slice along `axis`; returns (q int8, scale f32)."""
    red = tuple(i for i in range(w.ndim) if i != axis)
    amax = np.abs(w).max(axis=red)
    scale = (np.maximum(amax, 1e-12) / 127.0).astype(np.float32)
    shape = [1] * w.ndim
    shape[axis] = -1
    q = np.clip(np.rint(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale


def dequantize(q, scale, axis):
    shape = [1] * q.ndim
    shape[axis] = -1
    return q.astype(np.float32) * scale.reshape(shape)


def quantize_onnx(src, dst):
    m = onnx.load(src)
    g = m.graph
    consumers = {}
    for n in g.node:
        for i, name in enumerate(n.input):
            consumers.setdefault(name, []).append((n.op_type, i))
    new_nodes, axes = [], {}
    for init in list(g.initializer):
        if init.data_type != TensorProto.FLOAT or len(init.dims) != 2:
            continue
        uses = consumers.get(init.name, [])
        if all(op == "MatMul" and i == 1 for op, i in uses):
            axis = 1  # [in, out]: one scale per output column
        elif all(op in ("Gather", "Transpose") and i == 0 for op, i in uses):
            axis = 0  # embedding [rows, d]: one scale per row (= per vocab logit for the tied head)
        else:
            continue
        w = numpy_helper.to_array(init)
        q, scale = quantize_per_channel(w, axis)
        g.initializer.remove(init)
        shape = [1, 1]
        shape[axis] = -1
        g.initializer.extend([numpy_helper.from_array(q, init.name + "_q"),
                              numpy_helper.from_array(scale.reshape(shape), init.name + "_scale")])
        # Cast + Mul rather than DequantizeLinear: ONNX Runtime constant-folds these at load,
        # so inference runs at fp32 speed (a DequantizeLinear is kept for QDQ fusion and
        # would run on every call)
        new_nodes.append(helper.make_node("Cast", [init.name + "_q"], [init.name + "_f"],
                                          to=TensorProto.FLOAT, name=init.name + "_cast"))
        new_nodes.append(helper.make_node("Mul", [init.name + "_f", init.name + "_scale"],
                                          [init.name], name=init.name + "_dequant"))
        axes[init.name] = axis
    for k, node in enumerate(new_nodes):
        g.node.insert(k, node)
    onnx.checker.check_model(m)
    onnx.save(m, dst)
    return axes


def round_like_file(model, onnx_path):
    """Gives the PyTorch model the weights of the int8 file: every 2-D weight rounded to int8 per
    output channel (embeddings: per row; nn.Linear [out, in]: per output row, which is the ONNX
    MatMul's [in, out] column) and turned back into fp32. Then checks, tensor by tensor, that
    these int8 values and scales are exactly the ones stored in `onnx_path`, so numbers computed
    from the returned model are numbers of that file. Returns how many tensors matched."""
    mine = {}
    with torch.no_grad():
        for name, p in model.named_parameters():
            if p.dim() != 2:
                continue
            q, scale = quantize_per_channel(p.numpy(), 0)
            p.copy_(torch.from_numpy(dequantize(q, scale, 0)))
            key = (q.tobytes(), scale.tobytes())
            mine[key] = name
            if not name.endswith(("wte.weight", "wpe.weight")):  # the file stores Linear as [in, out]
                mine[(np.ascontiguousarray(q.T).tobytes(), scale.tobytes())] = name
    inits = {i.name: i for i in onnx.load(onnx_path).graph.initializer}
    matched = set()
    for name, init in inits.items():
        if not name.endswith("_q"):
            continue
        q = numpy_helper.to_array(init)
        scale = numpy_helper.to_array(inits[name[:-2] + "_scale"]).reshape(-1)
        key = (np.ascontiguousarray(q).tobytes(), np.ascontiguousarray(scale).tobytes())
        if key not in mine:
            raise SystemExit(f"round_like_file: {name} in {onnx_path} is not the int8 rounding of any PyTorch weight")
        matched.add(mine[key])
    expected = {n for n, p in model.named_parameters() if p.dim() == 2}
    if matched != expected:
        raise SystemExit(f"round_like_file: weights not in the file: {sorted(expected - matched)}")
    return len(matched)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--onnx-dir", default=ONNX_DIR)
    args = ap.parse_args()
    torch.set_num_threads(2)
    src = os.path.join(args.onnx_dir, "model.onnx")
    dst = os.path.join(args.onnx_dir, "model_quantized.onnx")
    axes = quantize_onnx(src, dst)
    print(f"quantized {len(axes)} weights -> {dst} ({os.path.getsize(dst)} bytes)")
    model, ck = load_model(args.ckpt)
    round_like_file(model, dst)
    data = torch.load(os.path.join(WORK, "data.pt"))
    tot, cnt = heldout_nll(model, data["heldout"], model.cfg.n_positions)
    res = {"heldout_bits_per_token": round(tot / math.log(2) / cnt, 4),
           "heldout_bits_per_char": round(tot / math.log(2) / data["stats"]["heldout_chars"], 4),
           "fp32_heldout_bits_per_token": ck["metrics"]["heldout_bits_per_token"],
           "fp32_heldout_bits_per_char": ck["metrics"]["heldout_bits_per_char"],
           "bytes": os.path.getsize(dst)}
    with open(os.path.join(os.path.dirname(args.ckpt), "quantized.json"), "w") as f:
        json.dump(res, f, indent=1)
    print(json.dumps(res))


if __name__ == "__main__":
    main()
