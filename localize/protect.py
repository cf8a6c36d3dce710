"""Protect placeholders, markup and other untranslatable syntax from machine translation.

`mask()` replaces every protected span with a numbered mask token (``⟦0⟧``, ``⟦1⟧`` ...) that the
engine copies through (the default model is trained on exactly this form), strips a keyboard
accelerator and the leading/trailing whitespace; `unmask()` restores them and reports what the
engine lost or invented.  Nothing is ever patched with blind string replaces: restoration walks the
mask tokens of the output, so a translated word can never be mistaken for a placeholder.

Each syntax is one rule below, with a comment.  Rules are tried together; where two match at
overlapping places the earlier start wins, then the longer match, then the earlier rule.
"""
from __future__ import annotations

import operator
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .accesskeys import localized_key_element
from .edges import peel_edges, peel_entities, peel_wrapper  # noqa: F401  (re-exported)
from .syntax import ENTITY, FILE_EXTENSIONS, FORM_LABEL_RE

MASK_OPEN, MASK_CLOSE = "⟦", "⟧"
MAX_MASKS = 40  # the default model's vocabulary holds ⟦0⟧ .. ⟦39⟧
MASK_RE = re.compile(r"⟦(\d+)⟧")
# an HTML/XML/DTD entity reference: &amp; &#169; &#x2014; and DocBook's &apt-get;
ENTITY_RE = re.compile(ENTITY)


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]


def _rule(name: str, regex: str, flags: int = 0) -> Rule:
    return Rule(name, re.compile(regex, flags))


