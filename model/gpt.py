"""A GPT-2 style decoder (pre-LayerNorm, learned positions, GELU MLP, tied LM head).

The same module is used for training, for golden data and for ONNX export. `forward` takes
an optional KV cache (`past`: list of (key, value) per layer, each [B, n_head, P, head_dim])
and an optional 0/1 `attention_mask` over all P+S positions, and returns logits and the new
cache (`present`), which is the layout transformers.js expects from a gpt2 ONNX file.
"""
import math
from dataclasses import dataclass, asdict

import torch
import torch.nn as nn
import torch.nn.functional as F


@dataclass
class GPTConfig:
    vocab_size: int = 4096
    n_positions: int = 256
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 256
    dropout: float = 0.0
    layer_norm_epsilon: float = 1e-5

    def to_dict(self):
        return asdict(self)


class Attention(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.n_head = cfg.n_head
        self.head_dim = cfg.n_embd // cfg.n_head
        self.c_attn = nn.Linear(cfg.n_embd, 3 * cfg.n_embd)
        self.c_proj = nn.Linear(cfg.n_embd, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x, blocked, past=None):
        B, S, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        # n_head and head_dim are python ints, so they stay static in the exported graph
        q = q.reshape(B, S, self.n_head, self.head_dim).transpose(1, 2)
        k = k.reshape(B, S, self.n_head, self.head_dim).transpose(1, 2)
        v = v.reshape(B, S, self.n_head, self.head_dim).transpose(1, 2)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        att = torch.matmul(q, k.transpose(-1, -2)) * (1.0 / math.sqrt(self.head_dim))
        att = att.masked_fill(blocked, -1e9)
        att = torch.softmax(att, dim=-1)
        att = self.drop(att)
        y = torch.matmul(att, v).transpose(1, 2).reshape(B, S, C)
        return self.drop(self.c_proj(y)), (k, v)


class MLP(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.c_fc = nn.Linear(cfg.n_embd, 4 * cfg.n_embd)
        self.c_proj = nn.Linear(4 * cfg.n_embd, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x):
        return self.drop(self.c_proj(F.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.ln_1 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.attn = Attention(cfg)
        self.ln_2 = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.mlp = MLP(cfg)

    def forward(self, x, blocked, past=None):
        a, present = self.attn(self.ln_1(x), blocked, past)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, present


class GPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.cfg = cfg
        self.wte = nn.Embedding(cfg.vocab_size, cfg.n_embd)
        self.wpe = nn.Embedding(cfg.n_positions, cfg.n_embd)
        self.drop = nn.Dropout(cfg.dropout)
        self.h = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layer)])
        self.ln_f = nn.LayerNorm(cfg.n_embd, eps=cfg.layer_norm_epsilon)
        self.apply(self._init)
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)

    def num_params(self):
        return sum(p.numel() for p in self.parameters())

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        B, S = input_ids.shape
        P = past[0][0].shape[2] if past is not None else 0
        T = P + S
        if position_ids is None:
            position_ids = torch.arange(S, dtype=torch.long, device=input_ids.device).unsqueeze(0) + P
        # causal: query i (absolute position P+i) sees keys 0..P+i
        q_pos = torch.arange(S, device=input_ids.device).unsqueeze(1) + P
        k_pos = torch.arange(T, device=input_ids.device).unsqueeze(0)
        blocked = (k_pos > q_pos).unsqueeze(0).unsqueeze(0)  # [1,1,S,T], True = may not attend
        if attention_mask is not None:
            blocked = blocked | (attention_mask == 0).unsqueeze(1).unsqueeze(2)
        x = self.drop(self.wte(input_ids) + self.wpe(position_ids))
        presents = []
        for i, block in enumerate(self.h):
            x, pr = block(x, blocked, past[i] if past is not None else None)
            presents.append(pr)
        x = self.ln_f(x)
        logits = torch.matmul(x, self.wte.weight.t())  # tied head
        return logits, presents
