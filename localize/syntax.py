"""What a translation must carry over as the source writes it: names and identifiers (snake_case,
CamelCase, file and command names, ALL-CAPS metavariables), balanced brackets and quotes, and the syntax
of code-like usage lines.  Pure text functions; `checks` turns them into issues, `confidence` into
features, the pipeline copies a unit that is one name."""
from __future__ import annotations

import re
from functools import lru_cache



def _combining_marks() -> str:
    """A character-class body of the combining marks (Mn, Mc, Me) of the BMP.  Python's \\w leaves them
    out, so a Kannada, Malayalam, Hindi or Thai word would fall apart at every vowel sign ("ಗೊತ್ತಿಲ್ಲ" ->
    ಗ ತ ತ ಲ ಲ: a "repeated word" in every sentence)."""
    import unicodedata
    ranges: list[tuple[int, int]] = []
    start = -1
    for cp in range(0x300, 0x10000):
        mark = unicodedata.category(chr(cp))[0] == "M"
        if mark and start < 0:
            start = cp
        elif not mark and start >= 0:
            ranges.append((start, cp - 1))
            start = -1
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


WORD_RE = re.compile(r"[\w" + _combining_marks() + r"]+")   # a word with its combining marks

# Names a translation must carry unchanged: snake_case and dotted identifiers, CamelCase and camelCase
# names (HexChat, getValue), file names (config.json), vowel-less command names (dpkg, ls).  Constants,
# paths, options and URLs are masked before translation, so the engine cannot touch them.

# an HTML/XML character entity: &amp; &#169; &#x2014; and DocBook/DTD names with dots and dashes (&apt-get;)
ENTITY = r"&(?:[A-Za-z][\w.-]*|#\d+|#[xX][0-9A-Fa-f]+);"

# Extensions that make a word a file name ("config.json"); nano's "Reg.exp" (regular expression) is not one
FILE_EXTENSIONS = sorted(set(
    "json yaml yml xml txt md rst cfg conf ini log sh bash zsh fish py pyc js mjs cjs ts tsx jsx vue c h cc cpp "
    "hpp cxx cs java kt go rs rb php pl pm lua html htm xhtml css scss less po pot mo png jpg jpeg gif svg ico "
    "bmp webp tif tiff pdf zip gz bz2 xz zst tgz tar 7z rar deb rpm exe dll so dylib a o desktop service socket "
    "timer toml lock csv tsv sql db sqlite qml ui properties strings xlf xliff arb ftl plist iso img bin dat "
    "key pem crt csr mk am in ac m4 patch diff doc docx xls xlsx odt ods odp ppt pptx rtf epub mp3 mp4 wav ogg "
    "flac avi mkv mov webm ttf otf woff woff2 bat cmd ps1 vbs jar war apk ipa dmg msi appimage flatpak snap "
    "spec el vim swift m mm kts gradle cmake make rc tmp bak old orig pid sock env".split()), key=len, reverse=True)
NAME_RE = re.compile(
    r"(?<![\w.$%{-])(?<![A-Za-z]['’])(?:[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+"     # snake_case, Mixed_Case
    r"|[a-z]+[A-Z][A-Za-z0-9]*"                                    # camelCase
    r"|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*"                            # CamelCase product names
    r"|[A-Za-z][\w-]+\.(?i:" + "|".join(FILE_EXTENSIONS) + r")(?![\w(])"  # file names: app.conf, README.md
    r"|[b-df-hj-np-tv-xz]{2,}"                                     # dpkg, ls, rm: lowercase, no vowel
    r")(?![\w-])")
CAPS_RE = re.compile(r"(?<![\w$%{-])[A-Z][A-Z0-9]{2,}(?![\w-])")  # COMMANDS, FILE: metavariables, acronyms


# Vowel-less English abbreviations and units that translators translate ("Go to next linter msg" ->
# "Meldung", "Refresh rate (ms):" -> "(мс)"): not command names
ABBREVIATIONS = frozenset("msg msgs nr nrs nth st nd rd th pls plz thx vs hr hrs wk wks mth mths sth smth "
                          "pcs pkgs qty ms ns px pt kb mb gb tb hz khz mhz ghz fps rpm kbps mbps".split())