RULES: tuple[Rule, ...] = (
    # i18next interpolation: {{name}}, {{- unescaped}}, {{value, format}}; also Mustache/Handlebars.
    _rule("i18next", r"\{\{(?![A-Za-z]+:[^{}|]*\|)-?\s*[^{}]+?\s*\}\}"),
    # MediaWiki / jquery.i18n / FreeCol choice syntax: {{PLURAL:$1|one apple|$1 apples}},
    # {{plural:%amount%|one=unit|other=units}}, {{GENDER:$1|he|she}}: the syntax is masked piece by piece
    # (opening with the first form's label, each "|label=", the closing braces) and the forms' words are
    # translated in the sentence; the "choice" check holds the structure.
    _rule("choice-open", r"\{\{[A-Za-z]+:[^{}|]*\|(?:[\w.-]+=)?"),
    _rule("choice-sep", r"\|(?:[\w.-]+=)?(?=[^{}]*\}\})"),
    _rule("choice-close", r"\}\}"),
    # i18next nesting: $t(key) and $t(key, {"count": 2}).
    _rule("i18next-nesting", r"\$t\((?:[^()]|\([^()]*\))*\)"),
    # vue-i18n linked messages, whose key must not change: @:common.save, @.lower:key, @:(key) (v8),
    # @:{'key'} (v9); and v9 literal interpolations: {'@'}, {'{'}, {'{empty object}'}.
    _rule("vue-link", r"@(?:\.[A-Za-z]+)?:(?:\{'[^'\n]*'\}|\([\w\-:|./$]+\)|[\w\-./$]*[\w\-$])|\{'[^'\n]*'\}"),
    # ICU typed arguments that carry no text: {n, number}, {d, date, short}, {n, number, ::currency/EUR}.
    _rule("icu-arg", r"\{\s*\w+\s*,\s*(?:number|date|time|spellout|ordinal|duration)\s*(?:,\s*[^{}]*)?\}"),
    # Python str.format / ICU simple argument / C# composite: {}, {0}, {name}, {user.name}, {name!r:>10};
    # ICU allows spaces around the name ({ name }, Prettier and hand-written messages do it).
    # ("{ name }" with spaces too, but not literal braces around a word: "found extra { or }", KeePassXC)
    _rule("brace", r"\{[A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}|\{[ \t]*(?!(?:or|and|to|of|in|is|the|if|as|"
                   r"at|by|for|on|with|a|an)[ \t]*\})[A-Za-z0-9_.\[\]]+[ \t]*\}"),
    # Angular i18n placeholders: {$INTERPOLATION}, {$START_TAG_SPAN}, {$INTERPOLATION_1}.
    _rule("angular", r"\{\$[A-Za-z][A-Za-z0-9_]*\}"),
    # Mozilla Fluent placeables: { $var }, { -brand-name } (a term: never translated), { -term.attr },
    # { message.attr }, { NUMBER($n, minimumFractionDigits: 2) }, string literals { "[" }.
    _rule("fluent", r'\{\s*(?:[$-]?[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)?|[A-Z][A-Z0-9_-]*\((?:[^(){}"]|"[^"]*")*\)'
                    r'|"(?:[^"\\]|\\.)*")\s*\}'),
    # Laravel placeholders: "The :attribute must be at least :min characters." (not "Note: x", "10:30").
    # Only after a space or "(": Finnish case endings follow quotes ("”end=”:n", "*x*:lla").
    _rule("colon-var", r"(?<![^\s(]):[A-Za-z_][A-Za-z0-9_]*(?![\w:])"),  # not reST's ":widths:" option  # not "[:LAST_PAGE]" (coreutils usage syntax)
    # Ruby / Rails style named placeholder: %{name}.
    _rule("percent-brace", r"%\{\w+\}"),
    # Symfony / Drupal-style named placeholder between two percent signs: %name%, %count%, %user.name%.
    # Not a printf conversion followed by a percent sign ("%d%", "%ld%", "%s%s"), nor "%d%%".
    _rule("percent-name", r"%(?![-+0#']*\d*(?:\.\d+)?(?:hh|h|ll|l|L|q|j|z|Z|t)?[diouxXeEfFgGaAcCsSpnm@]%)"
                          r"[A-Za-z_][\w.]*(?<!\.)%(?![A-Za-z0-9_%])"),  # "%obj%のプロパティ" (Japanese)
    # Python named printf: %(name)s, %(count)5.2f.  No space flag, as for printf below: diff's usage text
    # "%(A=B?T:E)  if A equals B" is not "%(A=B?T:E) i".
    _rule("printf-named", r"%\([^()]+\)[-#0+]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"),
    # C inttypes macros inside printf strings, as xgettext writes them: %<PRIuMAX>, %10<PRId64>.
    _rule("printf-inttypes", r"%(?:\d+\$)?[-+0#']*\d*(?:\.\d+)?<PRI\w+>"),
    # C/POSIX printf with positions, flags, width, precision and length: %s %d %1$s %-10.3f %lu %zu %m;
    # glibc's I flag (locale digits) in any place among the flags: %I'd, %'Id.
    # The space flag is left out on purpose: "100% sure" is prose, not "% s"; a length modifier goes with
    # the conversions C allows it with ("een %-teken" is Dutch for "a % sign", not %te).
    # Mozilla's "%1$0.S" (the argument used, nothing printed: Japanese word order) has an empty precision.
    _rule("printf", r"%(?:\d+\$)?[-+0#'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?"
                    r"(?:(?:hh|h|ll|q|j|z|Z|t|I64|I32|I)[diouxXn]|l[diouxXncsfFeEgGaA]|L[eEfFgGaA]"
                    r"|[diouxXeEfFgGaAcCsSpnm@])"),  # %@: Apple objects
    # Apple variable references in a format key (.stringsdict, .xcstrings substitutions): %#@files@,
    # %1$#@count@; and %arg, the argument inside an Xcode string catalog's substitution.
    _rule("apple-var", r"%(?:\d+\$)?#@[A-Za-z_][\w]*@|%arg(?![A-Za-z])"),
    # Escaped percent sign.
    _rule("percent", r"%%"),
    # Qt / KDE positional arguments: %1 .. %99, %L1.
    _rule("qt-arg", r"%L?[1-9]\d?"),
    # strftime directives printf does not have (Rails, Python and C date formats): %Y, %B, %H:%M, %-d, %e.
    # A format with nothing else ("%Y-%m-%d", "%a, %d %b %Y %H:%M:%S %z") is then not sent to the engine.
    _rule("strftime", r"%[-_0^#]?[aAbBCDeFGhHIjklMpPrRTuUVwWyYzZ](?![A-Za-z])"),
    # Common Lisp / Nyquist format directives (Audacity's plug-ins): ~a ~s ~d arguments, ~% newline, ~~;
    # "~%Invalid" is not printf's "%In"; "(~approximate)" is a tilde before a word, no "~a".
    _rule("lisp-format", r"~(?:\d+)?(?:[aAsSdDbBoOxXrRpPcCfFeEgG](?![a-z])|[%&|~$*?(){}\[\];^<>])|~\n"),
    # Mozilla PluralForm numbers in .properties: "#1 tabs", "#1 of #2" (not "#123" or an entity "&#1;").
    _rule("mozilla-num", r"(?<![\w&#])#[1-9](?![\w;])"),
    # Numbered dollar arguments: MediaWiki / jquery.i18n / Banana "$1", shell "$0", Chrome "$1" inside
    # placeholder contents (not a price such as "$1.50"; a price "$5" masked stays "$5", as it should).
    _rule("dollar-arg", r"(?<![A-Za-z_$\\])\$\d{1,2}(?![\d$]|[.,]\d)"),
    # HexChat / IRC text-event codes: colours %C18 and %C4,1, reset %O, the tab $t ("%C18*%O$t%C18$1%O").
    _rule("irc", r"%C\d{1,2}(?:,\d{1,2})?|%O(?![A-Za-z])|\$t(?![a-z])"),
    # WebExtension / Chrome messages.json named placeholders: $COUNT$, $user_name$.
    _rule("webext", r"\$[A-Za-z0-9_@]+\$"),
    # Constants and environment variables: ARGP_HELP_FMT, LC_ALL, TAR_OPTIONS (capitals joined by
    # underscores; a GTK accelerator sits before a lowercase letter, so "E_xit" is not one).
    _rule("constant", r"(?<![\w$%{])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?:_\*)?(?![\w}])"),
    # CamelCase product names and camelCase identifiers (SeaMonkey, JavaScript, iPhone, userId): a name
    # the engine must not inflect or alter ("SeaMonkey" came back "Seamonkey"); the names check requires it.
    _rule("camel", r"(?<![\w.$%{@:/-])(?:[a-z]+[A-Z][A-Za-z0-9]*|[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*)(?![\w<-])"),
    # Lowercase names with a digit inside, product and technical names no language translates: n8n (it came
    # back "n-8n"), i18n, l10n, k8s, x86_64, utf8mb4, md5sum (not "mp3" or "v2": a digit at the end only).
    _rule("alnum", r"(?<![\w.$%{@:/-])[a-z]+\d+[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![\w<-])"),
    # Shell-style variables in messages: $HOME, ${PREFIX}.
    _rule("shell-var", r"\$\{?[A-Z_][A-Z0-9_]*\}?(?![\w<])"),  # not man-db's POD "$B<MANPATH>" ($ then B<>)
    # Perl POD formatting codes (po4a catalogs of man pages written in POD: debhelper, debconf, devscripts).
    # B<bold>, I<italic>, S<non-breaking>: the letter with its "<", and the closing ">", are masks around
    # words that are translated (translators do translate I<file> metavariables); C<code>, F<file>,
    # L<link|page(1)>, E<lt>, X<index>, Z<> and the spaced double-bracket forms (B<< a->b >>) are masked
    # whole.  One level of nesting (B<I<x>>) is allowed.
    # E<lt> may follow a letter ("fileE<gt>"); "C</kbd>" and "B<br>" are HTML after a capital, not POD.
    _rule("pod", r"(?<![A-Za-z0-9])(?:[A-Z]<<+\s.*?\s>+|[CEFLXZ]<(?!/[A-Za-z][\w:.-]*>|br\s*/?>)"
                 r"(?:[^<>\n]|[A-Z]<[^<>\n]*>)*>)|E<\w+>"),
    # ... but a command or man page name in bold is masked whole: B<dpkg-deb>, B<annotate-output>, B<date>(1),
    # B<--> (they came back "B‹ankündigen Ausgabe>", "B<Datum>(1)", "B<->"); options inside B<> are masked by
    # the option rule, and I<package-name> metavariables are translated, as people do.
    _rule("pod", r"(?<![A-Za-z0-9])B<(?:[a-z0-9][\w.+]*[-_.+/][\w.+/-]*|[a-z][\w.+-]*(?=>\(\d)|[-+]+)>"),
    _rule("pod-pair", r"(?<![A-Za-z0-9])([BIS]<)(?!<|/[A-Za-z][\w:.-]*>|br\s*/?>)(?:[^<>\n]|[A-Z]<[^<>\n]*>)*?(>)"),
    # troff escapes left in man-page strings: font changes \fB \fI \fR \fP \f(CW \f[B], special characters
    # \(em \[u00E9], and \- \& \e.
    _rule("roff", r"\\f(?:[BIRP1-4]|\(\w\w|\[\w*\])|\\\(\S\S|\\\[[\w-]+\]|\\[-&e]"),
    # Elements that hold code, commands, file names or keys (HTML <code>/<kbd>/<samp>, Mallard <cmd>, <sys>,
    # <file>, <key>, <input>, <output>, DocBook <command>, <filename>, <literal>, <userinput>): masked
    # whole; their text is not prose ("Press <key>Enter</key>" had "Введите", "enter!", in Russian).
    _rule("tag", r"<(code|kbd|samp|tt|key|keycap|cmd|sys|file|filename|command|literal|userinput|computeroutput|"
                 r"input|output|envar|varname|option|parameter)\b[^<>]*>[^<>]*</\1\s*>", re.I),
    # An HTML <style> or <script> element with what it holds: CSS and code are not text (Swing's HTML
    # labels: "<style type="text/css">p { margin: 0px 0px 5px 0px;}</style>").
    _rule("tag", r"<(style|script)\b[^<>]*>.*?</\1\s*>", re.I | re.S),
    # HTML/XML tags, opening, closing and self-closing, with attributes: <b>, </a>, <a href="x">, <br/>;
    # and the numbered tags of react-i18next's <Trans> and Lingui: <0>, </0>, <1/>.
    _rule("tag", r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
                 r"|</?\d{1,3}\s*/?>"),
    # The same tags written escaped, as Android resources and HTML-in-XML strings hold them: "&lt;b>Bold&lt;/b>",
    # "&lt;font size=16 align=middle>" (the words inside were translated: "&lt;rozmiar czcionki=16 ...>").
    _rule("escaped-tag", r"&lt;/?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|&quot;(?:(?!&quot;).)*&quot;"
                 r"|[^\s>&]+))?)*\s*/?(?:>|&gt;)"),
    # A capital letter standing alone as a symbol (axes, keys, grades: "X (%s):", "Press Y", "Plan B"): the
    # engine wrote "Y (%s):" for "X (%s):".  Not "A" and "I", English words; not a list's "A." or "B)".
    _rule("letter", r"(?<![\w.'’&_-])[B-HJ-Z](?![\w'’&_-]|\.\w|[.)]\s)"),
    # Inline code in backticks (Markdown, docs-like UI strings): `npm install`, `--force`.
    # GNU's old `quote' style has no closing backtick and is left alone ("`%s' and `%s'" too: no
    # apostrophe inside code).
    # Code holding a placeholder ("File `%s` does not exist") is not masked whole: the placeholder is.
    _rule("code", r"`(?![^`'\n]*(?:%[-+ #0-9.$]*[A-Za-z@]|\{[\w.]*\}))[^`'\n]+`"),
    # Markdown strong emphasis markers: **Warning:** (the words inside are translated).
    _rule("md-strong", r"\*\*"),
    # Texinfo commands without text (GNU manuals' catalogs): @tie{}, @today{}, @dots{}, accents @^{e}, @,{c},
    # @'e, and escapes @@ @{ @}: kept whole (their braces are no "{}" placeholder: texinfo's catalogs had 91
    # false "missing {}" errors).  Commands around words (@emph{...}, @code{...}) are not handled yet.
    _rule("texinfo", r"@[A-Za-z]+\{\}|@(?:dotless|ringaccent|tieaccent|ubaraccent|udotaccent|[Huvdbt]|[\"'^`~=.,])"
                     r"\{[A-Za-z]?\}|@[\"'^`~][A-Za-z]|@[@{}]"),
    # HTML/XML character entities: &amp; &#169; &#x2014;.
    # DocBook and DTD entities are named with dots and dashes too (apt's manuals: &apt-get;, &debian-name;).
    _rule("entity", ENTITY),
    # URLs with a scheme, and bare www. addresses.
    # A vue-i18n literal inside one is part of it: https://www.npmjs.com/package/{'@'}scope/name.
    _rule("url", r"\b(?:[a-z][a-z0-9+.-]*://|www\.)(?:\{'[^'\s]*'\}|[^\s<>\"'`])*"
                 r"(?:\{'[^'\s]*'\}|[^\s<>\"'`.,;:!?)\]])"),
    # E-mail addresses.
    _rule("email", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # Absolute and home/relative file paths: /usr/share/x, ~/.config/app, ./configure.
    _rule("path", r"(?<![\w/.~])(?:~|\.{1,2})?/(?:[\w.+-]+/)*[\w.+-]*[\w+-](?![\w.+-]*<)"),  # not "/B<x>" (POD)
    # Relative paths to a file: resources/actions/go-next.png, icons/app.svg (Swing and Qt resource
    # references: translated, "Ressourcen/Aktionen/go-next.png" is an icon the app cannot find).
    _rule("path", r"(?<![\w/.~-])[\w.+-]+(?:/[\w.+-]+)+\.(?:" + "|".join(FILE_EXTENSIONS) + r")(?![\w/-]|\.\w)"),
    # Command-line options: --help, --output=FILE, -v.
    _rule("option", r"(?<![\w-])--?[A-Za-z][\w-]*(?:=[\w-]+)?"),
    # Literal escape sequences left in the text (JSON sources read raw, shell snippets): \n \t \" \\.
    _rule("escape", r"\\[nrt\"'\\]"),
    # Line breaks and tabs inside the text (leading and trailing ones are kept aside, not masked).
    _rule("linebreak", r"[ \t]*\n[ \t]*|\t"),
    # A "|" between spaces separates menu paths and title parts ("'Account Settings | Server settings'",
    # "Home | My Site"): kept where it is (in JSON bundles "|" separates forms and is split off before this).
    _rule("bar", r"(?<= )\|(?= )"),
    # An ellipsis that is usage syntax, not prose: "[OPTION]... [FILE]...", "FILE...", "[addon ...]" (the
    # engine writes "…" for a German or French "...", which breaks the synopsis).
    _rule("usage-ellipsis", r"(?<=[\]A-Z])\.\.\.(?![\w.])|\.\.\.(?=\s*\])"),
    # Column alignment in usage screens: the inside of a run of three or more spaces (one space stays
    # on each side, so the engine still sees separate words).
    _rule("spacing", r"(?<= ) +(?= )"),
)

# A keyboard accelerator marker: "_File", "&Open", "~Save".  Only at a word start and followed by a
# letter or digit, and only when the string has exactly one such marker.
# "&" before an entity name ("&lt;", "&amp;", "&#169;") is the entity, not a marker.
NOT_ENTITY = "(?!" + ENTITY[1:] + ")"   # after an "&": not the start of an entity
ACCEL_RE = {c: re.compile(r"(?<![\w" + re.escape(c) + r"])" + re.escape(c) + (NOT_ENTITY if c == "&" else "")
                          + r"(?=[^\W_])") for c in "_&~"}
# GTK and Qt also put it inside a capitalized word: "Mo_ve to Trash", "E&xit", "Pre_ferences" (one marker
# in the text; "file_name" and "Mixed_Case" are identifiers, not accelerators)
MIDWORD_ACCEL_RE = {c: re.compile(r"\b[A-Z][a-z]*(" + re.escape(c) + r")(?=[a-z]+\b)") for c in "_&"}
# Qt's "&" marks a letter of a lowercase word as well ("Move do&wn", "Move u&p"): an "&" between two
# lowercase letters is nothing else in UI text (a query string "a=b&c=d" has its "=")
LOWER_AMP_ACCEL_RE = re.compile(r"\b[a-z]+(&)(?=[a-z]+\b)")


def accelerator_at(text: str, ch: str) -> int:
    """Where the text's single accelerator marker `ch` is (at a word start, or inside a capitalized word
    as GTK and Qt allow), -1 without exactly one."""
    hits = list(ACCEL_RE[ch].finditer(text))
    if len(hits) == 1:
        return hits[0].start()
    if not hits and ch in MIDWORD_ACCEL_RE and text.count(ch) == 1:
        m = MIDWORD_ACCEL_RE[ch].search(text)
        if m:
            return m.start(1)
        if ch == "&" and "=" not in text:
            m = LOWER_AMP_ACCEL_RE.search(text)
            if m:
                return m.start(1)
        if ch == "_" and FORM_LABEL_RE.fullmatch(text.replace("_", "")):  # "Cell spaci_ng:", "Custom co_mmand:"
            m = _LOWER_MIDWORD_RE.search(text)
            if m:
                return m.start(1)
    return -1


_LOWER_MIDWORD_RE = re.compile(r"(?<=[a-z])(_)(?=[a-z])")


@dataclass(slots=True)
class Masked:
    """A string ready for the engine, and what is needed to restore it."""
    original: str
    text: str                     # masked text the engine sees
    spans: list[str] = field(default_factory=list)   # spans[i] is what ⟦i⟧ stands for
    rules: list[str] = field(default_factory=list)   # rule name of each span
    prefix: str = ""              # leading whitespace
    suffix: str = ""              # trailing whitespace
    accel_char: str = ""          # "_", "&" or "~" when an accelerator was removed
    accel_letter: str = ""        # the letter it marked
    accel_pos: int = -1           # where it stood in `text`
    upper: bool = False           # the original was ALL CAPS: `text` is in sentence case, restore capitals
    cased: str = ""               # with `upper`: the masked text in its own capitals (the memory's key for it)

    @property
    def translatable(self) -> bool:
        """False when nothing but masks, digits and punctuation is left."""
        rest = MASK_RE.sub("", self.text)
        return any(ch.isalpha() for ch in rest)


# What each rule cannot match without: a rule whose triggers are all absent from a text is not run (a
# substring test is a fraction of a regex scan, and most UI strings hold none of these characters).
# Rules not listed (a glossary's do-not-translate terms) always run.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "i18next": ("{",), "i18next-nesting": ("$t(",), "vue-link": ("@:", "@.", "{'"), "icu-arg": ("{",),
    "choice-open": ("{{",), "choice-sep": ("}}",), "choice-close": ("}}",),
    "brace": ("{",), "angular": ("{$",),
    "fluent": ("{",), "colon-var": (":",), "percent-brace": ("%{",), "percent-name": ("%",),
    "printf-named": ("%(",), "printf-inttypes": ("%",), "printf": ("%",), "apple-var": ("%",),
    "percent": ("%%",), "qt-arg": ("%",), "mozilla-num": ("#",), "strftime": ("%",), "webext": ("$",),
    "dollar-arg": ("$",), "irc": ("%C", "%O", "$t"), "lisp-format": ("~",), "pod": ("<",), "pod-pair": ("<",),
    "roff": ("\\",), "constant": ("_",), "shell-var": ("$",), "alnum": tuple("0123456789"),
    "tag": ("<",), "escaped-tag": ("&lt;",), "texinfo": ("@",), "code": ("`",), "md-strong": ("**",), "entity": ("&",), "url": ("://", "www."),
    "email": ("@",), "path": ("/",), "option": ("-",), "escape": ("\\",), "linebreak": ("\n", "\t"),
    "spacing": ("   ",), "usage-ellipsis": ("...",), "bar": (" | ",),
}


