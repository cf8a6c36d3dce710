"""The register of address (formal "Sie" / informal "du"): detection, the project's setting, the n-best
preference and the warning (localize/formality.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from localize import checks, formality, shards
from localize.config import load as load_settings
from localize.errors import ConfigError
from localize.protect import mask


@pytest.mark.parametrize("text,locale,want", [
    ("Deine E-Mail-Adresse wurde bestätigt.", "de", "informal"),
    ("Wenn Sie fortfahren, wird Ihr Konto gelöscht.", "de", "formal"),
    ("Sie haben keine Berechtigung.", "de", None),            # sentence-initial "Sie" may be "they"
    ("Ihr Konto ist gesperrt. Bitte melde dich erneut an.", "de", "informal"),
    ("Votre compte est verrouillé.", "fr", "formal"),
    ("Ton compte est verrouillé, t'inquiète pas.", "fr", "informal"),
    ("Je bent uitgelogd", "nl", "informal"),
    ("U bent afgemeld, log opnieuw in met uw wachtwoord", "nl", "formal"),
    ("Ваш аккаунт заблокирован", "ru", "formal"),
    ("Твой аккаунт заблокирован", "ru", "informal"),
    ("Deine Datei, Ihre Datei", "de", None),                   # both: no single register
    ("Konto gesperrt", "de", None),
    ("Your account", "ja", None),                              # no markers for the language
])
def test_register(text: str, locale: str, want: str | None) -> None:
    assert formality.register(text, locale) == want


def test_detect_needs_a_clear_majority() -> None:
    formal = ["Möchten Sie die Datei speichern?"] * 12
    assert formality.detect(formal, "de") == "formal"
    assert formality.detect(formal[:5], "de") is None                          # too few to tell
    assert formality.detect(formal + ["Willst du speichern?"] * 6, "de") is None  # no clear majority
    assert formality.resolve("auto", "de_AT", ["Willst du die Datei speichern?"] * 20) == "informal"
    assert formality.resolve("auto", "de", []) == "formal"                     # the convention
    assert formality.resolve("auto", "es", []) == ""
    assert formality.resolve("any", "de", []) == ""
    assert formality.resolve("informal", "ja", []) == ""                       # nothing to tell it by


def test_nbest_choice_prefers_the_register_and_the_check_warns() -> None:
    m = mask("Your email address has been confirmed.")
    options = ["Deine E-Mail-Adresse wurde bestätigt.", "Ihre E-Mail-Adresse wurde bestätigt."]
    assert shards.choose(options, m, shards.Unit(m, "de", formality="formal"), "en")[0] == options[1]
    assert shards.choose(options, m, shards.Unit(m, "de"), "en")[0] == options[0]      # no preference: rank
    issues = checks.check_pair(m.original, options[0], checks.Context(target_locale="de", machine=True,
                                                                       formality="formal"))
    assert [(i.check, i.severity) for i in issues] == [("formality", "warning")]
    assert "'Deine'" in issues[0].message
    human = checks.check_pair(m.original, options[0], checks.Context(target_locale="de", formality="formal"))
    assert not human                                                # a person's choice is not second-guessed


def test_config(tmp_path: Path) -> None:
    cfg = tmp_path / "localize.toml"
    cfg.write_text('[project]\nsource = "en"\ntargets = ["de", "nl"]\nformality = { de = "informal", "*" = "any" }\n')
    assert load_settings(cfg).formality == {"de": "informal", "*": "any"}
    cfg.write_text('[project]\nsource = "en"\ntargets = ["de"]\nformality = "polite"\n')
    with pytest.raises(ConfigError, match="formality"):
        load_settings(cfg)


def test_auto_takes_the_register_of_the_projects_human_translations(tmp_path: Path) -> None:
    """A project whose German catalog says "du" gets informal machine output preferred; localize's own
    earlier output does not count as the project's choice."""
    from localize.config import Settings
    from localize.pipeline import Pipeline
    from localize.segments import Resource, Segment
    from localize.selection import Job, Options
    res = Resource(path="po/de.po", format="po", locale="de")
    res.segments = [Segment(id=str(i), source=f"Do you want to save file {i}?", targets=[f"Willst du Datei {i} speichern?"])
                    for i in range(12)]
    res.segments += [Segment(id=f"m{i}", source="x", targets=["Möchten Sie speichern?"],
                             translator_notes=["localize: machine translation by localize-default"]) for i in range(40)]
    auto = Pipeline(Settings(root=tmp_path), None, Options())
    auto.collect_human([Job(res, "de", None, "po/de.po")])
    assert auto.register("de") == "informal"
    assert Pipeline(Settings(root=tmp_path), None, Options()).register("de") == "formal"      # no project: convention
    fixed = Pipeline(Settings(root=tmp_path, formality={"de": "any"}), None, Options())
    fixed.collect_human([Job(res, "de", None, "po/de.po")])
    assert fixed.register("de") == ""
