"""Stage 3: export a checkpoint to public/models/lm-notes-tiny/ (ONNX with KV cache + configs).

ONNX contract (what transformers.js expects from a gpt2 decoder with cache):
  inputs  input_ids [batch_size, sequence_length] int64
          attention_mask [batch_size, total_sequence_length] int64
          position_ids [batch_size, sequence_length] int64
          past_key_values.{i}.key|value [batch_size, n_head, past_sequence_length, head_dim] f32
  outputs logits [batch_size, sequence_length, vocab]
          present.{i}.key|value [batch_size, n_head, total_sequence_length, head_dim]
Opset 14. The tied LM head is stored once: the exporter's transposed copy of the token
embedding is replaced by a Transpose node over the embedding initializer.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bpe  # noqa: E402
import chat  # noqa: E402
from gpt import GPT, GPTConfig  # noqa: E402
from paths import WORK  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT_DIR = os.path.join(ROOT, "public", "models", "lm-notes-tiny")


class OnnxDecoder(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model
        self.n_layer = model.cfg.n_layer

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n_layer)]
        logits, presents = self.model(input_ids, attention_mask=attention_mask,
                                      position_ids=position_ids, past=past)
        flat = []
        for k, v in presents:
            flat += [k, v]
        return (logits, *flat)


def load_model(ckpt_path):
    ck = torch.load(ckpt_path, map_location="cpu")
    model = GPT(GPTConfig(**ck["config"]))
    model.load_state_dict(ck["state_dict"])
    model.eval()
    return model, ck


def tie_head_with_transpose(path, n_embd, vocab):
    m = onnx.load(path)
    g = m.graph
    inits = {i.name: i for i in g.initializer}
    emb = [i for i in g.initializer if list(i.dims) == [vocab, n_embd]]
    assert len(emb) == 1, [i.name for i in emb]
    emb_arr = numpy_helper.to_array(emb[0])
    replaced = 0
    for init in list(g.initializer):
        if list(init.dims) == [n_embd, vocab] and np.array_equal(numpy_helper.to_array(init), emb_arr.T):
            name = init.name
            g.initializer.remove(init)
            node = helper.make_node("Transpose", [emb[0].name], [name], perm=[1, 0], name="tied_lm_head_transpose")
            g.node.insert(0, node)
            replaced += 1
    assert replaced == 1, f"expected one transposed embedding copy, found {replaced}; {list(inits)}"
    onnx.checker.check_model(m)
    onnx.save(m, path)


def export_onnx(model, path):
    cfg = model.cfg
    hd = cfg.n_embd // cfg.n_head
    wrapper = OnnxDecoder(model).eval()
    B, S, P = 2, 3, 4
    ids = torch.randint(0, cfg.vocab_size, (B, S))
    mask = torch.ones(B, P + S, dtype=torch.long)
    pos = torch.arange(P, P + S).unsqueeze(0).repeat(B, 1)
    past = [torch.randn(B, cfg.n_head, P, hd) for _ in range(2 * cfg.n_layer)]
    in_names = ["input_ids", "attention_mask", "position_ids"]
    out_names = ["logits"]
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    for i in range(cfg.n_layer):
        for kv in ("key", "value"):
            n = f"past_key_values.{i}.{kv}"
            in_names.append(n)
            dyn[n] = {0: "batch_size", 2: "past_sequence_length"}
    for i in range(cfg.n_layer):
        for kv in ("key", "value"):
            n = f"present.{i}.{kv}"
            out_names.append(n)
            dyn[n] = {0: "batch_size", 2: "total_sequence_length"}
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, mask, pos, *past), path, input_names=in_names,
                          output_names=out_names, dynamic_axes=dyn, opset_version=14,
                          do_constant_folding=True)
    tie_head_with_transpose(path, cfg.n_embd, cfg.vocab_size)
    m = onnx.load(path)
    for vi in m.graph.input:
        if vi.name.startswith("past_key_values"):
            dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
            assert dims == ["batch_size", cfg.n_head, "past_sequence_length", hd], dims


def write_configs(model, ck, tok, out_dir):
    cfg = model.cfg
    eot = tok.vocab["<|endoftext|>"]
    end = tok.vocab["<|end|>"]
    config = {
        "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2",
        "vocab_size": cfg.vocab_size, "n_positions": cfg.n_positions, "n_ctx": cfg.n_positions,
        "n_embd": cfg.n_embd, "n_layer": cfg.n_layer, "n_head": cfg.n_head, "n_inner": 4 * cfg.n_embd,
        "activation_function": "gelu", "layer_norm_epsilon": cfg.layer_norm_epsilon,
        "resid_pdrop": 0.0, "embd_pdrop": 0.0, "attn_pdrop": 0.0,
        "bos_token_id": eot, "eos_token_id": eot, "pad_token_id": eot,
        "tie_word_embeddings": True, "use_cache": True,
        "transformers.js_config": {"dtype": "fp32"},
    }
    gen = {"bos_token_id": eot, "eos_token_id": [eot, end], "pad_token_id": eot,
           "max_length": cfg.n_positions, "do_sample": True, "temperature": 0.8, "top_k": 40,
           "repetition_penalty": 1.1}
    special = {s: tok.vocab[s] for s in tok.special}
    tok_cfg = {
        "tokenizer_class": "GPT2Tokenizer",
        "bos_token": "<|endoftext|>", "eos_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>", "pad_token": "<|endoftext|>",
        "additional_special_tokens": [s for s in tok.special if s != "<|endoftext|>"],
        "add_bos_token": False, "add_eos_token": False, "add_prefix_space": False,
        "clean_up_tokenization_spaces": False,
        "model_max_length": cfg.n_positions,
        "errors": "replace",
        "added_tokens_decoder": {str(i): {"content": s, "lstrip": False, "normalized": False,
                                          "rstrip": False, "single_word": False, "special": True}
                                 for s, i in special.items()},
        "chat_template": chat.CHAT_TEMPLATE,
    }
    files = {"config.json": config, "generation_config.json": gen,
             "tokenizer.json": bpe.hf_tokenizer_json(tok, cfg.n_positions),
             "tokenizer_config.json": tok_cfg}
    for name, obj in files.items():
        with open(os.path.join(out_dir, name), "w") as f:
            json.dump(obj, f, ensure_ascii=False, indent=None if name == "tokenizer.json" else 2)
            f.write("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", default=OUT_DIR)
    args = ap.parse_args()
    torch.set_num_threads(2)
    model, ck = load_model(args.ckpt)
    tok = bpe.Tokenizer.load(os.path.join(WORK, "tokenizer.json"))
    os.makedirs(os.path.join(args.out, "onnx"), exist_ok=True)
    path = os.path.join(args.out, "onnx", "model.onnx")
    export_onnx(model, path)
    write_configs(model, ck, tok, args.out)
    print("exported", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
