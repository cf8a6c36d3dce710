#!/usr/bin/env python3
"""Build parallel corpora of web-app UI strings (English -> 10 locales) from npm packages' i18n bundles.

Usage: python scripts/build_web_corpora.py [--out corpora] [--cache .cache/npm] [--scan NAME@VERSION ...]

Every package in PACKAGES (pinned versions) is fetched once from the npm registry into .cache/npm and
read straight from its tarball.  A bundle is a family of files that differ only by a locale code in
their path (`locales/de.json`, `i18n/messagebundle_de.json`, `locales/pt-BR/editor.json`...); the
English member of the family is paired with every wanted locale *by key* (nested keys joined with
"."), or, for gettext catalogs, msgid with msgstr.  Formats: JSON, Java .properties, gettext .po and
(for a few packages) JS/TS modules whose export is a plain object literal (parsed, never executed).

Pairs are cleaned (empty, untranslated copies, over-long, extreme length ratios, no letters, duplicate
source+target per language) and split train/dev/test *by npm package*, so no package is in two
splits.  Duplicates are resolved in the order test, dev, train, so no test pair is also in train.

Packages reserved for independent evaluation are refused even if the list names them, and only
packages whose package.json declares an OSI open-source licence are used.

Outputs (committed):
  corpora/web/<lang>.tsv.gz   split, npm package, bundle path, key, source, target  (TSV, escaped)
  corpora/SOURCES.tsv          the script's own `npm:` rows (others, e.g. Debian, are kept as they are)

`--scan` only prints which bundles a package would give (for choosing packages); it writes nothing.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
import tarfile
import urllib.request
from collections import defaultdict
from pathlib import Path

LANGS = ["de", "fr", "es", "it", "pt_BR", "nl", "pl", "ru", "ja", "zh_CN"]
CJK = {"ja", "zh_CN"}
REGISTRY = "https://registry.npmjs.org"

# Reserved for independent evaluation (QA test inputs, test fixtures, held-out benchmarks): never read.
RESERVED = {
    "zod-i18n-map", "@docusaurus/theme-translations", "@grafana/scenes", "video.js",
    "@cloudscape-design/components", "@sbb-esta/angular", "@sbb-esta/angular-core",
    "ngx-extended-pdf-viewer", "@strapi/i18n", "@vendure/admin-ui", "@medusajs/dashboard",
    "@openedx/paragon",
}
RESERVED_PARTS = ("grafana", "docusaurus", "cloudscape", "sbb-esta", "video.js", "videojs", "firefox",
                  "pdf-viewer", "paragon", "vendure", "medusajs")

# (name, version, options).  Options:
#   include / exclude: regexes on the file path inside the package (without "package/")
#   js: also read .js/.mjs/.ts modules that export a plain object literal
#   key_is_source: the keys are the English strings (no English file is needed)
#   key_re: the English text is in the key (group "src"; group "n", when present, must be 0)
#   js_by_var: JS keys are prefixed with the `var` they are assigned to
#   template_sub: (regex, replacement) applied to a bundle's path template (bundler hashes)
#   po: also read gettext .po catalogs (msgid -> msgstr)
#   exclude_keys / exclude_src: regexes on the key / the English text of pairs to leave out
#   en_file: the English bundle's path, where it is not a sibling of the translations
#   pt_is_br: plain "pt" is Brazilian Portuguese here (SAP's convention; checked by hand otherwise)
UI5 = {"include": r"(messagebundle|i18n)_[A-Za-z_]+\.properties$", "pt_is_br": True}
PACKAGES: list[tuple[str, str, dict]] = [
    # component libraries
    # time-zone and country names are reference data, not UI text
    ("genesys-spark-components", "4.201.1", {"include": r"^dist/genesys-webcomponents/i18n/",
                                             "exclude_keys": r"^gux-(time-zone-picker|flag-icon)\.|^gux-phone-input\.[A-Z]{2}$"}),
    ("@ui5/webcomponents", "2.26.0", {"include": r"^dist/generated/assets/i18n/messagebundle_", "pt_is_br": True}),
    ("@ui5/webcomponents-fiori", "2.27.1", {"include": r"^dist/generated/assets/i18n/messagebundle_",
                                            "pt_is_br": True}),
    ("@openui5/sap.m", "1.152.0", UI5),
    ("@openui5/sap.ui.core", "1.152.0", UI5),
    ("@openui5/sap.ui.mdc", "1.152.0", UI5),
    ("@openui5/sap.ui.rta", "1.146.0", UI5),
    ("@openui5/sap.ui.documentation", "1.141.1", UI5),
    ("@openui5/sap.ui.integration", "1.150.0", UI5),
    ("@openui5/sap.f", "1.152.0", UI5),
    ("@openui5/sap.ui.table", "1.152.0", UI5),
    ("@openui5/sap.ui.unified", "1.152.0", UI5),
    ("@openui5/sap.uxap", "1.152.0", UI5),
    ("@openui5/sap.tnt", "1.152.0", UI5),
    ("@openui5/sap.ui.fl", "1.152.0", UI5),
    ("element-plus", "2.14.8", {"js": True, "include": r"^es/locale/lang/"}),
    ("vuetify", "4.3.0", {"js": True, "include": r"^lib/locale/[^/]+\.js$"}),
    ("quasar", "2.34.0", {"js": True, "include": r"^lang/[^/]+\.js$"}),
    ("primelocale", "2.5.0", {"include": r"^[^/]+\.json$"}),
    ("datatables.net-plugins", "3.0.2", {"include": r"^i18n/[^/]+\.json$"}),
    ("@vee-validate/i18n", "4.15.1", {"include": r"^dist/locale/"}),
    ("oojs-ui", "0.54.2", {"include": r"^dist/i18n/"}),
    ("@alfresco/adf-core", "9.0.0", {"include": r"^bundles/assets/"}),
    ("@alfresco/adf-content-services", "9.0.0", {"include": r"^bundles/assets/"}),
    ("@alfresco/adf-process-services-cloud", "9.0.0", {"include": r"^bundles/assets/"}),
    # editors
    ("ckeditor5", "43.3.1", {"js": True, "include": r"^dist/translations/[^/.]+\.js$",
                             "key_re": r"dictionary\.(?P<src>.*?)(?:\.(?P<n>\d+))?",
                             # the special-characters plugin's Unicode names
                             "exclude_src": r"^(Latin|Greek|Cyrillic) (capital|small) letter|\b[Ss]ign$"}),
    ("tinymce-i18n", "25.8.4", {"js": True, "key_is_source": True, "include": r"^langs8/"}),
    ("jodit", "4.15.13", {"js": True, "key_is_source": True, "include": r"^esm/(plugins/[^/]+/)?langs/"}),
    ("monaco-editor", "0.45.0", {"js": True, "include": r"^dev/vs/editor/editor\.main\.nls"}),
    # (slash-menu search aliases are per-language keyword lists, not translations of each other)
    ("@blocknote/core", "0.55.0", {"js": True, "include": r"^src/i18n/locales/",
                                   "exclude_keys": r"\.aliases\.|secondary_tooltip"}),
    ("grapesjs", "0.23.6", {"js": True, "include": r"^locale/[^/]+\.mjs$"}),
    ("@excalidraw/excalidraw", "0.18.1", {"js": True, "js_by_var": True, "include": r"^dist/dev/locales/[^/]+\.js$",
                                          "template_sub": (r"-[A-Z0-9]{8}\.js$", ".js"),
                                          "en_file": "dist/dev/chunk-LMHBUWQS.js"}),
    # CMS, admin and business apps
    ("decap-cms-locales", "3.8.2", {"js": True, "include": r"^dist/esm/"}),
    # its only Portuguese ("pt") is Brazilian (arquivo, usuário, excluir)
    ("@payloadcms/translations", "3.90.2", {"js": True, "include": r"^dist/languages/", "pt_is_br": True}),
    ("@plone/volto", "19.3.0", {"po": True, "include": r"^locales/.*\.po$"}),
    ("@node-red/editor-client", "5.0.7", {"include": r"^locales/"}),
    ("@node-red/nodes", "5.0.7", {"include": r"^locales/"}),
    ("@node-red/runtime", "5.0.7", {"include": r"^locales/"}),
    ("ep_etherpad-lite", "1.8.14", {"include": r"^locales/"}),
    ("@dhis2/analytics", "29.5.5", {"include": r"^build/es/locales/"}),
    ("@nocobase/client", "2.2.16", {"include": r"^lib/locale/"}),
    ("@openmrs/esm-patient-chart-app", "12.3.4", {"include": r"^translations/"}),
    ("@openmrs/esm-patient-registration-app", "11.1.0", {"include": r"^translations/"}),
    ("@openmrs/esm-login-app", "10.0.0", {"include": r"^translations/"}),
    # messaging, notes, auth, uploads, forms
    ("matrix-react-sdk", "3.108.0", {"include": r"^src/i18n/strings/"}),
    ("@joplin/lib", "3.6.3", {"include": r"^locales/", "key_re": r"(?P<src>.*)\.(?P<n>\d+)"}),
    ("botframework-webchat-api", "4.19.1", {"include": r"^src/localization/", "exclude_keys": r"(^|\.)_?comment$"}),
    ("@okta/okta-signin-widget", "7.49.0", {"include": r"^dist/labels/json/login"}),
    ("auth0-lock", "14.3.0", {"js": True, "include": r"^lib/i18n/"}),
    ("@uppy/locales", "5.2.0", {"js": True, "include": r"^lib/[^/]+\.js$"}),
    ("filepond", "4.32.12", {"js": True, "include": r"^locale/"}),
    ("survey-core", "3.1.1", {"js": True, "include": r"^fesm/i18n/"}),
    ("@astrojs/starlight", "0.42.4", {"js": True, "include": r"^dist/translations/"}),
]

# Split by npm package.  Test: varied UI text from unrelated projects; dev: a few small ones.
TEST = {"genesys-spark-components", "decap-cms-locales", "@uppy/locales", "survey-core", "tinymce-i18n",
        "@alfresco/adf-content-services"}
# (the other two Alfresco packages share the test package's project and terminology: dev, not train)
DEV = {"vuetify", "auth0-lock", "filepond", "@vee-validate/i18n", "@alfresco/adf-core",
       "@alfresco/adf-process-services-cloud"}

OSI = ("MIT", "APACHE-2.0", "BSD-2-CLAUSE", "BSD-3-CLAUSE", "0BSD", "ISC", "MPL-2.0", "MPL-1.1", "EPL-2.0",
       "EPL-1.0", "GPL-2.0", "GPL-3.0", "LGPL-2.1", "LGPL-3.0", "AGPL-3.0", "CC0-1.0", "UNLICENSE", "ZLIB",
       "ARTISTIC-2.0", "BSL-1.0", "PYTHON-2.0", "OSL-3.0", "AFL-3.0", "EUPL-1.2", "MS-PL")

# ---------------------------------------------------------------------------------------------------
# Locale codes in paths.

TARGET_ALIASES = {
    "de": "de", "de-de": "de",
    "fr": "fr", "fr-fr": "fr",
    "es": "es", "es-es": "es",
    "it": "it", "it-it": "it",
    "pt-br": "pt_BR", "ptbr": "pt_BR",
    "nl": "nl", "nl-nl": "nl",
    "pl": "pl", "pl-pl": "pl",
    "ru": "ru", "ru-ru": "ru",
    "ja": "ja", "ja-jp": "ja", "jp": "ja",
    "zh": "zh_CN", "zh-cn": "zh_CN", "zhcn": "zh_CN", "zh-hans": "zh_CN", "zh-hans-cn": "zh_CN",
    "zh-chs": "zh_CN",
    # run-together spellings (MUI's "deDE.js", naive-ui's "zhCN")
    "dede": "de", "frfr": "fr", "eses": "es", "itit": "it", "nlnl": "nl", "plpl": "pl", "ruru": "ru",
    "jajp": "ja",
}
# English spellings, best first (a bundle with several uses the first it has).
EN_ALIASES = ["en", "en-us", "enus", "en-en", "en-gb"]
# Among several spellings of one target, the first listed in TARGET_ALIASES wins.
_TARGET_ORDER = {alias: i for i, alias in enumerate(TARGET_ALIASES)}
_LANG_TOKENS = {a.split("-")[0] for a in list(TARGET_ALIASES) + EN_ALIASES}
_SCRIPTS = {"hans", "hant", "latn", "cyrl", "chs", "cht"}
_TOKEN = re.compile(r"[^/._-]+")


# Whole file names that spell a language out (survey-core's "german.mjs").
WORD_LOCALES = {"english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it",
                "portuguese-br": "pt_BR", "dutch": "nl", "polish": "pl", "russian": "ru", "japanese": "ja",
                "simplified-chinese": "zh_CN"}


def locate_locale(path: str) -> tuple[str, str, str] | None:
    """Rightmost locale code in a path: (template with {L}, normalised code, target or 'en' or '')."""
    head, _, base = path.rpartition("/")
    stem, dot, ext = base.partition(".")
    if stem.lower() in WORD_LOCALES:
        return (head + "/" if head else "") + "{L}" + dot + ext, stem.lower(), WORD_LOCALES[stem.lower()]
    toks = list(_TOKEN.finditer(path))
    for i in range(len(toks) - 1, -1, -1):
        t = toks[i].group().lower()
        if t not in _LANG_TOKENS:
            continue
        if i > 0 and path[toks[i - 1].end():toks[i].start()] in ("-", "_"):
            prev = toks[i - 1].group()
            if prev.lower() in _LANG_TOKENS or (prev.isalpha() and len(prev) in (2, 3) and toks[i].group().isupper()):
                continue  # the region of "de-DE" / "es_ES" / "gl_ES", not a language
        # Longest lang[-_]Region[-_]Region joined by - or _ only (so "de.js" is not "de-js").
        end = i
        for j in (i + 1, i + 2):
            if j < len(toks) and path[toks[j - 1].end():toks[j].start()] in ("-", "_"):
                nxt = toks[j].group().lower()
                if (len(nxt) == 2 and nxt.isalpha()) or (len(nxt) == 3 and nxt.isdigit()) or nxt in _SCRIPTS:
                    end = j
                    continue
            break
        code = "-".join(toks[k].group().lower() for k in range(i, end + 1))
        start, stop = toks[i].start(), toks[end].end()
        template = path[:start] + "{L}" + path[stop:]
        if code in TARGET_ALIASES:
            return template, code, TARGET_ALIASES[code]
        if code in EN_ALIASES:
            return template, code, "en"
        return template, code, ""  # a locale we do not want (pt, pt-pt, zh-tw, en-au, de-ch...)
    return None


# ---------------------------------------------------------------------------------------------------
# Readers: each returns {key: string}.

def flatten(obj, prefix: str = "", out: dict | None = None) -> dict[str, str]:
    out = {} if out is None else out
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not prefix and str(k).startswith("@"):  # translatewiki "@metadata"
                continue
            flatten(v, f"{prefix}.{k}" if prefix else str(k), out)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            flatten(v, f"{prefix}.{i}" if prefix else str(i), out)
    elif isinstance(obj, str):
        out[prefix] = obj
    return out


def unwrap(obj):
    """{"de": {...}} (one top-level key that is a locale code) -> {...}, so keys match across locales."""
    if isinstance(obj, dict) and len(obj) == 1:
        (k, v), = obj.items()
        code = str(k).lower().replace("_", "-")
        if isinstance(v, dict) and (code in TARGET_ALIASES or code in EN_ALIASES or code.split("-")[0] in _LANG_TOKENS):
            return v
    return obj


def read_json(data: bytes) -> dict[str, str]:
    return flatten(unwrap(json.loads(data.decode("utf-8-sig"))))


def read_properties(data: bytes) -> dict[str, str]:
    text = data.decode("utf-8-sig", "replace")
    out: dict[str, str] = {}
    logical: list[str] = []
    buf = ""
    for raw in text.splitlines():
        line = raw.lstrip()
        if not buf and (not line or line[0] in "#!"):
            continue
        # an odd number of trailing backslashes continues the line
        n = len(line) - len(line.rstrip("\\"))
        if n % 2 == 1:
            buf += line[:-1]
            continue
        logical.append(buf + line)
        buf = ""
    if buf:
        logical.append(buf)
    for line in logical:
        m = re.match(r"((?:\\.|[^:=\s\\])+)\s*[:=\s]\s*(.*)$", line, re.S)
        if not m:
            continue
        key, val = (unescape_properties(g) for g in m.groups())
        out[key] = val
    return out


def unescape_properties(s: str) -> str:
    def sub(m: re.Match) -> str:
        c = m.group(1)
        if c.startswith("u"):
            return chr(int(c[1:], 16))
        return {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(c, c)
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", sub, s)


_PO_STR = re.compile(r'"((?:\\.|[^"\\])*)"')


def po_unescape(s: str) -> str:
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"'}.get(m.group(1), "\\" + m.group(1)), s)


def read_po(data: bytes) -> list[tuple[str, str, str]]:
    """(msgctxt, msgid, msgstr) of translated, non-fuzzy, non-obsolete entries (plural: first form)."""
    entries: list[tuple[str, str, str]] = []
    cur: dict[str, str] = {}
    fuzzy = False
    field = None

    def flush() -> None:
        nonlocal cur, fuzzy
        if cur.get("msgid") and not fuzzy:
            tgt = cur.get("msgstr") or cur.get("msgstr[0]") or ""
            if tgt:
                entries.append((cur.get("msgctxt", ""), cur["msgid"], tgt))
        cur, fuzzy = {}, False

    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in cur:
                    flush()
                fuzzy = True
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)$", line)
        if m:
            field = m.group(1)
            if field in ("msgctxt", "msgid") and ("msgstr" in cur or "msgstr[0]" in cur):
                keep_fuzzy = fuzzy
                flush()
                fuzzy = keep_fuzzy
            rest = m.group(2)
        elif line.startswith('"') and field:
            rest = line
        else:
            continue
        sm = _PO_STR.match(rest)
        if sm and field:
            cur[field] = cur.get(field, "") + po_unescape(sm.group(1))
    flush()
    return entries


# JS / TS object literals -------------------------------------------------------------------------

class _JS:
    """A small reader for `export default { ... }`-style modules; unknown values are skipped."""

    def __init__(self, text: str):
        self.s, self.i = text, 0

    def ws(self) -> None:
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in " \t\r\n\ufeff":
                self.i += 1
            elif s.startswith("//", self.i):
                j = s.find("\n", self.i)
                self.i = len(s) if j < 0 else j + 1
            elif s.startswith("/*", self.i):
                j = s.find("*/", self.i + 2)
                self.i = len(s) if j < 0 else j + 2
            else:
                return

    def string(self) -> str | None:
        s, q = self.s, self.s[self.i]
        j, out = self.i + 1, []
        while j < len(s):
            c = s[j]
            if c == "\\":
                n = s[j + 1]
                if n == "u":
                    if s[j + 2] == "{":
                        k = s.index("}", j)
                        out.append(chr(int(s[j + 3:k], 16)))
                        j = k + 1
                    else:
                        out.append(chr(int(s[j + 2:j + 6], 16)))
                        j += 6
                    continue
                if n == "x":
                    out.append(chr(int(s[j + 2:j + 4], 16)))
                    j += 4
                    continue
                if n in "\r\n":  # line continuation
                    j += 2
                    continue
                out.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}.get(n, n))
                j += 2
                continue
            if q == "`" and s.startswith("${", j):
                # interpolated template literal: not a plain string
                self.i = j
                return None
            if c == q:
                self.i = j + 1
                return "".join(out)
            out.append(c)
            j += 1
        raise ValueError("unterminated string")

    def skip_value(self) -> None:
        depth = 0
        s = self.s
        while self.i < len(s):
            self.ws()
            c = s[self.i]
            if c in "'\"`":
                if self.string() is None:  # template with ${}: skip to closing backtick
                    k = self.i
                    while k < len(s) and s[k] != "`":
                        k += 2 if s[k] == "\\" else 1
                    self.i = k + 1
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                if depth == 0:
                    return
                depth -= 1
            elif c == "," and depth == 0:
                return
            self.i += 1

    def skip_cast(self) -> None:
        """TypeScript `as T` / `satisfies T` after a value: skip the type (<> counted as brackets)."""
        self.ws()
        m = re.compile(r"(as|satisfies)\s").match(self.s, self.i)
        if not m:
            return
        self.i = m.end()
        depth = 0
        while self.i < len(self.s):
            c = self.s[self.i]
            if c in "<([{":
                depth += 1
            elif c in ">)]}":
                if depth == 0:
                    return
                depth -= 1
            elif c == "," and depth == 0:
                return
            self.i += 1

    def value(self):
        self.ws()
        c = self.s[self.i]
        if c == "{":
            return self.obj()
        if c == "[":
            return self.arr()
        if c in "'\"`":
            start = self.i
            v = self.string()
            self.ws()
            if v is not None and self.s[self.i] in ",}]":
                return v
            self.i = start  # concatenation or expression: skip
        self.skip_value()
        return None

    def arr(self) -> list:
        self.i += 1
        out = []
        while True:
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return out
            out.append(self.value())
            self.skip_cast()
            self.ws()
            if self.s[self.i] == ",":
                self.i += 1

    def obj(self) -> dict:
        self.i += 1
        out: dict = {}
        s = self.s
        while True:
            self.ws()
            c = s[self.i]
            if c == "}":
                self.i += 1
                return out
            if c == ",":
                self.i += 1
                continue
            if s.startswith("...", self.i):
                self.i += 3
                self.skip_value()
                continue
            if c in "'\"":
                key = self.string()
            elif c == "[":  # computed key
                self.skip_value()
                key = None
            else:
                m = re.compile(r"[\w$]+").match(s, self.i)
                if not m:
                    raise ValueError(f"unexpected {c!r} at {self.i}")
                key = m.group()
                self.i = m.end()
            self.ws()
            if s[self.i] == ":":
                self.i += 1
                v = self.value()
                if key is not None and v is not None:
                    out[key] = v
                self.skip_cast()
            elif s[self.i] == "(":  # method `name(args) { body }`: skipped
                self.skip_value()
            # shorthand property `foo,` has no value: nothing to do


_JS_START = re.compile(r"(export\s+default|\bdefine\s*\(\s*['\"][^'\"]*['\"]\s*,|\baddI18n\s*\(\s*['\"][^'\"]*['\"]\s*,"
                       r"|[^=!<>]=)\s*(\{)")


_JS_VAR = re.compile(r"\b(?:var|let|const)\s+([\w$]+)\s*=\s*(\{)")


def read_js(data: bytes, by_var: bool = False) -> dict[str, str]:
    """Every object literal assigned or exported at the top of the module, flattened and merged.

    by_var: only `var NAME = {...}`, keys prefixed with NAME (bundler output with one var per section).
    """
    text = data.decode("utf-8-sig", "replace")
    out: dict[str, str] = {}
    pos = 0
    pattern = _JS_VAR if by_var else _JS_START
    while m := pattern.search(text, pos):
        p = _JS(text)
        p.i = m.start(2)
        obj = unwrap(p.obj())
        out.update(flatten(obj, m.group(1) if by_var else ""))
        pos = p.i
    return out


# ---------------------------------------------------------------------------------------------------
# Cleaning.

_LETTER = re.compile(r"[^\W\d_]")
_IDENT = re.compile(r"[a-z0-9]+(?:[_.][a-z0-9]+)+|[A-Z0-9]+(?:_[A-Z0-9]+)+")
_NOTE_KEY = re.compile(r"(?:^|\.)(?:_comment|//|_note)$")  # translator notes in a bundle, not UI text


def good_pair(src: str, tgt: str, lang: str) -> bool:
    if not src.strip() or not tgt.strip() or src == tgt or src.strip() == tgt.strip():
        return False
    if len(src) > 400 or len(tgt) > 400:
        return False
    if not _LETTER.search(src) or not _LETTER.search(tgt):
        return False
    if _IDENT.fullmatch(src):  # a message id ("box_forgot_password_option"), not English text
        return False
    ratio = len(tgt) / len(src)
    if ratio > 4 or ratio < (0.1 if lang in CJK else 0.25):
        return False
    return True


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# ---------------------------------------------------------------------------------------------------
# Packages.

def reserved(name: str) -> bool:
    low = name.lower()
    return low in RESERVED or any(part in low for part in RESERVED_PARTS)


def osi_license(lic) -> bool:
    if isinstance(lic, dict):
        lic = lic.get("type", "")
    if not isinstance(lic, str) or not lic.strip():
        return False
    lic = re.sub(r"\bApache License,? (Version )?2\.0\b", "Apache-2.0", lic, flags=re.I)
    for alt in re.split(r"\s+OR\s+", lic.strip().strip("()"), flags=re.I):
        ids = [t for t in re.split(r"\s+AND\s+|\s+WITH\s+|[()]", alt, flags=re.I) if t.strip()]
        norm = [t.strip().upper().removesuffix("-ONLY").removesuffix("-OR-LATER").rstrip("+") for t in ids[:1]]
        if norm and all(n in OSI or n.startswith(("BSD-", "GPL-", "LGPL-", "AGPL-")) for n in norm):
            return True
    return False


def fetch(name: str, version: str, cache: Path) -> Path:
    base = name.split("/")[-1]
    dest = cache / f"{name.replace('/', '__')}-{version}.tgz"
    if not dest.exists():
        url = f"{REGISTRY}/{name}/-/{base}-{version}.tgz"
        print(f"download {url}", file=sys.stderr)
        tmp = dest.with_suffix(".part")
        with urllib.request.urlopen(url, timeout=300) as resp, open(tmp, "wb") as fh:
            while chunk := resp.read(1 << 20):
                fh.write(chunk)
        tmp.rename(dest)
    return dest


def repo_url(meta: dict, name: str) -> str:
    repo = meta.get("repository")
    url = repo.get("url", "") if isinstance(repo, dict) else repo if isinstance(repo, str) else ""
    if not url:
        return name
    url = re.sub(r"^git\+", "", url)
    url = re.sub(r"^git://", "https://", url)
    url = re.sub(r"^(ssh://)?git@github\.com[:/]", "https://github.com/", url)
    if re.match(r"^[\w.-]+/[\w.-]+$", url):
        url = "https://github.com/" + url
    url = re.sub(r"^github:", "https://github.com/", url)
    return url.removesuffix(".git")


READERS = {".json": read_json, ".properties": read_properties}
JS_EXT = (".js", ".mjs", ".cjs", ".ts")


def bundles(tar: tarfile.TarFile, opts: dict) -> dict[str, dict[str, tuple[str, dict[str, str]]]]:
    """{template: {lang or 'en': (path, {key: text})}} for the package's locale-file families."""
    include = re.compile(opts["include"]) if opts.get("include") else None
    exclude = re.compile(opts["exclude"]) if opts.get("exclude") else None
    exts = tuple(READERS) + ((".po",) if opts.get("po") else ()) + (JS_EXT if opts.get("js") else ())
    found: dict[str, dict[str, list[tuple[int, str, tarfile.TarInfo]]]] = defaultdict(lambda: defaultdict(list))
    by_path: dict[str, tarfile.TarInfo] = {}
    for member in tar.getmembers():
        if not member.isfile():
            continue
        path = member.name.split("/", 1)[1] if "/" in member.name else member.name
        by_path[path] = member
        if not path.endswith(exts) or path.endswith((".d.ts", ".min.js", "package.json")):
            continue
        if (include and not include.search(path)) or (exclude and exclude.search(path)):
            continue
        loc = locate_locale(path)
        if loc and loc[1] == "pt" and opts.get("pt_is_br"):
            loc = (loc[0], "pt", "pt_BR")  # SAP: "pt" is Brazilian Portuguese, Portugal is "pt_PT"
        if not loc or not loc[2]:
            continue
        template, code, lang = loc
        if opts.get("template_sub"):  # e.g. bundler hashes in file names: "de-DE-XR44H4JA.js"
            template = re.sub(opts["template_sub"][0], opts["template_sub"][1], template)
        rank = EN_ALIASES.index(code) if code in EN_ALIASES else _TARGET_ORDER.get(code, len(_TARGET_ORDER))
        found[template][lang].append((rank, path, member))
    # English without a locale code ("login.json" next to "login_de.json"): the base file of the family.
    for template, langs in found.items():
        if opts.get("en_file") in by_path:  # English bundled elsewhere (a shared chunk)
            langs["en"] = [(0, opts["en_file"], by_path[opts["en_file"]])]
            continue
        if "en" in langs:
            continue
        for sep in ("_", "-", "."):
            base = template.replace(sep + "{L}", "", 1)
            if base != template and base in by_path:
                langs["en"].append((0, base, by_path[base]))
                break
    out: dict[str, dict[str, tuple[str, dict[str, str]]]] = {}
    for template in sorted(found):
        langs = found[template]
        if "en" not in langs and not (opts.get("key_is_source") or opts.get("key_re")) and not template.endswith(".po"):
            continue
        fam: dict[str, tuple[str, dict[str, str]]] = {}
        for lang, cands in sorted(langs.items()):
            rank, path, member = min(cands, key=lambda c: (c[0], c[1]))
            data = tar.extractfile(member).read()
            try:
                if path.endswith(".po"):
                    strings = {"\x04".join((c, i)) if c else i: s for c, i, s in read_po(data)}
                elif path.endswith(JS_EXT):
                    strings = read_js(data, by_var=bool(opts.get("js_by_var")))
                else:
                    strings = READERS[Path(path).suffix](data)
            except Exception as exc:  # a broken bundle is skipped, not fatal
                print(f"  skip {path}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            fam[lang] = (path, strings)
        out[template] = fam
    return out


def pairs_of(template: str, fam: dict, opts: dict):
    """Yield (lang, path, key, source, target) for a bundle family, with untranslated bundles dropped."""
    en = fam.get("en", ("", {}))[1]
    exclude_keys = re.compile(opts["exclude_keys"]) if opts.get("exclude_keys") else None
    exclude_src = re.compile(opts["exclude_src"]) if opts.get("exclude_src") else None
    for lang in LANGS:
        if lang not in fam:
            continue
        path, strings = fam[lang]
        cand = []
        for key, tgt in strings.items():
            if template.endswith(".po"):
                ctx, _, src = key.rpartition("\x04")
                key = ctx
            elif opts.get("key_re"):  # the English text is in the key: "dictionary.<msgid>[.<plural n>]"
                m = re.fullmatch(opts["key_re"], key, re.S)
                if not m or (m.groupdict().get("n") or "0") != "0":
                    continue
                src = m.group("src")
            elif opts.get("key_is_source"):
                src = en.get(key) or key
            else:
                src = en.get(key)
            if not isinstance(src, str) or not isinstance(tgt, str) or _NOTE_KEY.search(key):
                continue
            if (exclude_keys and exclude_keys.search(key)) or (exclude_src and exclude_src.search(src)):
                continue
            cand.append((key, src, tgt))
        usable = [c for c in cand if c[1].strip() and c[2].strip() and _LETTER.search(c[1])]
        same = sum(1 for c in usable if c[1].strip() == c[2].strip())
        # Mostly English copies: an untranslated (or fallback-filled) bundle, not a translation.
        if not usable or same > 0.5 * len(usable):
            if usable:
                print(f"  drop {path}: {same}/{len(usable)} untranslated", file=sys.stderr)
            continue
        for key, src, tgt in cand:
            yield lang, path, key, src, tgt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default="corpora")
    ap.add_argument("--cache", default=".cache/npm")
    ap.add_argument("--scan", nargs="*", help="NAME@VERSION[:js][:po]: print the bundles, write nothing")
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)

    for name, _, _ in PACKAGES:
        if reserved(name):
            print(f"refuse {name}: reserved for independent evaluation", file=sys.stderr)
    split_clash = TEST & DEV
    if split_clash:
        raise SystemExit(f"packages in two splits: {sorted(split_clash)}")

    if args.scan is not None:
        for spec in args.scan:
            spec, *flags = spec.split(":")
            name, _, version = spec.rpartition("@")
            if reserved(name):
                print(f"refuse {name}: reserved")
                continue
            opts = {f: True for f in flags}
            with tarfile.open(fetch(name, version, cache)) as tar:
                meta = json.load(tar.extractfile("package/package.json"))
                print(f"== {name}@{version} license={meta.get('license')!r} osi={osi_license(meta.get('license'))}")
                for template, fam in bundles(tar, opts).items():
                    counts: dict[str, int] = defaultdict(int)
                    for lang, path, key, src, tgt in pairs_of(template, fam, opts):
                        counts[lang] += good_pair(src, tgt, lang)
                    print(f"  {template}: en={len(fam.get('en', ('', {}))[1])} "
                          + " ".join(f"{lang}={counts.get(lang, 0)}" for lang in LANGS if lang in fam))
        return 0

    order = {"test": 0, "dev": 1, "train": 2}
    plan = []
    for name, version, opts in PACKAGES:
        if reserved(name):
            continue
        split = "test" if name in TEST else "dev" if name in DEV else "train"
        plan.append((order[split], name, version, opts, split))
    plan.sort(key=lambda p: (p[0], p[1]))

    rows: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    sources: list[tuple[str, ...]] = []
    per_pkg: dict[str, dict[str, int]] = {}
    for _, name, version, opts, split in plan:
        with tarfile.open(fetch(name, version, cache)) as tar:
            meta = json.load(tar.extractfile("package/package.json"))
            lic = meta.get("license")
            lic = lic.get("type", "") if isinstance(lic, dict) else str(lic or "")
            if not osi_license(lic):
                print(f"skip {name}@{version}: licence {lic!r} is not an OSI licence", file=sys.stderr)
                continue
            counts: dict[str, int] = defaultdict(int)
            for template, fam in bundles(tar, opts).items():
                for lang, path, key, src, tgt in pairs_of(template, fam, opts):
                    if not good_pair(src, tgt, lang) or (src, tgt) in seen[lang]:
                        continue
                    seen[lang].add((src, tgt))
                    rows[lang].append((split, name, path, esc(key), esc(src), esc(tgt)))
                    counts[lang] += 1
        if counts:
            per_pkg[name] = dict(counts)
            langs = ",".join(sorted(counts))
            sources.append((f"npm:{name}", repo_url(meta, name), version, lic, langs, str(sum(counts.values()))))
            print(f"{name}@{version} [{split}]: {dict(sorted(counts.items()))}", file=sys.stderr)
        else:
            print(f"{name}@{version}: no pairs", file=sys.stderr)

    out = Path(args.out)
    (out / "web").mkdir(parents=True, exist_ok=True)
    for old in (out / "web").glob("*.tsv.gz"):
        if old.stem.removesuffix(".tsv") not in rows:
            old.unlink()
    for lang, lang_rows in rows.items():
        lang_rows.sort(key=lambda r: (order[r[0]], r[1], r[2], r[3], r[4], r[5]))
        buf = io.StringIO()
        for row in lang_rows:
            buf.write("\t".join(row) + "\n")
        # mtime=0 (and no file name in the header): the same input gives byte-identical archives
        with open(out / "web" / f"{lang}.tsv.gz", "wb") as raw:
            with gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
                gz.write(buf.getvalue().encode("utf-8"))

    # SOURCES.tsv: keep every row that is not ours, then our rows, sorted.
    src_path = out / "SOURCES.tsv"
    header = ["package", "source_package", "version", "license", "languages", "pairs"]
    kept: list[list[str]] = []
    if src_path.exists():
        with open(src_path, newline="", encoding="utf-8") as fh:
            reader = list(csv.reader(fh, delimiter="\t"))
        if reader:
            header = reader[0]
            kept = [r for r in reader[1:] if r and not r[0].startswith("npm:")]
    with open(src_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(kept)
        w.writerows(sorted(sources))

    # Summary.
    print(f"\n{'lang':8s}{'train':>9s}{'dev':>9s}{'test':>9s}{'total':>9s}")
    totals: dict[str, int] = defaultdict(int)
    for lang in LANGS:
        by: dict[str, int] = defaultdict(int)
        for r in rows.get(lang, []):
            by[r[0]] += 1
        for k, v in by.items():
            totals[k] += v
        print(f"{lang:8s}{by['train']:9d}{by['dev']:9d}{by['test']:9d}{sum(by.values()):9d}")
    print(f"{'all':8s}{totals['train']:9d}{totals['dev']:9d}{totals['test']:9d}{sum(totals.values()):9d}\n")
    print(f"{'package':45s}{'split':>6s}{'pairs':>8s}  per language")
    for _, name, version, opts, split in plan:
        if name in per_pkg:
            c = per_pkg[name]
            print(f"{name + '@' + version:45s}{split:>6s}{sum(c.values()):8d}  "
                  + " ".join(f"{lang}:{c[lang]}" for lang in LANGS if lang in c))
    return 0


if __name__ == "__main__":
    sys.exit(main())
