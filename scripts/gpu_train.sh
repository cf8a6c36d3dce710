#!/usr/bin/env bash
# The GPU recipe in one command: train one ten-language model (preset "gpu": 48M parameters, d_model 512,
# 6+3 layers, 32k vocabulary, bf16) for MINUTES on one GPU, convert it to CTranslate2 int8 and pack it.
#
#   scripts/gpu_train.sh [MINUTES] [OUT]        # defaults: 8 minutes, $OUT or build/gpu-model
#
# On the device machine (python3 there has torch, transformers, sentencepiece, sacrebleu; ctranslate2,
# polib and lingua travel as wheels in .whl/, see README "GPU recipe"):
#   run(command="bash scripts/gpu_train.sh 8", carry=[".whl"], timeout_s=600)
# The packed model comes back in pieces under 16 MB (model.tar.gz.part-*); unpack and evaluate here:
#   cat FILES_AT/model.tar.gz.part-* | tar -xz -C build && python scripts/eval_model.py --model build/gpu-model --langs all
set -euo pipefail
MINUTES=${1:-8}
DEST=${2:-${OUT:-build/gpu-model}}
PY=${PY:-python3}
if [ -d .whl ]; then
  $PY -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .whl/*.whl
  export PYTHONPATH=/tmp/site:${PYTHONPATH:-}
fi
export LOCALIZE_CACHE=${LOCALIZE_CACHE:-/tmp/localize-cache} PYTHONUNBUFFERED=1
mkdir -p "$DEST"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
start=$(date +%s)
# training stops on time (checkpoints every 2 minutes), then converts to int8; the evaluation on CPU
# is left to this machine's caller (--no-eval) so that GPU minutes go to training
$PY -m localize model train --group all --device cuda --minutes "$MINUTES" --out /tmp/gpu-model --no-eval \
  2>&1 | tee "$DEST/train.log"
echo "wall: $(( $(date +%s) - start )) s" | tee -a "$DEST/train.log"
tar -C /tmp -cf - gpu-model | gzip -1 | split -b 15M - "$DEST/model.tar.gz.part-"
cp "$LOCALIZE_CACHE/train/gpu-model/train-record.json" "$DEST/" 2>/dev/null || true
ls -la "$DEST"
