"""JSON bundle specifics: i18next plural groups and target categories, ICU messages, nesting, arrays,
non-string values, insertion of missing keys in the file's style, errors with line numbers."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from localize import formats
from localize.errors import ParseError
from localize.formats import jsonfmt

from .conftest import DEMO, FIXTURES


def test_i18next_groups_and_categories() -> None:
    src = formats.load(DEMO / "i18n/en.json", "en")
    count = next(s for s in src.segments if s.id == "/task/count#plural")
    assert (count.source, count.source_plural) == ("{{count}} task", "{{count}} tasks")
    ar = jsonfmt.pair(src, None, "ar.json", "ar")
    assert next(s for s in ar.segments if s.id == "/task/count#plural").plural_categories == \
        ["zero", "one", "two", "few", "many", "other"]
    ids = {s.id for s in src.segments}
    assert "/task/assignedTo_me" in ids and "/shortcuts/0" in ids
    assert not any(s.id.startswith("/meta") for s in src.segments)  # numbers and booleans untouched


def test_icu_values_are_marked() -> None:
    src = formats.load(DEMO / "messages/en.json", "en")
    kinds = {s.id: s.kind for s in src.segments}
    assert kinds["/notifications.dueToday"] == "icu" and kinds["/settings.quietHours"] == "text"
    paragon = formats.load(FIXTURES / "json/openedx-paragon/fr.json")
    assert sum(s.kind == "icu" for s in paragon.segments) == 2


def test_missing_keys_inserted_next_to_source_neighbours(tmp_path: Path) -> None:
    src = formats.load(DEMO / "i18n/en.json", "en")
    f = tmp_path / "fr.json"
    original = (DEMO / "i18n/fr.json").read_bytes()
    f.write_bytes(original)
    res = jsonfmt.pair(src, formats.load(f, "fr"), str(f), "fr")
    for s in res.segments:
        if not s.translated:
            s.targets = ["FR"] * (len(s.plural_categories) or 1)
    formats.save(res)
    text = f.read_text()
    data = json.loads(text)
    assert list(data["nav"]) == ["inbox", "today", "upcoming", "settings"]  # source order
    assert data["app"]["tagline"] == "Vos tâches, partout."  # human translation kept
    assert {"count_one", "count_many", "count_other"} <= set(data["task"])
    assert data["shortcuts"] == ["FR", "FR"]
    assert "\n    \"today\": \"FR\"," in text  # the file's own indentation


def test_untouched_bytes_stay(tmp_path: Path) -> None:
    src = formats.load(FIXTURES / "json/medusa-dashboard/en.json", "en")
    f = FIXTURES / "json/medusa-dashboard/de.json"
    res = jsonfmt.pair(src, formats.load(f, "de"), str(f), "de")
    assert formats.dump(res) == f.read_bytes()


@pytest.mark.parametrize("text,line", [('{\n  "a": "x"\n  "b": 1\n}', 3),  # a duplicate key is a check finding
                                       ('{\n  "a": \'x\'\n}', 2)])
def test_errors_name_the_line(text: str, line: int, tmp_path: Path) -> None:
    f = tmp_path / "bad.json"
    f.write_text(text)
    with pytest.raises(ParseError) as exc:
        formats.load(f)
    assert exc.value.line == line and "bad.json" in str(exc.value)


def test_minified_and_ascii_escaped_style_is_kept(tmp_path: Path) -> None:
    f = tmp_path / "en.json"
    f.write_text('{"a":"Open","b":{"c":"Close"}}')
    g = tmp_path / "de.json"
    g.write_text('{"a":"\\u00d6ffnen"}')
    src = formats.load(f, "en")
    res = jsonfmt.pair(src, formats.load(g, "de"), str(g), "de")
    res.segments[1].targets = ["Schließen"]
    formats.save(res)
    assert g.read_text() == '{"a":"\\u00d6ffnen","b":{"c":"Schlie\\u00dfen"}}'


@pytest.mark.parametrize("src,tgt,expected", [
    ('{\r\n\t"a": "Open",\r\n\t"b": {\r\n\t\t"c": "Close"\r\n\t}\r\n}\r\n', '{\r\n\t"a": "Öffnen"\r\n}\r\n',
     '{\r\n\t"a": "Öffnen",\r\n\t"b": {\r\n\t\t"c": "DE:Close"\r\n\t}\r\n}\r\n'),
    ('{\n  "a": "Open",\n  "b": {"c": "Close"}\n}\n', '{}\n', '{\n  "a": "DE:Open",\n  "b": {\n    "c": "DE:Close"\n  }\n}\n'),
    ('["Open", "Close"]\n', '["Öffnen"]\n', '["Öffnen", "DE:Close"]\n'),
    ('{"pgn.a.b": "Open", "x/y~z": "Close"}', '{"pgn.a.b": "Öffnen"}', '{"pgn.a.b": "Öffnen", "x/y~z": "DE:Close"}'),
], ids=["crlf-tabs", "empty-target", "array-root", "dotted-keys-one-line"])
def test_insertions_follow_the_file_style(src: str, tgt: str, expected: str) -> None:
    s = jsonfmt.read("en.json", src.encode(), "en")
    p = jsonfmt.pair(s, jsonfmt.read("de.json", tgt.encode(), "de"), "de.json", "de")
    for seg in p.segments:
        if not seg.translated:
            seg.targets = ["DE:" + seg.source]
    assert jsonfmt.write(p).decode() == expected


WEBEXT = """{
  "extName": {
    "message": "Tab Saver",
    "description": "Name of the extension."
  },
  "greeting": {
    "message": "Hello, $USER$! You have $COUNT$ saved tabs.",
    "description": "Greeting on the popup.",
    "placeholders": {
      "user": {"content": "$1", "example": "Cira"},
      "count": {"content": "$2", "example": "12"}
    }
  }
}
"""


def test_message_description_files_translate_only_messages(tmp_path: Path) -> None:
    """WebExtension messages.json / Docusaurus code.json: descriptions are notes, placeholders code."""
    (tmp_path / "en.json").write_text(WEBEXT)
    src = formats.load(tmp_path / "en.json", "en")
    assert [(s.id, s.developer_notes) for s in src.segments] == [
        ("/extName/message", ["Name of the extension."]), ("/greeting/message", ["Greeting on the popup."])]
    res = jsonfmt.pair(src, None, str(tmp_path / "de.json"), "de")
    for s in res.segments:
        s.targets = ["DE " + s.source]
    data = json.loads(formats.dump(res))  # each locale's file carries its own placeholders (Chrome, MDN)
    src_data = json.loads(WEBEXT)
    assert data == {"extName": {"message": "DE Tab Saver", "description": "Name of the extension."},
                    "greeting": {"message": "DE Hello, $USER$! You have $COUNT$ saved tabs.",
                                 "description": "Greeting on the popup.",
                                 "placeholders": src_data["greeting"]["placeholders"]}}
    # a message the target lacks comes with its description and placeholders too
    (tmp_path / "de.json").write_text('{\n  "extName": {\n    "message": "Tabs sichern"\n  }\n}\n')
    res = jsonfmt.pair(src, formats.load(tmp_path / "de.json", "de"), str(tmp_path / "de.json"), "de")
    for s in res.segments:
        if not s.translated:
            s.targets = ["Hallo, $USER$! Sie haben $COUNT$ Tabs gesichert."]
    data = json.loads(formats.dump(res))
    assert data["extName"] == {"message": "Tabs sichern"}
    assert data["greeting"]["placeholders"] == src_data["greeting"]["placeholders"]
    # an ordinary bundle that merely has a "message" key keeps every string translatable
    (tmp_path / "b.json").write_text('{"error": {"message": "Failed", "description": "It broke"}, "ok": "OK"}')
    assert len(formats.load(tmp_path / "b.json", "en").segments) == 3


@pytest.mark.parametrize("target,key", [
    ('{"a": "Hallo"}', "a"), ('{"a": {"b": 5}}', "a.b"), ('{"c": "x"}', "c"), ('{"d": {"x": "y"}}', "d"),
    ('{"c": [1]}', "c[0]"), ("[]", "(root)"),
])
def test_target_with_another_shape_is_a_located_error(tmp_path: Path, target: str, key: str) -> None:
    """Writing into a bundle whose shape differs from the source's would corrupt it: refuse, say where."""
    (tmp_path / "en.json").write_text('{"a": {"b": "Hello"}, "c": ["One", "Two"], "d": "Good morning"}\n')
    (tmp_path / "de.json").write_text(target + "\n")
    src = formats.load(tmp_path / "en.json", "en")
    with pytest.raises(ParseError, match=rf"de.json:1: key '{re.escape(key)}': is .* in the source bundle"):
        jsonfmt.pair(src, formats.load(tmp_path / "de.json", "de"), str(tmp_path / "de.json"), "de")


