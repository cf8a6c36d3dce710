"""Polish and Russian "many" plural forms (selection.sample_many): the engine translates the count said as a
number, so the noun takes the genitive plural the "many" form needs ("5 bloków", not the "few" form's "bloki")."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from localize.selection import sample_many, unsample

from .conftest import FIXTURES


@pytest.mark.parametrize("text, want", [
    ("%d files", ("5 files", "%d")),
    ("%lu blocks\n", None),  # a line break: not a short label
    ("%lu blocks", ("5 blocks", "%lu")),
    ("{{count}} items selected", ("5 items selected", "{{count}}")),
    ("%n torrents", ("5 torrents", "%n")),
    ("Deleted %d files from %s", None),  # more than three words: the number changes more than the noun's case
    ("%d of %d files", None),  # two counts
    ("%s files", None),  # no count
    ("5 %d", None),
])
def test_sample_many(text: str, want: tuple[str, str] | None) -> None:
    assert sample_many(text) == want


def test_unsample() -> None:
    assert unsample("5 plików", "%d") == "%d plików"
    assert unsample("Zaznaczono 5 elementów", "{{count}}") == "Zaznaczono {{count}} elementów"
    assert unsample("5,5 plików", "%d") is None and unsample("pięć plików", "%d") is None
    assert unsample("5 plików z 5", "%d") is None


def test_polish_catalog_many_form(tmp_path: Path) -> None:
    """cpio's real plural message "%lu block" / "%lu blocks" (from its Romanian catalog's msgids) into a new
    Polish catalog: three forms, the count kept in each, and the "many" form translated from "5 blocks"."""
    ro = polib.pofile(str(FIXTURES / "po" / "cpio" / "ro.po"))
    src = next(e for e in ro if e.msgid_plural == "%lu blocks\n")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "pl",
                   "Plural-Forms": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"}
    po.append(polib.POEntry(msgid=src.msgid.rstrip("\n"), msgid_plural=src.msgid_plural.rstrip("\n"),
                            msgstr_plural={0: "", 1: "", 2: ""}, flags=["c-format"]))
    po.save(str(tmp_path / "pl.po"))
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "pl.po", "--no-memory"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    forms = polib.pofile(str(tmp_path / "pl.po"))[0].msgstr_plural
    assert all("%lu" in forms[i] and "blok" in forms[i] for i in range(3)), forms
    assert forms[2] == "%lu bloków"  # the genitive plural: "5 bloków"


def test_only_the_many_form_of_genitive_languages_is_sampled() -> None:
    from localize.formats import po as pofmt
    from localize.selection import Job, _item
    ro = pofmt.read(str(FIXTURES / "po" / "cpio" / "ro.po"), (FIXTURES / "po" / "cpio" / "ro.po").read_bytes())
    seg = next(s for s in ro.segments if s.source_plural == "%lu blocks\n")
    seg.source, seg.source_plural = seg.source.rstrip("\n"), seg.source_plural.rstrip("\n")  # type: ignore[union-attr]
    for locale, n, want in [("pl", 3, ["%lu block", "%lu blocks", "5 blocks"]),
                            ("ru", 3, ["%lu block", "%lu blocks", "5 blocks"]),
                            ("cs", 3, ["%lu block", "%lu blocks", "%lu blocks"]),  # Czech "many" is for fractions
                            ("de", 2, ["%lu block", "%lu blocks"])]:
        job = Job(ro, locale, None, "x.po", n)
        assert [f.source for f in _item(job, seg, False).forms] == want, locale
