"""Read the project's parallel corpora (corpora/data/<lang>.tsv.gz, built by scripts/build_corpora.py)."""
from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_UNESC = {"\\\\": "\\", "\\t": "\t", "\\n": "\n", "\\r": "\r"}


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _UNESC:
            out.append(_UNESC[pair])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Pair:
    split: str
    package: str
    domain: str
    context: str
    source: str
    target: str


# The corpora's sets: "data" holds gettext catalogs of Debian packages (scripts/build_corpora.py), "web" the
# i18n bundles of npm packages (scripts/build_web_corpora.py).  Same columns, each split package-disjoint.
GETTEXT, WEB = "data", "web"
SETS = (GETTEXT, WEB)


def read_pairs(corpora: Path, lang: str, splits: set[str] | None = None,
               sets: tuple[str, ...] = (GETTEXT,)) -> Iterator[Pair]:
    """Yield the pairs of one target language from the given sets, optionally only from some splits.
    A set without a file for the language yields nothing; the gettext set must exist."""
    for name in sets:
        path = Path(corpora) / name / f"{lang}.tsv.gz"
        if name != GETTEXT and not path.exists():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) != 6 or (splits and cols[0] not in splits):
                    continue
                yield Pair(cols[0], cols[1], cols[2], _unescape(cols[3]), _unescape(cols[4]), _unescape(cols[5]))