def test_missing_array_items_of_objects_are_built_from_the_source(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text('{"items": [{"title": "Home page"}, {"title": "About us"}], "a/b": "Open"}\n')
    (tmp_path / "de.json").write_text('{"items": [{"title": "Startseite"}]}\n')
    src = formats.load(tmp_path / "en.json", "en")
    res = jsonfmt.pair(src, formats.load(tmp_path / "de.json", "de"), str(tmp_path / "de.json"), "de")
    for s in res.segments:
        if not s.translated:
            s.targets = ["DE " + s.source]
    assert json.loads(formats.dump(res)) == {"items": [{"title": "Startseite"}, {"title": "DE About us"}],
                                             "a/b": "DE Open"}


V3 = """{
  "files": "{{count}} file",
  "files_plural": "{{count}} files",
  "title": "Files"
}
"""


@pytest.mark.parametrize("locale,keys", [
    ("de", ["files", "files_plural", "title"]), ("pl", ["files_0", "files_1", "files_2", "title"]),
    ("ja", ["files_0", "title"]),
])
def test_i18next_v3_plural_pairs(tmp_path: Path, locale: str, keys: list[str]) -> None:
    """compatibilityJSON v3: "key"/"key_plural" in the source; the target gets its own form keys."""
    (tmp_path / "en.json").write_text(V3)
    src = formats.load(tmp_path / "en.json", "en")
    seg = next(s for s in src.segments if s.id.startswith("/files"))
    assert (seg.source, seg.source_plural, seg.id) == ("{{count}} file", "{{count}} files", "/files#plural3")
    res = jsonfmt.pair(src, None, str(tmp_path / f"{locale}.json"), locale)
    for s in res.segments:
        s.targets = [f"T{i}" for i in range(len(s.plural_categories) or 1)]
    data = json.loads(formats.dump(res))
    assert list(data) == keys
    (tmp_path / f"{locale}.json").write_bytes(formats.dump(res))  # read back: the forms are found again
    again = jsonfmt.pair(src, formats.load(tmp_path / f"{locale}.json", locale), str(tmp_path / f"{locale}.json"), locale)
    assert all(s.translated for s in again.segments)


def test_i18next_v3_missing_forms_inserted_after_their_key(tmp_path: Path) -> None:
    (tmp_path / "en.json").write_text(V3)
    (tmp_path / "pl.json").write_text('{\n  "files_0": "{{count}} plik",\n  "title": "Pliki"\n}\n')
    src = formats.load(tmp_path / "en.json", "en")
    res = jsonfmt.pair(src, formats.load(tmp_path / "pl.json", "pl"), str(tmp_path / "pl.json"), "pl")
    seg = next(s for s in res.segments if s.id == "/files#plural3")
    assert seg.plural_categories == ["0", "1", "2"] and seg.targets == ["{{count}} plik", "", ""]
    seg.targets = ["{{count}} plik", "{{count}} pliki", "{{count}} plików"]
    assert list(json.loads(formats.dump(res))) == ["files_0", "files_1", "files_2", "title"]


def test_i18next_zero_form_is_kept_for_every_language(tmp_path: Path) -> None:
    """i18next uses key_zero for a count of 0 in any language when it is there: a German or Polish bundle
    keeps it (after CLDR's forms it would be lost), translated from the source's _zero; Arabic, whose CLDR
    forms include zero, gets it once."""
    from localize.selection import Job, _item
    (tmp_path / "en.json").write_text('{"cake_zero": "No cake", "cake_one": "{{count}} cake", '
                                      '"cake_other": "{{count}} cakes"}\n')
    src = formats.load(tmp_path / "en.json", "en")
    for locale, cats in (("de", ["zero", "one", "other"]), ("pl", ["zero", "one", "few", "many", "other"]),
                         ("ar", ["zero", "one", "two", "few", "many", "other"])):
        res = jsonfmt.pair(src, None, str(tmp_path / f"{locale}.json"), locale)
        seg = res.segments[0]
        assert seg.plural_categories == cats
        forms = _item(Job(res, locale, None, f"{locale}.json"), seg, False).forms
        assert forms[0].source == "No cake" and forms[-1].source == "{{count}} cakes"
    seg.targets = ["لا كعك"] + [f"{{{{count}}}} كعكة {i}" for i in range(5)]
    (tmp_path / "ar.json").write_bytes(formats.dump(res))
    assert list(json.loads((tmp_path / "ar.json").read_text())) == [f"cake_{c}" for c in cats]


def test_jquery_i18n_metadata_is_not_translated(tmp_path: Path) -> None:
    """jquery.i18n / MediaWiki bundles keep authors and message docs under "@metadata": not text."""
    (tmp_path / "en.json").write_text('{"@metadata": {"authors": ["Someone"], "message-documentation": "qqq"},\n'
                                      ' "files": "Delete {{PLURAL:$1|this file|these $1 files}}?"}\n')
    src = formats.load(tmp_path / "en.json", "en")
    assert [s.id for s in src.segments] == ["/files"]


def test_docusaurus_description_keys_are_notes_not_strings(tmp_path: Path) -> None:
    """Docusaurus base files document a key with "key___DESCRIPTION": a note for the translation of
    "key", never a string of its own in the target files."""
    (tmp_path / "en.json").write_text('{\n  "theme.admonition.caution": "caution",\n'
                                      '  "theme.admonition.caution___DESCRIPTION": "The label of the Caution admonition",\n'
                                      '  "theme.blog.post.readMore": "Read more"\n}\n')
    src = formats.load(tmp_path / "en.json", "en")
    assert [(s.id, s.developer_notes) for s in src.segments] == [
        ("/theme.admonition.caution", ["The label of the Caution admonition"]), ("/theme.blog.post.readMore", [])]
    res = jsonfmt.pair(src, None, str(tmp_path / "de.json"), "de")
    for s in res.segments:
        s.targets = ["DE " + s.source]
    assert list(json.loads(formats.dump(res))) == ["theme.admonition.caution", "theme.blog.post.readMore"]


def test_docusaurus_plural_messages_get_the_target_languages_forms(tmp_path: Path) -> None:
    """Docusaurus' usePluralForm picks the "|" form by the locale's CLDR categories in order (zero one two
    few many other) and shows the first form when a message has more forms than the language: a Japanese
    "1 post|{count} posts" reads "1 post" for every count.  A message keyed "….plurals" or described as
    plural forms gets one form per category (pl: four, ja: one); another "|" ("Home | My Site") is text.
    Each form is checked against the source form it translates.  (A hand-written code.json in the layout
    `docusaurus write-translations` produces.)"""
    from localize import plurals
    from localize.audit import audit_files
    from localize.config import load
    from localize.engine import DEFAULT_MODEL_DIR
    from localize.engine.ct2 import CT2Translator
    from localize.pipeline import Options, Pipeline
    assert plurals.pipe_forms("Ein Beitrag|{count} Beiträge", "ja") == "{count} Beiträge"
    assert plurals.pipe_forms("a|b", "pl") == "a|b|b|b"
    (tmp_path / "i18n/en").mkdir(parents=True)
    (tmp_path / "i18n/en/code.json").write_text(json.dumps({
        "theme.blog.post.plurals": {"message": "One post|{count} posts",
                                    "description": "Pluralized label for \"{count} posts\". Use as much plural forms "
                                                   "(separated by \"|\") as your language support"},
        "custom.results": {"message": "One result|{count} results",
                           "description": "Plural forms separated by \"|\""},
        "homepage.title": {"message": "Home | My Site", "description": "The page title"}}, indent=2))
    (tmp_path / "localize.toml").write_text('[project]\nsource = "en"\ntargets = ["pl", "ja", "de"]\n\n'
                                            '[[resources]]\npath = "i18n/{locale}/code.json"\n')
    result = Pipeline(load(tmp_path / "localize.toml"), CT2Translator(DEFAULT_MODEL_DIR, beam_size=2), Options()).run()
    assert not [i for i in result.issues if i.severity == "error"]
    for loc, n in (("pl", 4), ("ja", 1), ("de", 2)):
        data = json.loads((tmp_path / f"i18n/{loc}/code.json").read_text("utf-8"))
        for key in ("theme.blog.post.plurals", "custom.results"):
            forms = data[key]["message"].split("|")
            assert len(forms) == n and "{count}" in forms[-1], (loc, forms)
        assert data["homepage.title"]["message"].count("|") == 1
        found = audit_files([str(tmp_path / f"i18n/{loc}/code.json")], str(tmp_path / "i18n/en/code.json"), [loc])
        assert not [i for i in found if i.check in ("pipes", "placeholders")], found


def test_keys_that_are_the_english_text_with_empty_source_values(tmp_path: Path) -> None:
    """Plone Volto's locales/en.json maps each English message to "" (the key is the text) and mixes in id
    keys whose English lives in the code: a text key is the source of its entry, an id key with an empty
    value has nothing to compare (no false "unexpected {errorField}"), and a translation is checked against
    the key.  (The layout of Volto 19's locales/*.json, written small for the test.)"""
    from localize.audit import audit_files
    en = {"Add link": "", "Bottom": "", "Manage translations for {title}": "", "blocksFieldsErrorTitle": "",
          "Unknown Block": "Unknown Block {block}"}
    de = {"Add link": "Link hinzufügen", "Bottom": "Unten", "Manage translations for {title}": "Übersetzungen für {}",
          "blocksFieldsErrorTitle": "Fehler in {errorField}", "Unknown Block": "Unbekannter Block {block}"}
    (tmp_path / "en.json").write_text(json.dumps(en), "utf-8")
    (tmp_path / "de.json").write_text(json.dumps(de), "utf-8")
    src = formats.load(tmp_path / "en.json", "en").by_id()
    assert src["/Add link"].source == "Add link" and src["/Bottom"].source == "Bottom"
    assert src["/blocksFieldsErrorTitle"].source == "" and src["/Unknown Block"].source == "Unknown Block {block}"
    found = audit_files([str(tmp_path / "de.json")], str(tmp_path / "en.json"), ["de"])
    bad = {(i.segment_id, i.check) for i in found if i.severity == "error"}
    assert bad == {("/Manage translations for {title}", "placeholders")}


CT_UIKIT = FIXTURES / "json/commercetools-uikit"


def test_structured_json_of_transifex_formatjs_lokalise_and_smartling(tmp_path: Path) -> None:
    """Message objects as the tools write them: commercetools' real Transifex file (core.json, `string` +
    `developer_comment`), FormatJS extract's `defaultMessage` (a description may be an object; source
    locations are code), Lokalise's `translation` + `notes` + `limit`, Smartling's directives object.
    Only the text is translated, the rest are notes, limits or code, copied into a new locale's file."""
    src = formats.load(CT_UIKIT / "core.json", "en")
    assert len(src.segments) == 81 and all(s.id.endswith("/string") for s in src.segments)
    first = src.segments[0]
    assert first.source == "Add filter" and first.developer_notes == ["Label for the add filter button"]
    de = jsonfmt.pair(src, formats.load(CT_UIKIT / "de.json", "de"), str(CT_UIKIT / "de.json"), "de")
    assert all(s.translated for s in de.segments) and jsonfmt.write(de) == (CT_UIKIT / "de.json").read_bytes()
    it = jsonfmt.pair(src, None, str(tmp_path / "it.json"), "it")
    for s in it.segments:
        s.targets = ["IT " + s.source]
    got = json.loads(jsonfmt.write(it))
    assert got["UIKit.AddFilterButton.addFilterButtonLabel"] == {
        "developer_comment": "Label for the add filter button", "string": "IT Add filter"}

    formatjs = {"app.hello": {"defaultMessage": "Hello, {name}!", "description": {"context": "greeting", "max": 20},
                              "file": "src/App.tsx", "line": 12, "col": 4},
                "app.bye": {"defaultMessage": "Goodbye"}}
    lokalise = {"mm_about": {"translation": "About us", "notes": "Title for main menu", "limit": 8, "tags": ["main"]},
                "mm_home": {"translation": "Homepage", "context": "menu"}}
    smartling = {"smartling": {"translate_paths": [{"path": "*/message", "key": "{*}/message"}], "string_format": "icu"},
                 "app.ok": {"message": "OK", "description": "Button"}}
    for name, data, want in (
            ("formatjs", formatjs, [("/app.hello/defaultMessage", "Hello, {name}!",
                                     ['{"context": "greeting", "max": 20}'], None),
                                    ("/app.bye/defaultMessage", "Goodbye", [], None)]),
            ("lokalise", lokalise, [("/mm_about/translation", "About us", ["Title for main menu"], 8),
                                    ("/mm_home/translation", "Homepage", ["Context: menu"], None)]),
            ("smartling", smartling, [("/app.ok/message", "OK", ["Button"], None)])):
        (tmp_path / f"{name}.json").write_text(json.dumps(data, indent=2))
        res = formats.load(tmp_path / f"{name}.json", "en")
        assert [(s.id, s.source, s.developer_notes, s.max_chars) for s in res.segments] == want, name
        new = jsonfmt.pair(res, None, str(tmp_path / f"{name}.de.json"), "de")
        assert [s.max_chars for s in new.segments] == [w[3] for w in want]
        for s in new.segments:
            s.targets = ["DE " + s.source]
        out = json.loads(jsonfmt.write(new))
        for key, value in data.items():
            if key == "smartling":
                assert key not in out
                continue
            text = next(k for k in value if k in ("defaultMessage", "translation", "message"))
            assert out[key] == {**value, text: "DE " + value[text]}, name


def test_translate_a_role_named_source_beside_locale_files(tmp_path: Path) -> None:
    """`localize translate data/core.json --to it` (core.json is the source, de.json and fr-FR.json its
    translations): data/it.json is written in core.json's shape with the real engine; the length limit of
    a Transifex `character_limit` holds for machine output; de.json (a person's) is left as it is."""
    from localize import layout
    data = tmp_path / "data"
    shutil.copytree(CT_UIKIT, data)
    assert layout.implied_pattern(str(data / "core.json"), "json", "en") == (str(data / "{locale}.json"), "fr-FR")
    assert layout.implied_pattern(str(data / "de.json"), "json", "en") is None
    src = json.loads((data / "core.json").read_text())
    src["UIKit.AddFilterButton.addFilterButtonLabel"]["character_limit"] = 3
    (data / "core.json").write_text(json.dumps(src, indent=2, ensure_ascii=False) + "\n")
    before = (data / "de.json").read_bytes()
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "data/core.json", "--to", "it,de"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    it = json.loads((data / "it.json").read_text())
    assert set(it) <= set(src) and len(it) >= 70
    assert all(set(v) == {"developer_comment", "string"} for v in it.values())
    assert "UIKit.AddFilterButton.addFilterButtonLabel" not in it  # no Italian fits in 3 characters
    assert "the limit is 3" in r.stderr + r.stdout
    assert it["UIKit.LocalizedTextInput.hide"]["string"].count("{remainingLanguages}") == 1
    assert (data / "de.json").read_bytes() == before


OOUI = FIXTURES / "json/oojs-ui"


def test_translatewiki_qqq_documents_messages_and_is_no_language(tmp_path: Path) -> None:
    """OOUI's i18n folder (Translatewiki: en.json, qqq.json, one file per language): qqq.json's
    documentation is each message's note; `localize check DIR` checks the translations (not en.json, the
    source, nor qqq.json, which is no language: its "{{Identical|Help}}" were placeholder errors), and
    naming only the source is a one-line error; a folder of locales spelled with script and region
    (zh_Hant_HK.json) finds its en.json."""
    src = formats.load(OOUI / "en.json", "en")
    notes = {s.id: s.developer_notes for s in src.segments}
    assert notes["/ooui-copytextlayout-copy"] == ["Label of button to copy text to clipboard."]
    assert formats.expand([str(OOUI)]) == [str(OOUI / n) for n in ("de.json", "en.json", "fr.json")]
    r = subprocess.run([sys.executable, "-m", "localize", "check", str(OOUI), "--json"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert not report["unreadable"] and {Path(i["path"]).name for i in report["issues"]} <= {"de.json", "fr.json"}
    assert not [i for i in report["issues"] if i["severity"] == "error"]
    r = subprocess.run([sys.executable, "-m", "localize", "check", str(OOUI / "en.json")], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 2 and "en.json" in r.stderr and "source-language file" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    (tmp_path / "l").mkdir()
    shutil.copy(OOUI / "en.json", tmp_path / "l/en.json")
    shutil.copy(OOUI / "de.json", tmp_path / "l/zh_Hant_HK.json")
    r = subprocess.run([sys.executable, "-m", "localize", "check", "l"], cwd=tmp_path, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode in (0, 1) and "unreadable" not in r.stdout, r.stdout + r.stderr


ELEMENT = FIXTURES / "json/element"


def test_plural_objects_and_keys_ending_in_other(tmp_path: Path) -> None:
    """Element's bundles: `{"one": "1 unread message.", "other": "%(count)s unread messages."}` is one plural
    message (a new Polish file gets one/few/many/other in CLDR order; the Czech file's one/other is a
    person's, its missing few/many only warnings since "other" answers for them, and a count in its "one"
    form is no error); "failed_connect_identity_server_other" beside "failed_connect_identity_server" is a
    key of its own, not an i18next plural group (it gave every Czech file three "empty plural forms")."""
    from localize.audit import audit_files
    src = formats.load(ELEMENT / "en_EN.json", "en")
    by = src.by_id()
    seg = by["/a11y/n_unread_messages#plurals"]
    assert (seg.source, seg.source_plural, seg.plural_categories) == \
        ("1 unread message.", "%(count)s unread messages.", ["one", "other"])
    assert "/auth/failed_connect_identity_server_other" in by and "/devtools/category_other" in by
    assert not [s for s in src.segments if s.id.endswith("#plural") and "_other" in s.id and "identity" in s.id]
    cs = jsonfmt.pair(src, formats.load(ELEMENT / "cs.json", "cs"), str(ELEMENT / "cs.json"), "cs")
    assert jsonfmt.write(cs) == (ELEMENT / "cs.json").read_bytes()
    issues = audit_files([str(ELEMENT / "cs.json")], str(ELEMENT / "en_EN.json"), ["cs"])
    plural_errors = [i for i in issues if i.check == "plurals" and i.severity == "error"]
    assert not plural_errors
    assert any(i.check == "plurals" and "answers" in i.message for i in issues)
    assert not [i for i in issues if i.severity == "error" and (i.location or "").endswith(".one")]
    pl = jsonfmt.pair(src, None, str(tmp_path / "pl.json"), "pl")
    for s in pl.segments:
        s.targets = [f"PL {c}" for c in s.plural_categories] if s.plural_categories else ["PL " + s.source]
    out = json.loads(jsonfmt.write(pl))
    assert list(out["a11y"]["n_unread_messages"]) == ["one", "few", "many", "other"]
    assert out["auth"]["failed_connect_identity_server_other"].startswith("PL You can log in")
    # an existing Polish object with one/other gets few/many between them
    (tmp_path / "pl.json").write_text('{\n  "a11y": {\n    "n_unread_messages": {\n      "one": "1 wiadomość",\n'
                                      '      "other": "%(count)s wiadomości"\n    }\n  }\n}\n', "utf-8")
    pl = jsonfmt.pair(src, formats.load(tmp_path / "pl.json", "pl"), str(tmp_path / "pl.json"), "pl")
    seg = pl.by_id()["/a11y/n_unread_messages#plurals"]
    seg.targets = ["1 wiadomość", "%(count)s wiadomości", "%(count)s wiadomości", "%(count)s wiadomości"]
    for s in pl.segments:
        if s is not seg:
            s.targets = []
    text = jsonfmt.write(pl).decode()
    assert list(json.loads(text)["a11y"]["n_unread_messages"]) == ["one", "few", "many", "other"]


def test_check_dir_finds_the_source_bundle_by_each_projects_convention(tmp_path: Path) -> None:
    """Without a localize.toml, `check DIR` finds each file's source as the projects name it: Element's
    en_EN.json, Joplin's en_US.json, Node-RED's en-US/ folder, a Java base bundle (messagebundle.properties
    for messagebundle_cs.properties), and locales with a region and script (uz_UZ_Cyrl)."""
    def check(d: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "localize", "check", str(d)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)
    layouts = {"element": ("en_EN.json", "cs.json"), "joplin": ("en_US.json", "cs_CZ.json"),
               "nodered": ("en-US/editor.json", "cs/editor.json"), "dhis2": ("en/t.json", "uz_UZ_Cyrl/t.json")}
    for name, (en, other) in layouts.items():
        d = tmp_path / name
        for rel, src in ((en, OOUI / "en.json"), (other, OOUI / "de.json")):
            (d / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, d / rel)
        r = check(d)
        assert r.returncode in (0, 1) and "unreadable" not in r.stdout, (name, r.stdout, r.stderr)
    d = tmp_path / "java"
    d.mkdir()
    (d / "messagebundle.properties").write_text("SAVE=Save\nOPEN=Open {0}\n", "utf-8")
    (d / "messagebundle_cs.properties").write_text("SAVE=Ulo\\u017eit\nOPEN=Otev\\u0159\\u00edt\n", "utf-8")
    r = check(d)
    assert r.returncode == 1 and "{0}" in r.stdout and "unreadable" not in r.stdout, r.stdout + r.stderr


def test_translate_a_folder_of_bundles(tmp_path: Path) -> None:
    """`localize translate i18n/ --to pl,fr` on OOUI's folder: en.json (the source) makes pl.json, the
    people's fr.json and de.json are left byte for byte (de is not asked for, fr is complete), qqq.json is
    documentation; `translate i18n/de.json --to pl` says the file is German and leaves it alone."""
    shutil.copytree(OOUI, tmp_path / "i18n")
    before = {p.name: p.read_bytes() for p in (tmp_path / "i18n").iterdir()}
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "-q", "i18n", "--to", "pl,fr"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    pl = json.loads((tmp_path / "i18n/pl.json").read_text("utf-8"))
    assert set(pl) == set(json.loads(before["en.json"])) - {"@metadata"}
    assert {p.name: p.read_bytes() for p in (tmp_path / "i18n").iterdir() if p.name != "pl.json"} == before
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "i18n/de.json", "--to", "pl"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0 and "de.json is de, not among --to" in r.stdout + r.stderr
    assert (tmp_path / "i18n/de.json").read_bytes() == before["de.json"]


def test_persons_complete_french_groups_get_many_from_other(tmp_path: Path) -> None:
    """Medusa's French bundle has `_one`/`_other` only; French "many" (a million and up) got 51 machine-worded
    `_many` keys beside the person's `_other`.  It now gets a copy of the person's `_other`, with no engine work."""
    import json as _json
    import shutil
    import subprocess
    import sys
    src = FIXTURES / "json" / "medusa-dashboard"
    for name in ("en.json", "fr.json"):
        shutil.copy(src / name, tmp_path / name)
    r = subprocess.run([sys.executable, "-m", "localize", "translate", "fr.json", "--json", "--no-memory"],
                       cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    stats = _json.loads(r.stdout)["locales"].get("fr", {})
    assert stats.get("engine_units", 0) == 0
    out = _json.loads((tmp_path / "fr.json").read_text("utf-8"))
    assert out["general"]["items_many"] == out["general"]["items_other"]