def find_spans(text: str, rules: tuple[Rule, ...] = RULES) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, rule) spans of protected syntax, in text order."""
    if rules is RULES:  # the checks ask for the same texts' spans many times (per check, hypothesis, locale)
        return list(_default_spans(text))
    return _find_spans(text, rules)


@lru_cache(maxsize=65536)
def _default_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(_find_spans(text, RULES))


# every trigger's first character: a text holding none of them runs no listed rule
_TRIGGER_CHARS = frozenset(t[0] for ts in TRIGGERS.values() for t in ts)


@lru_cache(maxsize=4096)
def _candidates(present: frozenset[str]) -> tuple[tuple[int, Rule, tuple[str, ...]], ...]:
    """(order, rule, triggers still to test) of the default rules a text may match, given which trigger
    first characters it holds; an empty tuple of triggers: a one-character trigger is there, run it."""
    out = []
    for order, rule in enumerate(RULES):
        trig = TRIGGERS.get(rule.name)
        if trig is None:
            out.append((order, rule, ()))
            continue
        need = tuple(t for t in trig if t[0] in present)
        if need:
            out.append((order, rule, () if any(len(t) == 1 for t in need) else need))
    return tuple(out)


def _pod_pairs(pattern: re.Pattern[str], text: str, pos: int, endpos: int) -> list[tuple[int, int]]:
    """(start, length) of each B<, I<, S< opener and its ">", nested ones too (S<I<x> y>)."""
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text, pos, endpos):
        out += [(m.start(1), 2), (m.start(2), 1)] + _pod_pairs(pattern, text, m.start(1) + 2, m.start(2))
    return out


def _find_spans(text: str, rules: tuple[Rule, ...]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, int, str]] = []
    shift = len(rules) - len(RULES)
    if rules is RULES or (shift == 1 and all(map(operator.is_, rules[1:], RULES))):  # maybe after a "dnt" rule
        todo = [(0, rules[0], ())] if shift else []
        todo += [(o + shift, r, t) for o, r, t in _candidates(_TRIGGER_CHARS.intersection(text))]
    else:
        todo = [(o, r, TRIGGERS.get(r.name, ())) for o, r in enumerate(rules)]
    for order, rule, trig in todo:
        if trig and not any(t in text for t in trig):
            continue
        if rule.name == "pod-pair":  # two masks around the words: the opening letter and "<", the ">"
            found += [(p, -n, order, rule.name) for p, n in _pod_pairs(rule.pattern, text, 0, len(text))]
            continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), order, rule.name))
    found.sort()
    spans: list[tuple[int, int, str]] = []
    end = 0
    for start, neg_len, _order, name in found:
        if start >= end:
            spans.append((start, start - neg_len, name))
            end = start - neg_len
    return spans


def mask(text: str, accel: str | None = "_", extra_terms: list[str] | re.Pattern[str] | None = None,
         fold_caps: bool = True) -> Masked:
    """Mask `text`.  `accel` is the accelerator character the catalog uses ("" for none);
    `extra_terms` are literal strings (do-not-translate glossary terms), or a compiled pattern for
    them, protected too.  `fold_caps`: an ALL-CAPS text ("FILE NOT FOUND", a "SAVE" button) goes to
    the engine in sentence case and its translation comes back in capitals (models trained on
    ordinary text turn capitals into nonsense)."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    edge_lead, body, edge_trail = peel_edges(stripped)
    prefix = text[:lead] + edge_lead
    suffix = edge_trail + text[lead + len(stripped):]
    rules = RULES
    if isinstance(extra_terms, re.Pattern):
        rules = (Rule("dnt", extra_terms),) + RULES
    elif extra_terms:
        alts = "|".join(re.escape(t) for t in sorted(set(extra_terms), key=len, reverse=True) if t)
        if alts:
            rules = (Rule("dnt", re.compile(r"(?<!\w)(?:" + alts + r")(?!\w)")),) + RULES
    spans = find_spans(body, rules)
    out: list[str] = []
    pieces: list[str] = []
    names: list[str] = []
    pos = 0
    for start, end, name in spans:
        out.append(body[pos:start])
        out.append(f"{MASK_OPEN}{len(pieces)}{MASK_CLOSE}")
        pieces.append(body[start:end])
        names.append(name)
        pos = end
    out.append(body[pos:])
    masked = "".join(out)
    accel_char = accel_letter = ""
    accel_pos = -1
    if accel:
        for ch in accel:
            i = accelerator_at(masked, ch)
            if i >= 0:
                accel_char, accel_letter, accel_pos = ch, masked[i + 1], i
                masked = masked[:i] + masked[i + 1:]
                break
    upper = fold_caps and _all_caps(masked) and not _only_acronyms(masked)
    cased = ""
    if upper:  # "USB DEVICE NOT FOUND" -> "USB device not found": acronyms keep their capitals
        cased, masked = masked, _WORD_RE.sub(lambda w: w.group().upper() if w.group().upper() in acronyms()
                                             else w.group(), _sentence_case(masked))
    return Masked(text, masked, pieces, names, prefix, suffix, accel_char, accel_letter, accel_pos, upper, cased)


