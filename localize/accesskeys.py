"""Mozilla-style access keys and shortcuts: a `.accesskey` entry (Fluent attribute `save-button.accesskey = A`, a
.properties key `saveAs.accesskey=A`) holds one character of its label (`.label = Save Page As…`).  It is
not text for the engine: once the label is translated the key is taken from it (the source's letter when
the translation has it, else the translation's first letter), so "Seite speichern unter …" does not get
an "A" that Firefox would have to append as "(A)".  A label without Latin, Cyrillic or Greek letters
(Japanese, Chinese) keeps the source's key, as those locales do.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# Mozilla's `.accesskey`; Java Swing's mnemonics: Action.MNEMONIC_KEY ("HomePane.NEW_HOME.MnemonicKey = N"
# beside "HomePane.NEW_HOME.Name = New"), a component's "rollRadioButton.mnemonic = A" beside its ".text"
_SUFFIX_RE = re.compile(r"\.(?:accesskey|mnemonic|mnemonickey|displayedmnemonic)$", re.I)
_LABELS = (".label", "", ".title", ".value", ".labelText", ".Name", ".text", ".name")
_SYNTAX_RE = re.compile(r"\{[^{}]*\}|<[^<>]*>|&[A-Za-z]+;|%\d*\$?[a-zA-Z]|\$\w+")


def is_accesskey(seg: Any) -> bool:
    """A one-character `.accesskey` (or Java mnemonic) entry."""
    return len(seg.source.strip()) == 1 and _SUFFIX_RE.search(seg.id) is not None


_SHORTCUT_ID_RE = re.compile(r"\.(?:key|commandkey|keycode|shortcut)\d*$", re.I)
_SHORTCUT_RE = re.compile(r"\S|VK_[A-Z0-9_]+")


# Java Swing key strokes (KeyStroke.getKeyStroke: "control N", "shift meta Z", "alt F4", "typed a") and
# the keys that hold them ("HomePane.NEW_HOME.AcceleratorKey", "...AcceleratorKey.Mac\ OS\ X")
_KEYSTROKE_RE = re.compile(r"(?:(?:shift|control|ctrl|meta|alt|altGraph|button[1-3])\s+)*"
                           r"(?:typed\s+\S|(?:pressed\s+|released\s+)?[A-Z][A-Z0-9_]*)")
_ACCELERATOR_ID_RE = re.compile(r"(?:^|\.)accelerator(?:key)?(?:$|\.)", re.I)


def is_shortcut(seg: Any) -> bool:
    """A keyboard shortcut: Mozilla's (`newMessageCmd.key = M`, `renameFolder.key = VK_F2`, `.commandkey2`)
    or a Java Swing key stroke (`HomePane.SAVE.AcceleratorKey = control S`): copied, never machine-translated
    (getNewMessagesCmd.key "y" came back "s"; "control S" came back "Steuern S", which Swing cannot parse);
    a locale may change it."""
    text = seg.source.strip()
    if _SHORTCUT_ID_RE.search(seg.id) and _SHORTCUT_RE.fullmatch(text):
        return True
    if _ACCELERATOR_ID_RE.search(seg.id):  # "control N", SH3D's own "Alt-F4" / "meta N"
        return len(text.split()) <= 4
    return _KEYSTROKE_RE.fullmatch(text) is not None and any(ch.isspace() for ch in text)  # "shift control P"


def last(items: Iterable[Any]) -> list[Any]:
    """`items` with the access keys after everything else (their labels are assembled first)."""
    items = list(items)
    return [it for it in items if not is_accesskey(it.segment)] + [it for it in items if is_accesskey(it.segment)]


def label_of(seg: Any, by_id: dict[str, Any]) -> Any:
    """The segment holding the label `seg` is the access key of (`by_id`: the resource's segments by id)."""
    m = _SUFFIX_RE.search(seg.id)
    stem = seg.id[:m.start()] if m else seg.id
    for suffix in _LABELS:
        label = by_id.get(stem + suffix)
        if label is None:  # a Fluent label that is a select: its default variant ("...label[other]")
            label = next((by_id[k] for k in (stem + suffix + "[other]", stem + suffix + "[many]") if k in by_id), None)
        if label is not None and label is not seg:
            return label
    return None


def choose(key: str, label: str) -> str:
    """The access key for a translated `label`: the source's `key` where the label has that letter (as
    the label writes it), else the label's first letter; `key` when the label has no letter a keyboard
    in the source's script could type in its place (CJK)."""
    key = key.strip()
    text = _SYNTAX_RE.sub(" ", label)
    i = text.lower().find(key.lower())
    if key and i >= 0:
        return text[i]
    for ch in text:
        if ch.isalpha() and _keyboard_letter(ch):
            return ch
    return key


def _keyboard_letter(ch: str) -> bool:
    """Latin, Cyrillic or Greek: letters locales of those scripts use as access keys."""
    return ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u0370" <= ch <= "\u03ff" or "\u0400" <= ch <= "\u04ff"


def derive(seg: Any, by_id: dict[str, Any]) -> str | None:
    """The access key of `seg` from its label's translation (`by_id`: its resource's segments by id)."""
    label = label_of(seg, by_id)
    if label is None or not label.targets or not label.targets[0].strip():
        return None
    return choose(seg.source, label.targets[0])


# Key names as the locale's keyboards print them and its translators write them inside <key>/<kbd>/<keycap>
# (Mallard and DocBook help, HTML): the corpora's shortcuts give Ctrl -> Strg (127 of 131), Shift ->
# Umschalt (60/62), Enter -> Eingabe in German, Shift -> Maj, Enter -> Entrée in French, Shift -> Mayús in
# Spanish, Shift -> Maiusc, Enter -> Invio in Italian; the rest are those keyboards' legends.  Every other
# language keeps the English names (Ctrl, Shift, Alt stay in 97-100% of its shortcuts).
KEY_NAMES: dict[str, dict[str, str]] = {
    "de": {"ctrl": "Strg", "control": "Strg", "shift": "Umschalt", "enter": "Eingabe", "return": "Eingabe",
           "del": "Entf", "delete": "Entf", "ins": "Einfg", "insert": "Einfg", "home": "Pos1", "end": "Ende",
           "space": "Leertaste", "spacebar": "Leertaste", "backspace": "Rücktaste", "pgup": "Bild↑",
           "page up": "Bild↑", "pgdn": "Bild↓", "page down": "Bild↓"},
    "fr": {"shift": "Maj", "enter": "Entrée", "return": "Entrée", "del": "Suppr", "delete": "Suppr",
           "space": "Espace", "spacebar": "Espace", "home": "Début", "end": "Fin", "backspace": "Retour arrière"},
    "es": {"shift": "Mayús", "del": "Supr", "delete": "Supr", "space": "Espacio", "spacebar": "Espacio",
           "home": "Inicio", "end": "Fin"},
    "it": {"shift": "Maiusc", "enter": "Invio", "return": "Invio", "del": "Canc", "delete": "Canc",
           "space": "Spazio", "spacebar": "Spazio", "end": "Fine"},
}
_KEY_ELEMENT_RE = re.compile(r"(<(key|kbd|keycap)\b[^<>]*>)([^<>]+)(</\2\s*>)", re.I)


def localized_key_element(span: str, locale: str) -> str:
    """A masked `<key>Ctrl</key>` (or kbd, keycap) with the key's name as `locale` writes it ("Strg" in
    German); anything else as it is."""
    names = KEY_NAMES.get(locale.replace("-", "_").split("_")[0])
    m = _KEY_ELEMENT_RE.fullmatch(span) if names else None
    if m is None:
        return span
    name = names.get(m.group(3).strip().lower())  # type: ignore[union-attr]
    return m.group(1) + name + m.group(4) if name else span