_MNEMONIC_RE = re.compile(r"[A-Z][a-z]*_[a-z]+")   # "Mo_ve": a GTK accelerator inside a word, not a name
# A short label of plain words (at most five) ending in ":" or an ellipsis: GTK puts its mnemonic inside a
# lowercase word there too ("Built-in sche_mes:", "Save a_s…"); an identifier ("file_name") does not end
# a form label.  (protect.accelerator_at takes such a mnemonic out; names() does not count it.)
FORM_LABEL_RE = re.compile(r"[^\W\d_]+(?:[ \-'’][^\W\d_]+){0,4}\s*(?::|…|\.\.\.)")


_POD_ESCAPE_RE = re.compile(r"E<\w+>")
# a printf conversion glued to a unit: "%(minutes)sm %(seconds)ss left" is minutes "m", not a name "sm"
_PRINTF_GLUED_RE = re.compile(r"%(?:\(\w+\)|\d+\$)?[-+ #0]*\d*(?:\.\d+)?[sdifuxXgGeEc](?=[A-Za-z])")
_AMP_IN_WORD_RE = re.compile(r"(?<=[A-Za-z])&(?=[a-z])")


@lru_cache(maxsize=16384)
def names(text: str) -> tuple[str, ...]:
    """The identifiers and names of `text` that a translation keeps verbatim (see NAME_RE)."""
    if "E<" in text:  # POD's "fileE<gt>" is the word "file" and an escape, not a name "fileE"
        text = _POD_ESCAPE_RE.sub(" ", text)
    if "%" in text:
        text = _PRINTF_GLUED_RE.sub(" ", text)
    if text.count("&") == 1 and "=" not in text:  # Qt's "Move do&wn": the word "down", not a name "wn"
        text = _AMP_IN_WORD_RE.sub("", text)
    label = text.count("_") == 1 and FORM_LABEL_RE.fullmatch(text.replace("_", "")) is not None
    return tuple(m.group(0) for m in NAME_RE.finditer(text)
                 if not m.group(0).endswith((".", "-")) and m.group(0) not in ABBREVIATIONS
                 and not (text.count("_") == 1 and _MNEMONIC_RE.fullmatch(m.group(0)))
                 and not (label and "_" in m.group(0)))  # "Cell spaci_ng:": a GTK mnemonic in a label


def caps_any_script(text: str) -> list[str]:
    """The capitalized words of a translation in any script: Latin ones as CAPS_RE reads them (three
    letters or more), and Cyrillic or Greek abbreviations of two ("ЦП" for CPU, "ОС" for OS)."""
    return CAPS_RE.findall(text) + [w for w in WORD_RE.findall(text) if not w.isascii() and len(w) >= 2 and w.isupper()]


_VOWELLESS = re.compile(r"[b-df-hj-np-tv-xz]+")


def name_in(name: str, text: str) -> bool:
    """`name` stands in `text` as a word of its own (a genitive "s" may follow: "HexChats"); a vowel-less
    command or protocol name may change case ("tcp" -> "TCP")."""
    return _name_pattern(name).search(text) is not None


@lru_cache(maxsize=16384)
def _name_pattern(name: str) -> re.Pattern[str]:
    flags = re.I if _VOWELLESS.fullmatch(name) else 0
    return re.compile(r"(?<![\w.-])" + re.escape(name) + r"(?:s|'s|’s)?(?!\w)", flags)


@lru_cache(maxsize=16384)
def caps_words(text: str) -> tuple[str, ...]:
    if not CAPS_RE.search(text):
        return ()
    words = [w for w in WORD_RE.findall(text) if any(c.isalpha() for c in w)]
    if not words or sum(w.isupper() for w in words) * 2 > len(words):
        return ()  # an ALL-CAPS string ("FILE NOT FOUND") is shouting, not metavariables
    # a run of three or more capitalized words with a function word is emphasis ("WITHOUT ANY WARRANTY",
    # "FITNESS FOR A PARTICULAR PURPOSE" in a licence notice), not metavariables
    runs = [(r.start(), r.end()) for r in _CAPS_RUN_RE.finditer(text)
            if _SHOUTED_FUNCTION_WORDS & set(r.group(0).split())]
    return tuple(m.group(0) for m in CAPS_RE.finditer(text) if not any(a <= m.start() < b for a, b in runs)
                 and m.group(0) not in _EMPHASIS_WORDS)