_ASCII_LOWER = re.compile(r"[a-z]")


def _all_caps(masked: str) -> bool:
    plain = MASK_RE.sub(" ", masked)
    if _ASCII_LOWER.search(plain):  # a lowercase letter: not ALL CAPS (most texts end here)
        return False
    cased = [c for c in plain if c.lower() != c.upper()]
    return len(cased) >= 2 and all(c.isupper() for c in cased) and re.search(r"[^\W\d_]{2}", plain) is not None


@lru_cache(maxsize=1)
def acronyms() -> frozenset[str]:
    """ALL-CAPS words of English UI text that are acronyms (CPU, USB, URL), from scripts/build_acronyms.py."""
    return frozenset((Path(__file__).parent / "acronyms.txt").read_text(encoding="utf-8").split())


_CAPS_WORD_RE = re.compile(r"[A-Z][A-Z0-9]+")
_WORD_RE = re.compile(r"\b[A-Za-z][A-Za-z0-9]+\b")


def _only_acronyms(masked: str) -> bool:
    """Every capitalized word of an ALL-CAPS text is an acronym (or has no vowel, as VSZ): "CPU: %s%%",
    "RSS" stay as they are; folded to "Cpu" the engine reads a word it does not know ("KAPU")."""
    words = _CAPS_WORD_RE.findall(MASK_RE.sub(" ", masked))
    known = acronyms()
    return bool(words) and all(w in known or not re.search(r"[AEIOUY]", w) for w in words)


