#!/usr/bin/env bash
# The GPU recipe in one command: train one ten-language model (preset "gpu": 48M parameters, d_model 512,
# 6+3 layers, 32k vocabulary, bf16) for SECONDS of wall clock (data preparation included) on one GPU,
# and pack the checkpoint as int8 rows in pieces under 16 MB (the device machine returns at most 64 MB
# and has no CTranslate2; conversion and evaluation happen here, on the CPU).
#
#   scripts/gpu_train.sh [SECONDS] [OUT]        # defaults: 500 seconds, $OUT or build/gpu-pack
#
# On the device machine (python3 there has torch, transformers, sentencepiece, numpy):
#   run(command="bash scripts/gpu_train.sh 500", timeout_s=570)
# (the three embedded model.bin files must not travel: the working tree limit is 64 MB; see README
# "GPU recipe").  Then, here:
#   python scripts/gpu_finish.py FILES_AT --out build/gpu-model     # unpack, convert int8, evaluate
set -euo pipefail
SECONDS_BUDGET=${1:-500}
DEST=${2:-${OUT:-build/gpu-pack}}
PY=${PY:-python3}
export LOCALIZE_CACHE=${LOCALIZE_CACHE:-/tmp/localize-cache} PYTHONUNBUFFERED=1
mkdir -p "$DEST" /tmp/gpu-pack
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
$PY scripts/gpu_train.py --seconds "$SECONDS_BUDGET" --out /tmp/gpu-pack 2>&1 | tee "$DEST/train.log"
tar -C /tmp -cf - gpu-pack | gzip -1 | split -b 15M - "$DEST/pack.tar.gz.part-"
cp /tmp/gpu-pack/train-record.json "$DEST/" 2>/dev/null || true
ls -la "$DEST"