_CAPS_RUN_RE = re.compile(r"\b[A-Z][A-Z0-9]*(?: [A-Z][A-Z0-9]*){2,}\b")
# a run of metavariables ("FILE PATTERN OUTPUT") has none of these; shouted prose does
_SHOUTED_FUNCTION_WORDS = frozenset("A AN THE ANY FOR OF TO IN ON OR AND NOT NO IS ARE BE WITH WITHOUT ALL "
                                    "THIS THAT YOU YOUR IT AS BY AT".split())


# a shouted word of prose alone is emphasis, which translations write their own way ("the client AND KeePassXC
# are running", "do NOT remove"), not a metavariable that must stay a capitalized word
_EMPHASIS_WORDS = _SHOUTED_FUNCTION_WORDS | frozenset("ONLY NEVER ALWAYS MUST BOTH EITHER NEITHER NOR BUT ALSO "
                                                     "VERY MORE LESS NOW ONCE".split())


def only_name(text: str) -> bool:
    """The whole text is one name ("App.ts", "DateTime", "ls"): nothing in it to translate."""
    found = names(text)
    return len(found) == 1 and found[0] == text.strip()


_PAIRS = (("(", ")"), ("[", "]"), ("{", "}"))


_BRACKET_RE = re.compile(r"[()\[\]{}]")
_CLOSERS = {c: o for o, c in _PAIRS}


def balanced(text: str) -> bool:
    stack: list[str] = []
    closers = _CLOSERS
    for ch in _BRACKET_RE.findall(text):
        if ch in "([{":
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return False
            stack.pop()
    return not stack


_QUOTE_RE = re.compile('["«»‹›„“”「」『』]')


def quotes_balanced(text: str) -> bool:
    if not _QUOTE_RE.search(text):
        return True
    return (text.count('"') % 2 == 0 and text.count("«") == text.count("»") and text.count("‹") == text.count("›")
            and (text.count("„") + text.count("“") + text.count("”")) % 2 == 0
            and text.count("「") == text.count("」") and text.count("『") == text.count("』"))


USAGE_RE = re.compile(r"^\s*[a-z][\w.-]*(?:\s|$)")
_SYNTAX = re.compile(r"[\[\]|;{}()<>=&]|(?<![\w-])--?[\w@-]+|\.\.\.")
KEYWORD_RE = re.compile(r"(?:^\s*|;\s+|\[\s+)([a-z][\w-]*)(?=\s|;|$)|\b(fi|done|esac)\s*$")


def syntax_shape(line: str) -> list[tuple[str, bool]]:
    """The syntax tokens of a usage line, each with whether a space precedes it (`[-L|[-P` is not
    `[-L |[-P`)."""
    return [(m.group(), m.start() > 0 and line[m.start() - 1].isspace()) for m in _SYNTAX.finditer(line.strip())]


def is_usage(line: str) -> bool:
    """A code-like usage line: `cd [-L|[-P [-e]] [-@]] [dir]`, `if COMMANDS; then COMMANDS; fi`,
    `time [-p] pipeline`: starts with a lowercase command word and has brackets, bars or semicolons."""
    s = line.strip()
    if not USAGE_RE.match(s) or s.endswith((".", ":", "?", "!")):
        return False
    return bool(re.search(r"\[[^\]]*\]", s)) or (";" in s and CAPS_RE.search(s) is not None)


CHOICE_RE = re.compile(r"\{\{([A-Za-z]+):([^{}|]*)((?:\|[^{}|]*)+)\}\}")
_LABEL_RE = re.compile(r"^([\w.-]+)=")


def choices(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """The MediaWiki-style choices of `text` ({{PLURAL:$1|one apple|$1 apples}},
    {{plural:%amount%|one=unit|other=units}}): (keyword, argument, each form's label or "") in order."""
    if "{{" not in text:
        return []
    out = []
    for m in CHOICE_RE.finditer(text):
        forms = m.group(3)[1:].split("|")
        labels = tuple(lm.group(1) if (lm := _LABEL_RE.match(f)) else "" for f in forms)
        out.append((m.group(1).lower(), m.group(2).strip(), labels))
    return out