def _sentence_case(masked: str) -> str:
    """"FILE NOT FOUND" -> "File not found" (mask tokens untouched)."""
    low = masked.lower()  # mask tokens have no cased letters
    blank = MASK_RE.sub(lambda m: " " * len(m.group(0)), low)
    i = next((k for k, ch in enumerate(blank) if ch.lower() != ch.upper()), None)
    return low if i is None else low[:i] + low[i].upper() + low[i + 1:]


@dataclass(slots=True)
class Restored:
    text: str
    missing: list[int] = field(default_factory=list)     # mask ids absent from the output
    duplicated: list[int] = field(default_factory=list)  # mask ids present more than once
    invented: list[int] = field(default_factory=list)    # ids the source never had

    @property
    def ok(self) -> bool:
        return not (self.missing or self.duplicated or self.invented)


def unmask(output: str, masked: Masked, locale: str = "") -> Restored:
    """Restore protected spans, the accelerator and surrounding whitespace into engine `output` (written in
    `locale`: its capitals, where they differ, as in Turkish)."""
    counts = Counter(int(m.group(1)) for m in MASK_RE.finditer(output))
    n = len(masked.spans)
    missing = [i for i in range(n) if counts[i] == 0]
    duplicated = [i for i in range(n) if counts[i] > 1]
    invented = sorted(i for i in counts if i >= n)
    body = match_initial_case(output.strip(), masked.text, locale)
    unchanged = body == masked.text
    if masked.upper:
        body = upper(body, locale)
    if masked.accel_char:
        if unchanged:  # the text came back unchanged: the marker goes back where it was
            body = body[:masked.accel_pos] + masked.accel_char + body[masked.accel_pos:]
        else:
            body = place_accelerator(body, masked.accel_char, masked.accel_letter)

    body = _hug_markup(body, masked)

    def restore(m: re.Match[str]) -> str:
        i = int(m.group(1))
        if i >= n:
            return ""
        # a glossary term substituted into an ALL-CAPS text is written in capitals like the rest
        if masked.upper and masked.rules[i] == "glossary":
            return upper(masked.spans[i], locale)
        if masked.rules[i] == "tag" and locale:  # <key>Ctrl</key> is <key>Strg</key> in German help
            return localized_key_element(masked.spans[i], locale)
        return masked.spans[i]

    text = masked.prefix + MASK_RE.sub(restore, body) + masked.suffix
    return Restored(text, missing, duplicated, invented)


