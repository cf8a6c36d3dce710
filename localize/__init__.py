"""localize: batch software localization with CTranslate2.

Public API (imported lazily by callers; importing this package has no side effects):
    localize.config.load, localize.pipeline.Pipeline, localize.formats.load/save,
    localize.protect.mask/unmask, localize.checks.check_pair, localize.scoring.score
"""
from __future__ import annotations

__version__ = "0.1.0"
