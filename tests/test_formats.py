"""One conformance suite every format passes: parse, byte-identical write, change-only-N-entries,
create-from-template, atomic save, errors with a location.  Subclassed per format."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from localize import formats
from localize.errors import ParseError
from localize.formats import jsonfmt, po
from localize.segments import Resource

from .conftest import FIXTURES, JSON_FIXTURES, PO_FIXTURES


def changed_lines(a: bytes, b: bytes, enc: str = "utf-8") -> list[str]:
    return [ln for ln in difflib.unified_diff(a.decode(enc).splitlines(), b.decode(enc).splitlines(), lineterm="", n=0)
            if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]


class FormatConformance:
    """Subclasses set `files` (real fixtures) and implement the hooks."""

    files: list[Path] = []

    def load(self, path: Path) -> Resource:
        raise NotImplementedError

    def translatable(self, res: Resource) -> list:
        return [s for s in res.active if not s.is_plural]

    def encoding(self, res: Resource) -> str:
        return "utf-8"

    def test_fixtures_present(self) -> None:
        assert len(self.files) >= 3

    def test_parse_gives_segments(self) -> None:
        for f in self.files:
            res = self.load(f)
            assert res.segments, f
            assert all(s.id for s in res.segments)
            assert len({s.id for s in res.active}) == len(res.active), f"duplicate ids in {f}"

    def test_unchanged_write_is_byte_identical(self) -> None:
        for f in self.files:
            assert formats.dump(self.load(f)) == f.read_bytes(), f

    def test_change_n_entries_changes_only_them(self) -> None:
        for f in self.files:
            res = self.load(f)
            segs = self.translatable(res)[:3]
            for s in segs:
                s.targets = [f"CHANGED {s.id[:10]}"]
            out = formats.dump(res)
            diff = changed_lines(f.read_bytes(), out, self.encoding(res))
            removed = [d for d in diff if d.startswith("-")]
            added = [d for d in diff if d.startswith("+")]
            assert sum("CHANGED" in d for d in added) == len(segs), f
            self.assert_only_changed(removed, added, len(segs), f)
            again = self.reload(res, out)
            got = {s.id: s.targets for s in again.segments}
            for s in segs:
                assert got[s.id][0] == f"CHANGED {s.id[:10]}"

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        raise NotImplementedError

    def reload(self, res: Resource, data: bytes) -> Resource:
        raise NotImplementedError

    def test_atomic_save(self, tmp_path: Path) -> None:
        f = self.files[0]
        dst = tmp_path / f.name
        dst.write_bytes(f.read_bytes())
        res = self.load(dst)
        self.translatable(res)[0].targets = ["saved"]
        assert formats.save(res)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        assert "saved" in dst.read_text(self.encoding(res))

    def test_truncated_file_is_a_located_error(self, tmp_path: Path) -> None:
        f = self.files[0]
        broken = tmp_path / f.name
        data = f.read_bytes()
        broken.write_bytes(self.corrupt(data))
        with pytest.raises(ParseError) as exc:
            self.load(broken)
        assert str(broken) in str(exc.value) and exc.value.line is not None

    def corrupt(self, data: bytes) -> bytes:
        raise NotImplementedError


class TestPO(FormatConformance):
    files = PO_FIXTURES

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def encoding(self, res: Resource) -> str:
        return res.handle.encoding

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        # only msgstr lines, flags/comments of those entries and the revision/generator header lines
        allowed = ("msgstr", '"', "#,", "# localize", "#")
        for d in removed + added:
            body = d[1:]
            assert body.startswith(allowed) or "PO-Revision-Date" in body or "X-Generator" in body, (f, d)
        assert not any(d[1:].startswith("msgid") for d in removed + added), f

    def reload(self, res: Resource, data: bytes) -> Resource:
        return po.read(res.path, data)

    def corrupt(self, data: bytes) -> bytes:
        return data + b'\nmsgid "unterminated\nmsgstr "x"\n'

    def test_create_from_template(self, tmp_path: Path) -> None:
        template = formats.load(FIXTURES / "po/psmisc/psmisc.pot", "en")
        res = po.create(template, str(tmp_path / "pl.po"), "pl")
        assert res.header["Language"] == "pl"
        assert res.header["Plural-Forms"].startswith("nplurals=3")
        assert len(res.active) == len(template.active)
        assert not any(s.translated for s in res.active)
        formats.save(res)
        again = formats.load(tmp_path / "pl.po")
        assert [s.id for s in again.active] == [s.id for s in template.active]


class TestJSON(FormatConformance):
    files = JSON_FIXTURES

    def load(self, path: Path) -> Resource:
        return formats.load(path)

    def translatable(self, res: Resource) -> list:
        return [s for s in res.active if not s.is_plural and s.kind == "text"]

    def assert_only_changed(self, removed: list[str], added: list[str], n: int, f: Path) -> None:
        assert len(removed) == n and len(added) == n, f
        for r, a in zip(removed, added):
            assert r.split(":")[0][1:] == a.split(":")[0][1:], (r, a)  # same key, new value

    def reload(self, res: Resource, data: bytes) -> Resource:
        return jsonfmt.read(res.path, data)

    def corrupt(self, data: bytes) -> bytes:
        return data[: len(data) // 2]

    def test_create_from_template(self, tmp_path: Path) -> None:
        src = formats.load(FIXTURES / "json/medusa-dashboard/en.json", "en")
        res = jsonfmt.pair(src, None, str(tmp_path / "pl.json"), "pl")
        plural = next(s for s in res.segments if s.plural_categories)
        assert plural.plural_categories == ["one", "few", "many", "other"]
        for s in res.segments[:40]:
            s.targets = [f"PL {s.source}"] * (len(s.plural_categories) or 1)
        plural.targets = ["1", "2", "5", "1.5"]
        formats.save(res)
        import json
        data = json.loads((tmp_path / "pl.json").read_text())
        flat = json.dumps(data)
        assert "PL " in flat
        key = plural.key.removesuffix("_*").split(".")
        node = data
        for k in key[:-1]:
            node = node[k]
        assert [node[f"{key[-1]}_{c}"] for c in ("one", "few", "many", "other")] == ["1", "2", "5", "1.5"]