def _hug_markup(body: str, masked: Masked) -> str:
    """The engine may put a space inside markup the source closes tightly ("<b> nie</b>", "I< niemals>"):
    it goes, where the source had none on that side of the opening or closing mask."""
    if " " not in body:
        return body
    for i, (span, rule) in enumerate(zip(masked.spans, masked.rules)):
        if rule == "pod-pair":
            opener = span.endswith("<")
        elif rule == "tag" and not span.endswith("/>") and _TAG_NAME_RE.match(span):
            opener = not span.startswith("</")
        else:
            continue
        tok = f"{MASK_OPEN}{i}{MASK_CLOSE}"
        j = masked.text.find(tok)
        if opener and j >= 0 and not masked.text[j + len(tok):j + len(tok) + 1].isspace():
            body = re.sub(re.escape(tok) + r" +(?=\w)", tok, body)
        elif not opener and j > 0 and not masked.text[j - 1].isspace():
            body = re.sub(r"(?<=[\w.!?]) +" + re.escape(tok), tok, body)
    return body


_TAG_NAME_RE = re.compile(r"</?(?!(?:br|hr|img|wbr|input)\b)[A-Za-z]")


def upper(text: str, locale: str = "") -> str:
    """`text` in capitals as `locale` writes them: Turkish and Azerbaijani capitalize i as İ (ı as I)."""
    if locale[:2].lower() in ("tr", "az") and locale[2:3] in ("", "-", "_", "@", "."):
        text = text.replace("i", "İ")
    return text.upper()


