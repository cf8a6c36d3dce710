#!/usr/bin/env bash
# The GPU checks of the engine, as one short script for a machine with an NVIDIA GPU (run from the
# repository root after `make install`): device auto must pick CUDA with int8_float16, the engine tests
# must pass on it, and the throughput benchmark prints the GPU figures (pipeline vs raw translate_batch).
set -euo pipefail
PY=${PY:-.venv/bin/python}
$PY - <<'PY'
from localize.engine.ct2 import pick_device
import ctranslate2
print("cuda devices:", ctranslate2.get_cuda_device_count(), "auto ->", pick_device())
assert pick_device()[0] == "cuda", "device auto did not pick the GPU"
PY
$PY -m pytest -q -p no:warnings tests/test_pipeline.py
$PY scripts/bench.py --rounds 2 --device cuda
