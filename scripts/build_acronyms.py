"""localize/acronyms.txt: the ALL-CAPS words of English UI text that are acronyms (CPU, USB, RSS, URL),
not words shouted (FILE, SAVE, WARNING).  protect.py folds an ALL-CAPS text to sentence case for the
engine ("FILE NOT FOUND" -> "File not found") unless its capitalized words are all acronyms: "CPU: %s%%"
folded to "Cpu: %s%%" came back as "KAPU: %s%%".

Read from the corpora's train split (English sources of every language, deduplicated): a token counts
as an acronym when it is written in capitals (in texts that are not ALL CAPS) at least 3 times and no
more often in lowercase or title case as a word of prose (between spaces or sentence punctuation).

    python scripts/build_acronyms.py            # writes localize/acronyms.txt
"""
from __future__ import annotations

import collections
import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r"(?<![\w%$/.-])[A-Za-z][A-Za-z0-9]{1,7}(?![\w/-])")


def main() -> None:
    sources: set[str] = set()
    for f in sorted((ROOT / "corpora").glob("*/*.tsv.gz")):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 6 and parts[0] == "train":
                    sources.add(parts[4])
    caps: collections.Counter[str] = collections.Counter()
    prose: collections.Counter[str] = collections.Counter()
    for s in sources:
        if not re.search(r"[a-z]{2}", s):
            continue  # an ALL-CAPS text says nothing about its words
        for m in TOKEN.finditer(s):
            w = m.group()
            if w.isupper() and sum(c.isalpha() for c in w) >= 2:
                caps[w] += 1
            elif w.islower() or w.istitle():
                before = s[m.start() - 1] if m.start() else " "
                after = s[m.end()] if m.end() < len(s) else " "
                if before in " (" and after in " ,.;:!?)":
                    prose[w.upper()] += 1
    acronyms = sorted(w for w, c in caps.items() if c >= 3 and prose[w] <= c)
    out = ROOT / "localize" / "acronyms.txt"
    out.write_text("\n".join(acronyms) + "\n", encoding="utf-8")
    print(f"{len(acronyms)} acronyms from {len(sources)} English sources -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