def match_initial_case(output: str, source: str, locale: str = "") -> str:
    """A source whose first letter is a capital ("Quit", "Save _As", "✓ Saved") gets a translation
    whose first letter is one too: small models often write "beenden" for a menu item.  Not when a
    digit or a placeholder comes first, nor when that first word is in the source as written
    (iPhone, macOS, eBay) or has another capital inside."""
    def first_alnum(text: str) -> int | None:
        blank = MASK_RE.sub(lambda m: " " * len(m.group(0)), text)
        return next((i for i, ch in enumerate(blank) if ch.isalnum()), None)

    i = first_alnum(source)
    if i is None or not source[i].isalpha() or not source[i].isupper() or MASK_RE.search(source[:i]):
        return output
    j = first_alnum(output)
    if j is None or not output[j].isalpha() or not output[j].islower() or MASK_RE.search(output[:j]):
        return output  # after a placeholder the word is mid-sentence: "`npm install` ausführen"
    word = re.match(r"\w+", output[j:])
    if word and (re.search(r"(?<!\w)" + re.escape(word.group(0)) + r"(?!\w)", source)
                 or any(c.isupper() for c in word.group(0)[1:])):
        return output
    return output[:j] + upper(output[j], locale) + output[j + 1:]


def place_accelerator(text: str, char: str, letter: str) -> str:
    """Put the accelerator `char` on a sensible letter of `text`: the same letter at a word start ("Enregistrer
    _sous" for "Save _As"), else the first letter in any alphabet ("_Werkzeugleiste", "_Открыть"); Chinese,
    Japanese and Korean text gets their convention: "(_F)" right after the text, before a trailing ellipsis or
    colon ("保存(_S)…", "名前(_N):").  Measured on the corpora's Debian catalogs (people's accelerators,
    scripts/bench_accelerators.py), this matches the person's choice for 61-73% of the strings in every
    language (de 62%, ru 73%; ja 98%, zh_CN 99%)."""
    plain = MASK_RE.sub(lambda m: "\0" * len(m.group(0)), text)  # never inside a mask token
    low = letter.lower()
    starts = [i for i, ch in enumerate(plain) if ch.lower() == low and ch.isalnum()
              and (i == 0 or plain[i - 1].isspace() or plain[i - 1] in "([{\"'«„“-/")]
    first = next((i for i, ch in enumerate(plain) if ch.isalpha()), None)
    i = starts[0] if starts else first
    if i is not None and not any(_ideographic(ch) for ch in plain if ch.isalpha()):
        return text[:i] + char + text[i:]
    m = _CJK_TAIL_RE.search(text)
    return f"{text[:m.start()]}({char}{letter.upper()}){text[m.start():]}"


