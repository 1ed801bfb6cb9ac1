"""Stage 2: train the GPT on model/work/data.pt (AdamW, warmup + cosine decay, fixed seeds).

Writes <out>/ckpt.pt (config, weights, args, metrics) and <out>/metrics.json.
Held-out score: windows of n_positions tokens with stride n_positions/2 over the held-out
stream; each token is scored once, with at least n_positions/2 tokens of context (all
available context near the start). bits/char = total bits / characters of held-out text.
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt import GPT, GPTConfig  # noqa: E402

from paths import WORK  # noqa: E402


@torch.no_grad()
def heldout_nll(model, ids, ctx, stride=None, limit=None):
    """Sum of natural-log NLL over a 1-D token stream, and the number of scored tokens.

    Token 0 (<|endoftext|>) is given. The first window scores up to `ctx` targets; each later
    window scores the next `stride` targets with the `ctx - stride` tokens before them as
    extra context.
    """
    model.eval()
    ids = ids.long()
    if limit:
        ids = ids[:limit]
    stride = stride or ctx // 2
    n = ids.numel()
    total, count, pos = 0.0, 0, 1  # pos: index of the next target to score
    while pos < n:
        end = min(pos + (ctx if pos == 1 else stride), n)  # score targets pos..end-1
        s = max(0, end - 1 - ctx)
        inp = ids[s:end - 1].unsqueeze(0)
        tgt = ids[s + 1:end]
        logits, _ = model(inp)
        logp = F.log_softmax(logits[0].float(), dim=-1)
        nll = -logp.gather(-1, tgt.unsqueeze(-1)).squeeze(-1)
        k = end - pos
        total += nll[-k:].sum().item()
        count += k
        pos = end
    model.train()
    return total, count


def lr_at(step, args):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    p = (step - args.warmup) / max(1, args.steps - args.warmup)
    return args.lr * (args.min_lr_frac + (1 - args.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * min(p, 1.0))))


def evaluate(model, data, ctx):
    """Held-out bits/token and bits/char for every held-out stream in data.pt."""
    stats = data["stats"]
    out = {}
    for name in ("heldout", "heldout_sotu", "alice", "modern"):
        if name not in data:
            continue
        tot, cnt = heldout_nll(model, data[name], ctx)
        bits = tot / math.log(2)
        out[name] = {"tokens_scored": cnt, "chars": stats[f"{name}_chars"],
                     "nats_per_token": round(tot / cnt, 5),
                     "bits_per_token": round(bits / cnt, 4),
                     "bits_per_char": round(bits / stats[f"{name}_chars"], 4)}
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(WORK, "run"))
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--n-embd", type=int, default=256)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--dropout", type=float, default=0.0)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.05)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--eval-every", type=int, default=0,
                    help="quick held-out check every N steps; the best one is kept (early stopping)")
    ap.add_argument("--log-every", type=int, default=25)
    ap.add_argument("--save-every", type=int, default=100,
                    help="checkpoint (weights, optimizer, RNG, step) every N steps for --resume")
    ap.add_argument("--resume", action="store_true", help="continue from <out>/ckpt_partial.pt")
    ap.add_argument("--init-from", default="",
                    help="start from the weights of this finished ckpt.pt (a second stage: fresh "
                         "optimizer and schedule, same data); its tokens count in the totals")
    ap.add_argument("--stop-after-minutes", type=float, default=0,
                    help="save a checkpoint and exit after this long (resume later)")
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    os.makedirs(args.out, exist_ok=True)
    data = torch.load(os.path.join(WORK, "data.pt"))
    train = data["train"].long()
    held = data["heldout"].long()
    stats = data["stats"]
    cfg = GPTConfig(vocab_size=stats.get("vocab_size", 4096), n_positions=args.ctx,
                    n_layer=args.n_layer, n_head=args.n_head, n_embd=args.n_embd,
                    dropout=args.dropout)
    model = GPT(cfg)
    prior = {"tokens_seen": 0, "train_seconds": 0.0, "stages": []}
    if args.init_from:
        init = torch.load(args.init_from, map_location="cpu")
        assert init["config"] == cfg.to_dict(), (init["config"], cfg.to_dict())
        model.load_state_dict(init["state_dict"])
        m0 = init["metrics"]
        prior = {"tokens_seen": m0.get("tokens_seen_total", m0["tokens_seen"]),
                 "train_seconds": m0.get("train_seconds_total", m0["train_seconds"]),
                 "stages": m0.get("stages", [{"steps": m0["steps"], "lr": init["args"]["lr"],
                                              "tokens_seen": m0["tokens_seen"],
                                              "heldout_bits_per_char": m0["heldout_bits_per_char"]}])}
        print(f"starting from {args.init_from} (held-out {m0['heldout_bits_per_char']} bits/char)", flush=True)
    n_params = model.num_params()
    print(f"params {n_params} ({n_params / 1e6:.2f}M), train tokens {train.numel()}, "
          f"tokens/step {args.batch * args.ctx}, epochs {args.steps * args.batch * args.ctx / train.numel():.2f}",
          flush=True)

    decay = [p for n, p in model.named_parameters() if p.dim() >= 2 and "wpe" not in n]
    no_decay = [p for n, p in model.named_parameters() if not (p.dim() >= 2 and "wpe" not in n)]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.wd},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    gen = torch.Generator().manual_seed(args.seed)
    max_start = train.numel() - args.ctx - 1
    offs = torch.arange(args.ctx + 1)
    smooth, first_step, elapsed_before = None, 0, 0.0
    best = {"bits": float("inf"), "step": 0}
    partial = os.path.join(args.out, "ckpt_partial.pt")
    best_path = os.path.join(args.out, "ckpt_best.pt")
    if args.resume and os.path.exists(partial):
        ck = torch.load(partial)
        model.load_state_dict(ck["state_dict"])
        opt.load_state_dict(ck["optimizer"])
        gen.set_state(ck["generator"])
        first_step, smooth = ck["step"], ck["smooth"]
        elapsed_before, best = ck["elapsed"], ck["best"]
        print(f"resumed at step {first_step} ({elapsed_before:.0f}s trained so far)", flush=True)

    def save_partial(step_done):
        tmp = partial + ".tmp"
        torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(), "args": vars(args),
                    "optimizer": opt.state_dict(), "generator": gen.get_state(), "step": step_done,
                    "smooth": smooth, "elapsed": elapsed_before + time.time() - t0, "best": best},
                   tmp)
        os.replace(tmp, partial)  # a kill mid-write never leaves a broken checkpoint

    t0 = time.time()
    for step in range(first_step, args.steps):
        for g in opt.param_groups:
            g["lr"] = lr_at(step, args)
        starts = torch.randint(0, max_start, (args.batch,), generator=gen)
        batch = train[starts.unsqueeze(1) + offs]
        logits, _ = model(batch[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, cfg.vocab_size), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        smooth = loss.item() if smooth is None else 0.95 * smooth + 0.05 * loss.item()
        if (step + 1) % args.log_every == 0 or step == first_step:
            el = time.time() - t0
            print(f"step {step + 1}/{args.steps} loss {loss.item():.4f} smooth {smooth:.4f} "
                  f"({smooth / math.log(2):.3f} bits/tok) lr {lr_at(step, args):.2e} "
                  f"{el + elapsed_before:.0f}s eta {el / (step + 1 - first_step) * (args.steps - step - 1):.0f}s",
                  flush=True)
        if args.eval_every and (step + 1) % args.eval_every == 0:
            tot, cnt = heldout_nll(model, held, args.ctx, stride=args.ctx, limit=20000)
            bits = tot / cnt / math.log(2)
            mark = ""
            if bits < best["bits"]:
                best = {"bits": bits, "step": step + 1}
                torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(),
                            "args": vars(args), "step": step + 1}, best_path)
                mark = " (best so far, kept)"
            print(f"  quick held-out (20k tokens, no overlap): {bits:.3f} bits/tok{mark}", flush=True)
        if args.save_every and (step + 1) % args.save_every == 0 and step + 1 < args.steps:
            save_partial(step + 1)
        if args.stop_after_minutes and time.time() - t0 > args.stop_after_minutes * 60 and step + 1 < args.steps:
            save_partial(step + 1)
            print(f"stopping after {args.stop_after_minutes} min at step {step + 1}; run again with --resume",
                  flush=True)
            return
    train_time = elapsed_before + time.time() - t0
    if args.eval_every and best["step"] and best["step"] != args.steps:
        # early stopping: the last weights were worse on the quick held-out check than an earlier step
        print(f"using the best checkpoint, step {best['step']} ({best['bits']:.3f} bits/tok)", flush=True)
        model.load_state_dict(torch.load(best_path)["state_dict"])
    model.eval()
    te = time.time()
    evals = evaluate(model, data, args.ctx)
    main_eval = evals["heldout"]
    metrics = {
        "params": n_params, "steps": args.steps, "train_seconds": round(train_time, 1),
        "weights_from_step": best["step"] if best["step"] and best["step"] != args.steps else args.steps,
        "tokens_seen": args.steps * args.batch * args.ctx,
        "epochs": round(args.steps * args.batch * args.ctx / train.numel(), 3),
        "final_train_loss_smoothed": round(smooth, 4),
        "heldout_tokens_scored": main_eval["tokens_scored"], "heldout_chars": main_eval["chars"],
        "heldout_nats_per_token": main_eval["nats_per_token"],
        "heldout_bits_per_token": main_eval["bits_per_token"],
        "heldout_bits_per_char": main_eval["bits_per_char"],
        "evals": evals,
        "tokens_seen_total": prior["tokens_seen"] + args.steps * args.batch * args.ctx,
        "epochs_total": round((prior["tokens_seen"] + args.steps * args.batch * args.ctx) / train.numel(), 3),
        "train_seconds_total": round(prior["train_seconds"] + train_time, 1),
        "stages": prior["stages"] + [{"steps": args.steps, "lr": args.lr,
                                      "tokens_seen": args.steps * args.batch * args.ctx,
                                      "heldout_bits_per_char": main_eval["bits_per_char"]}],
        "eval_seconds": round(time.time() - te, 1),
    }
    print(json.dumps(metrics), flush=True)
    torch.save({"config": cfg.to_dict(), "state_dict": model.state_dict(), "args": vars(args),
                "metrics": metrics}, os.path.join(args.out, "ckpt.pt"))
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({"config": cfg.to_dict(), "args": vars(args), "metrics": metrics}, f, indent=1)
    if os.path.exists(partial):
        os.remove(partial)


if __name__ == "__main__":
    main()