def _ideographic(ch: str) -> bool:
    """Han, kana or Hangul: writing with no letters to underline."""
    import unicodedata
    return unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))


_CJK_TAIL_RE = re.compile(r"\s*(?:…|\.\.\.|:|：)?\s*$")


def strip_accelerator(text: str, accel: str = "_&~") -> str:
    """The text without its (single) accelerator marker; used to compare and to build corpora."""
    for ch in accel:
        i = accelerator_at(text, ch)
        if i >= 0:
            return text[:i] + text[i + 1:]
    return text


def mask_pair(source: str, target: str, accel: str = "_&~") -> tuple[str, str] | None:
    """Mask a human translation pair consistently (target masks numbered like the source's), for
    training and memory; None when the target does not keep exactly the source's protected spans."""
    src = mask(source, accel, fold_caps=False)
    tgt_body = target.strip()
    s_lead, _core, s_trail = peel_edges(source.strip())
    if s_lead or s_trail:  # the source's edge entities or tags were peeled off: the target must have them too
        t_lead, tgt_body, t_trail = peel_edges(tgt_body)
        if (t_lead.strip(), t_trail.strip()) != (s_lead.strip(), s_trail.strip()):
            return None
    if src.accel_char:  # translators put the marker anywhere in a word ("Spei_chern"): drop it there too
        marks = list(re.finditer(re.escape(src.accel_char) + r"(?=[^\W_])", tgt_body))
        if len(marks) == 1:
            tgt_body = tgt_body[:marks[0].start()] + tgt_body[marks[0].end():]
    spans = find_spans(tgt_body)
    free: dict[str, list[int]] = {}
    for i, piece in enumerate(src.spans):
        free.setdefault(piece, []).append(i)
    out: list[str] = []
    pos = 0
    for start, end, _name in spans:
        piece = tgt_body[start:end]
        if not free.get(piece):
            return None
        out.append(tgt_body[pos:start])
        out.append(f"{MASK_OPEN}{free[piece].pop(0)}{MASK_CLOSE}")
        pos = end
    out.append(tgt_body[pos:])
    if any(free.values()):
        return None
    if len(src.spans) > MAX_MASKS:
        return None
    return src.text, "".join(out)
