"""QA checks.  Each check is a small function with a name and a severity; it returns issues.

`check_pair()` runs them on one source/target pair; `check_segment()` on a segment with its plural
forms; the pipeline runs the same checks on every machine hypothesis and keeps the first one without
error-level issues.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from . import cldr, plurals
from .formality import clashes
from .formats import icu
from .placeholders import (FORMAT_RULES, PERCENT_FIRST_RE, format_spans, normalize, numbered_args_match,  # noqa: F401
                           placeholder_keys, positional_key, printf_args, rules_for)
from .protect import NOT_ENTITY, accelerator_at, acronyms, find_spans, strip_accelerator
from .markup import LINE_BREAK_TAGS, STYLE_TAGS, TAG_RE, VOID_TAGS, markup_tags  # noqa: F401
from .syntax import (CAPS_RE, KEYWORD_RE, caps_any_script, WORD_RE, balanced, caps_words, choices, is_usage, name_in, names,
                     quotes_balanced, syntax_shape)

ERROR, WARNING = "error", "warning"
END_PUNCT = {".": ".。．।", ":": ":：", "!": "!！¡", "?": "?？¿", "…": "…", "...": "…."}


@dataclass(slots=True)
class Issue:
    check: str
    severity: str
    message: str
    path: str = ""
    location: str = ""   # line number or key
    locale: str = ""
    segment_id: str = ""

    def __str__(self) -> str:
        loc = self.location.replace("\r", "\\r").replace("\n", "\\n")  # a key that is English text with a line break
        where = f"{self.path}:{loc}" if self.path else loc
        return f"{where + ': ' if where else ''}{self.severity}: [{self.check}] {self.message}"


@dataclass(slots=True)
class Context:
    """What the checks may know about a pair beyond the two strings."""
    target_locale: str = ""
    kind: str = "text"              # text | icu
    accelerator: str = "_&"
    glossary: list[tuple[str, str]] = field(default_factory=list)  # (source term, required target)
    machine: bool = False           # stricter checks for machine output (repetition, copying)
    format_rules: set[str] | None = None  # placeholder rules the entry's format flags declare (None: all)
    source_lang: str = "en"
    pipe_forms: bool = False        # "|" separates plural forms / title pieces (JSON bundles); elsewhere literal
    formality: str = ""             # the register machine output should address the user in (formality.py)
    single_forms: frozenset[int] = frozenset()  # plural forms only one number selects (plurals.single_value_forms)
    rare_forms: frozenset[int] = frozenset()    # plural forms only big numbers or fractions select (rare_categories)
    other_answers: bool = False  # a missing plural form falls back to "other" (Element's plural objects)
    debconf_choices: bool = False  # a po-debconf Choices list: as many comma-separated items as the source
    single_value: bool = False      # a Fluent variant only one number selects ([one] in Polish, [1]): may spell it
    message_sources: tuple[str, ...] = ()  # Fluent: the source texts of the message's variants (their variables)
    max_chars: int | None = None    # the file's length limit for this string (Segment.max_chars)
    pipe_plural_forms: int | None = None  # a Docusaurus plural message: the forms the target language has


CheckFn = Callable[[str, str, Context], list[tuple[str, str]]]
CHECKS: list[tuple[str, str, CheckFn]] = []


def check(name: str, severity: str) -> Callable[[CheckFn], CheckFn]:
    def deco(fn: CheckFn) -> CheckFn:
        CHECKS.append((name, severity, fn))
        return fn
    return deco


@check("placeholders", ERROR)
def placeholders(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    if ctx.kind == "icu":
        return []  # the icu check compares argument names
    rules = frozenset(ctx.format_rules) if ctx.format_rules is not None else None
    if "%" in tgt and "%" in src:  # Turkish writes the percent sign first: "100%" is "%100", not Qt's %10
        # (a percent sign of the source: "100 %", not a number before the next line's "%3")
        tgt = PERCENT_FIRST_RE.sub(lambda m: m.group(0) if not re.search(rf"(?<![\d.,%]){m.group(1)}[ \u00a0\u202f]?%(?![\d$])", src)
                                    else "\u2030" + m.group(1), tgt)
    if rules is not None and "printf" in rules and "qt-arg" not in rules and "%" in tgt:  # declared by a flag
        # a c-format / python-format string: a "%" that starts no conversion ("50 % done") is what printf
        # misreads ("% d"); msgfmt rejects it.  A percent sign is "%%" there (or "٪").
        covered = [(a, b) for a, b, _r in find_spans(tgt)]
        if any(not any(a <= i < b for a, b in covered) for i, ch in enumerate(tgt) if ch == "%"):
            return [("error", "a '%' that starts no conversion (a percent sign is '%%' in a format string)")]
    if cldr.is_date_format(src.strip()) and cldr.format_fields(src) == cldr.format_fields(tgt):
        return []  # a date format in the locale's order: "%b %d" -> "%-m月%-d日" shows the same fields
    if not ctx.machine and "{" in tgt and icu.is_complex(tgt) and not icu.is_complex(src):
        # a person turned "Delete {count} products?" into an ICU plural: its arguments are what counts
        try:
            names = set(icu.argument_names(tgt))
        except icu.ICUError:
            names = None
        if names is not None:
            wanted = {k.strip("{} ") for k in placeholder_keys(src, rules) if k.startswith("{")}
            lost = sorted(wanted - names)
            return [("error", "missing placeholder(s): " + " ".join("{" + n + "}" for n in lost))] if lost else []
    ka, kb = placeholder_keys(src, rules), placeholder_keys(tgt, rules)
    numbered = numbered_args_match(src, tgt, rules)
    if numbered or (numbered is None and ka == kb):
        return []
    if ka == kb:
        used = sorted(set(printf_args(tgt, rules) or []))
        return [("error", "printf arguments differ from the source's: " + " ".join(f"%{n}${c}" for n, c in used))]
    a, b = Counter(ka), Counter(kb)
    if not ctx.machine and set(a) == set(b) and all(_named(k) for k in a):
        # a person naming a variable once where the source repeats it ("<b>{ $hostname }</b>" once), or twice:
        # the message still shows every value; printf arguments, which are consumed in order, stay errors
        return [("warning", "placeholder(s) used another number of times than in the source: "
                 + " ".join(sorted(k for k in a if a[k] != b[k])))]
    out = []
    missing = a - b
    extra = b - a
    if extra and ":" in tgt and not any(k.startswith(":") for k in ka):
        # a Laravel ":name" where the source has none is text (Swedish ":e", Hebrew ":Audacity" at the start)
        extra = Counter({k: v for k, v in extra.items() if not k.startswith(":")})
    if extra and ctx.message_sources:  # a Fluent variant may use any variable of its message ({ $unread })
        known = {positional_key(p) for s in ctx.message_sources for p in format_spans(s, rules)}
        extra = Counter({k: v for k, v in extra.items() if k not in known})
    # a person's change is a warning where the source may not be a format string at all: a date format
    # ("%b %-d %Y at %-I:%M %p", "%a", "%b %e") is the translator's to localize; a string that is one
    # "{number}" token (brasero's file-name pattern) is a word the translator may translate
    level = "error"
    if not ctx.machine and (DATE_FORMAT_RE.search(src) or _ONLY_DIRECTIVES_RE.fullmatch(src.strip())
                            or (len(ka) == 1 and ka[0] == src.strip() and ka[0].startswith("{")
                                and re.fullmatch(r"\{[^{}\s]+\}", tgt.strip()))):
        level = "warning"
    if not ctx.machine and all(k.startswith("$t(") for k in (missing + extra)):
        level = "warning"  # i18next nesting: a person may nest another key ("$t(lockRoomPasswordUppercase)")
    if missing and not ctx.single_value:
        out.append((level, "missing placeholder(s): " + " ".join(sorted(missing.elements()))))
    if extra:
        # a person adding a kind of placeholder the source has none of ("$HISTFILE" in bash's help prose,
        # "(~)" where no Lisp format is in sight) wrote text, most likely: a warning
        kinds = {rule for _s, _e, rule in find_spans(src)}
        foreign = not ctx.machine and all(
            rule not in kinds for s0, e0, rule in find_spans(tgt) if positional_key(normalize(tgt[s0:e0], rule)) in extra)
        out.append(("warning" if foreign else level, "unexpected placeholder(s): " + " ".join(sorted(extra.elements()))))
    return out


def _named(key: str) -> bool:
    """A placeholder that names its value ({name}, { $n }, {{x}}, %name%, %(n)s), which may be used any number of
    times; printf's and Qt's positional ones are consumed in order (%s, %1)."""
    return key.startswith(("{", "$", ":", "%(")) or (key.startswith("%") and key.endswith("%") and len(key) > 2)


# strftime directives printf does not have (%Y, %B, %H, %M, %-d, %-I ...): the string is a date format
DATE_FORMAT_RE = re.compile(r"%[-_0^#]?[YBHMjyZzkPTRDFCGUVWu]|%[-_^#][A-Za-z]")
# nothing but directives and separators ("%b %e", "%a", "%c"): a date format too (the alternative digits
# of %Oe, %OH are glibc's)
_ONLY_DIRECTIVES_RE = re.compile(r"(?:%[-_0^#]?[EO]?[A-Za-z]|[\s,.:/\-–])+")


@check("protected", WARNING)
def protected(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """URLs, paths, options, e-mail addresses and entities should come through unchanged."""
    keep = {"url", "email", "path", "option", "entity", "constant", "pod", "roff"}
    a = Counter(src[s:e] for s, e, r in find_spans(src) if r in keep)
    if not a:
        return []
    b = Counter(tgt[s:e] for s, e, r in find_spans(tgt) if r in keep)
    missing = a - b
    return [("warning", "changed or missing: " + " ".join(sorted(missing.elements())))] if missing else []


@check("tags", ERROR)
def tags(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    st = markup_tags(src)
    tt = markup_tags(tgt, {n for _c, n, _s in st})
    if not st and not tt:
        return []
    out = []
    # line breaks are layout: translators re-break the lines of an HTML label (Sweet Home 3D's Swing
    # dialogs: 120 "errors" on correct files); a different count is a warning, and is not compared below
    breaks = (sum(n in LINE_BREAK_TAGS for _c, n, _s in st), sum(n in LINE_BREAK_TAGS for _c, n, _s in tt))
    if breaks[0] != breaks[1]:
        out.append(("warning", f"{breaks[1]} line break tag(s), the source has {breaks[0]}"))
    st = [t for t in st if t[1] not in LINE_BREAK_TAGS]
    tt = [t for t in tt if t[1] not in LINE_BREAK_TAGS]
    # ICU branches repeat their markup per plural category of the target: the same tags, not counts
    if (set(st) != set(tt)) if ctx.kind == "icu" else (Counter(st) != Counter(tt)):
        added = not ctx.machine and not (Counter(st) - Counter(tt))  # a person may add markup (italics)
        # a person may also drop or swap emphasis (Chinese and Japanese have no italics: <i> goes or turns
        # <b>), or the closing </html> that Swing and browsers do without; a lost link or paragraph is an error
        lost, extra = Counter(st) - Counter(tt), Counter(tt) - Counter(st)
        styled = not ctx.machine and all(n in STYLE_TAGS for _c, n, _s in lost + extra) and \
            (extra or not any(n in ("b", "strong") and not c for c, n, _s in lost))  # bold lost for nothing: an error
        out.append(("warning" if added or styled else "error", "markup differs from the source: " +
                    " ".join(f"<{c}{n}{'/' if s else ''}>" for c, n, s in tt) + " vs " +
                    " ".join(f"<{c}{n}{'/' if s else ''}>" for c, n, s in st)))
    if tt == st:
        return out  # the source's own markup, tag for tag: whatever its nesting, the translation did not break it
    stack: list[str] = []
    for closing, name, selfclose in tt:
        if selfclose or name in VOID_TAGS:
            continue
        if closing:
            while stack and stack[-1] != name and stack[-1] in OPTIONAL_END_TAGS:
                stack.pop()  # HTML closes an open <p> or <li> itself: "<p>a<p>b</body>"
            if not stack or stack[-1] != name:
                out.append(("error", f"</{name}> closes nothing or crosses another tag"))
                break
            stack.pop()
        else:
            stack.append(name)
    else:
        src_open = [n for c, n, s in st if not c and not s and n not in VOID_TAGS]
        if stack and len(src_open) != len([n for c, n, s in st if c]) + len(stack):
            # a person's missing </b> or </html>: HTML closes it at the end (a warning); the engine's: an error
            styled = not ctx.machine and all(n in STYLE_TAGS for n in stack)
            out.append(("warning" if styled else "error", "unclosed tag(s): " + " ".join(f"<{n}>" for n in stack)))
    return out


# HTML elements whose end tag may be left out (the next element or the parent's end closes them)
OPTIONAL_END_TAGS = frozenset({"p", "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot"})


def _pod_codes(text: str) -> Counter[str]:
    """The letters of a text's POD formatting codes (B<..>, I<..>, F<..>, E<lt>): one per code."""
    if "<" not in text:
        return Counter()
    return Counter(text[s] for s, e, r in find_spans(text) if r == "pod" or (r == "pod-pair" and e - s == 2))


@check("pod", ERROR)
def pod_codes(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """po4a catalogs of POD man pages: every formatting code of the source comes back (the words inside
    B<> and I<> may be translated).  A warning for a person's translation: POD also reads a code glued to
    the word before it ("einenL<dh_make|dh_make(1)>"), which the masks do not take for one."""
    a = _pod_codes(src)
    if not a:
        return []
    b = _pod_codes(tgt)
    if a == b:
        return []
    diff = " ".join(f"{k}<> {b[k]} vs {a[k]}" for k in sorted(set(a) | set(b)) if a[k] != b[k])
    return [("error" if ctx.machine else "warning", f"POD formatting codes differ from the source's: {diff}")]


@check("length-limit", ERROR)
def length_limit(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """A string the file limits ("[CHAR LIMIT=25]", XLIFF maxwidth in characters) must fit: an error in
    machine output (it stays fuzzy / is not written, and the n-best choice prefers one that fits), a warning
    in a person's translation."""
    if ctx.max_chars is None or len(tgt) <= ctx.max_chars:
        return []
    return [("error" if ctx.machine else "warning", f"{len(tgt)} characters, the limit is {ctx.max_chars}")]


@check("debconf-choices", ERROR)
def debconf_choices(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """A po-debconf Choices list keeps its number of items: debconf maps them to the template's choices by
    position ("Dialog, Readline, Gnome" -> "Dialog, Readline, Gnome"; an item with a comma writes "\\,")."""
    if not ctx.debconf_choices:
        return []
    from .selection import debconf_items
    want, got = debconf_items(src), debconf_items(tgt)
    return [] if want == got else [("error", f"{got} comma-separated choices, the source has {want} (debconf "
                                             "matches them by position; a comma inside a choice is written \\,)")]


@check("choice", ERROR)
def choice_syntax(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """A {{PLURAL:$1|a|b}} / {{plural:%n%|one=a|other=b}} choice of the source comes back with the same
    keyword, argument and form labels (in any order); unlabelled forms as many as the source's in machine
    output (a person may write as many as the target language's plural needs)."""
    want = choices(src)
    if not want:
        return []
    got = choices(tgt)
    same = len(got) == len(want) and all(
        g[0] == w[0] and g[1] == w[1] and (sorted(g[2]) == sorted(w[2]) if any(w[2]) else
                                           len(g[2]) == len(w[2]) if ctx.machine else len(g[2]) >= 1)
        for g, w in zip(got, want))
    return [] if same else [("error", "the {{PLURAL:...|...}} choice syntax differs from the source's")]


@check("icu", ERROR)
def icu_syntax(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    if ctx.kind != "icu" and not icu.is_complex(src):
        return []
    err = icu.validate(tgt)
    if err:
        return [("error", f"ICU MessageFormat does not parse: {err}")]
    try:
        a, b = set(icu.argument_names(src)), set(icu.argument_names(tgt))
    except icu.ICUError:
        return []
    if a != b:
        return [("error", f"ICU arguments differ: {sorted(b)} vs {sorted(a)}")]
    return []


@check("accelerator", WARNING)
def accelerator(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    for ch in ctx.accelerator:
        if accelerator_at(src, ch) >= 0:
            n_tgt = len(re.findall(re.escape(ch) + (NOT_ENTITY if ch == "&" else "") + r"(?=[^\W_])", tgt))
            if n_tgt != 1:
                return [("warning", f"the source has a keyboard accelerator ({ch}) and the translation has {n_tgt}")]
    return []


@check("whitespace", WARNING)
def whitespace(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    out = []
    lead_s, lead_t = src[: len(src) - len(src.lstrip())], tgt[: len(tgt) - len(tgt.lstrip())]
    trail_s, trail_t = src[len(src.rstrip()):], tgt[len(tgt.rstrip()):]
    if lead_s != lead_t:
        out.append(("warning", f"leading whitespace differs ({lead_t!r} vs {lead_s!r})"))
    if trail_s != trail_t:
        out.append(("warning", f"trailing whitespace differs ({trail_t!r} vs {trail_s!r})"))
    return out


@check("punctuation", WARNING)
def punctuation(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    s, t = src.rstrip(), tgt.rstrip()
    if not s or not t:
        return []
    for end in ("...", "…", ".", ":", "!", "?"):
        if s.endswith(end):
            if not any(t.endswith(e) for e in END_PUNCT[end] + end):
                return [("warning", f"the source ends with {end!r}, the translation does not")]
            return []
    if t[-1] in ".:!?" and s[-1].isalnum():
        return [("warning", f"the translation ends with {t[-1]!r}, the source does not")]
    return []


@check("length", WARNING)
def length(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    ls, lt = len(src), len(tgt)
    if ls < 12:
        return [("warning", f"translation is {lt} characters for a {ls}-character source")] if lt > 8 * ls + 20 else []
    cjk = plurals.language(ctx.target_locale) in ("ja", "zh", "ko")
    low, high = (0.15, 3.0) if cjk else (0.33, 3.0)
    ratio = lt / ls
    if ratio > high or ratio < low:
        return [("warning", f"length ratio {ratio:.2f} is outside {low}-{high}")]
    return []


_NO_MARKERS = str.maketrans("", "", "_&~")


@check("copied", WARNING)
def copied(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    if src.translate(_NO_MARKERS).strip().lower() != tgt.translate(_NO_MARKERS).strip().lower():
        return []  # cheap pre-test: only a near-identical pair can be a copy
    plain = strip_accelerator(src)
    words = [w for w in WORD_RE.findall(plain) if any(c.isalpha() for c in w)]
    if len(words) >= 2 and plain.strip().lower() == strip_accelerator(tgt).strip().lower():
        return [("warning", "translation is identical to the source")]
    return []


def _repeats(text: str) -> int:
    """The longest tandem repeat: the same word or 2-4 word sequence back to back (hallucination
    loops like "the file the file the file"); ordinary reuse of words across a sentence is not one."""
    words = [w.lower() for w in WORD_RE.findall(text)]
    if len(set(words)) == len(words):  # no word twice: no tandem repeat
        return 1 if words else 0
    best = 1
    for n in (1, 2, 3, 4):
        for start in range(len(words) - 2 * n + 1):
            gram = words[start:start + n]
            count = 1
            pos = start + n
            while words[pos:pos + n] == gram:
                count += 1
                pos += n
            best = max(best, count)
    return best


@check("pipes", WARNING)
def pipes(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """vue-i18n and Docusaurus keep plural forms apart with "|" (JSON): the count must survive.  In
    other text a "|" is literal syntax (`cd [-L|[-P]]`, `a | b`): machine output that changes it fails."""
    a, b = src.count("|"), tgt.count("|")
    if a == b or (ctx.pipe_plural_forms is not None and 1 <= b + 1 <= max(ctx.pipe_plural_forms, 2)):
        return []
    if ctx.pipe_forms:
        return [("warning", f"the source has {a} '|' separator(s) (plural forms in vue-i18n/Docusaurus), "
                            f"the translation {b}")] if a else []
    return [("error" if ctx.machine else "warning", f"the source has {a} '|', the translation {b}")]


@check("unknown", ERROR)
def unknown_token(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """"⁇" is how sentencepiece writes a token the model does not know: a character went missing."""
    if "\u2047" in tgt and "\u2047" not in src:
        return [("error", "the translation contains '\u2047' (a character the model could not write)")]
    return []


@check("no-text", ERROR)
def no_text(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """A source with words whose translation has no letter at all ("Close" -> "-")."""
    if any(c.isalpha() for c in tgt) or not any(len(w) > 1 and w.isalpha() for w in WORD_RE.findall(src)):
        return []
    return [("error" if ctx.machine else "warning", "the translation has no words")]


@check("repetition", ERROR)
def repetition(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """Hallucination guard: an n-gram repeated far more often in the translation than the source."""
    rt = _repeats(tgt)
    if rt >= 3 and rt > _repeats(src) + 1:  # a person's keyword list ("renamer;penama semula;menamakan semula")
        return [("error" if ctx.machine else "warning", f"repeated words or phrases ({rt}x), likely a hallucination")]
    return []


# ---------------------------------------------------------------- names, brackets, usage lines (issue 13)
# (what they look for: localize/syntax.py)
def _mostly_latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch <= "\u024f" for ch in letters) * 2 > len(letters)


@check("names", ERROR)
def names_kept(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """An identifier or name of the source (snake_case, CamelCase, file and command names) must come back
    unchanged, unless it is a glossary term with a translation; an ALL-CAPS word of a mixed-case source
    (COMMANDS, FILE) may be translated but must stay a capitalized word.  An error in machine output; a
    warning in a person's translation (translators do translate usage metavariables: local_port)."""
    terms = {s.lower() for s, t in ctx.glossary if t and t != s}
    missing = [n for n in dict.fromkeys(names(src)) if n.lower() not in terms and not name_in(n, tgt)]
    caps_src = [w for w in caps_words(src) if w.lower() not in terms]
    caps_tgt = caps_any_script(tgt)
    out = []
    if missing:
        out.append(("error" if ctx.machine else "warning",
                    "name(s) of the source missing or altered: " + " ".join(sorted(missing))))
    # an acronym (BMP, GIF, USB: protect.acronyms) stays as it is in a translation written in Latin letters
    # ("supported formats: BMP, JPEG, GIF, PNG" had come back "BMP, JPEG, PNG, PNG, PDF, PNG")
    acr = [w for w in dict.fromkeys(CAPS_RE.findall(src)) if w in acronyms() and w.lower() not in terms]
    if acr and _mostly_latin(tgt):
        lost = [w for w in acr if not re.search(rf"(?<![A-Za-z]){w}(?![A-Za-z])", tgt)]
        if lost:
            out.append(("error" if ctx.machine else "warning", "acronym(s) of the source missing: " + " ".join(lost)))
            return out
    # Chinese, Japanese and Korean have no capitals: a translated metavariable ("目录") cannot stay one
    if caps_src and len(caps_tgt) < len(caps_src) and plurals.language(ctx.target_locale) not in ("zh", "ja", "ko"):
        out_words = set(WORD_RE.findall(tgt))
        if any(w not in out_words for w in caps_src):
            out.append(("error" if ctx.machine else "warning",
                        f"{len(caps_src)} capitalized word(s) in the source ({' '.join(sorted(set(caps_src)))}), "
                        f"{len(caps_tgt)} in the translation"))
    return out


@check("brackets", ERROR)
def brackets(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """Brackets and quotes the source balances must be balanced in the translation."""
    out = []
    if balanced(src) and not balanced(tgt):
        out.append(("error" if ctx.machine else "warning", "brackets are balanced in the source, not in the translation"))
    if quotes_balanced(src) and not quotes_balanced(tgt):
        out.append(("error" if ctx.machine else "warning", "quotes are balanced in the source, not in the translation"))
    return out


@check("usage", ERROR)
def usage_syntax(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """In a code-like usage line the syntax (brackets, bars, semicolons, options) and the keywords (the
    command, words after `;` or `[ `) stay as they are; metavariables may be translated."""
    src_lines, tgt_lines = src.split("\n"), tgt.split("\n")
    if ctx.pipe_forms or len(src_lines) != len(tgt_lines):
        return []
    for s, t in zip(src_lines, tgt_lines):
        if not is_usage(s):
            continue
        if syntax_shape(s) != syntax_shape(t):
            return [("error" if ctx.machine else "warning", f"the syntax of the usage line changed: {t.strip()!r}")]
        kw_s, kw_t = ["".join(k) for k in KEYWORD_RE.findall(s)], ["".join(k) for k in KEYWORD_RE.findall(t)]
        if kw_s != kw_t:
            return [("error" if ctx.machine else "warning", "keywords of the usage line changed: "
                     + " ".join(k for k in kw_s if k not in kw_t))]
    return []


# A negation of the source ("not", "can't", "no", "without") that the machine output lost: "If you don't
# update the file" -> "Wenn Sie die Datei aktualisieren".  Per target language, the words (and prefixes)
# that can carry a negation; people rephrase ("is not a valid file" -> "muss eine gültige Datei sein") in
# 5-7% of negated corpus strings, so this is a warning, for machine output only: the n-best choice then
# prefers a hypothesis that keeps the negation.
NEGATION_EN = re.compile(r"\b(?:not|no|never|cannot|can't|don't|doesn't|didn't|won't|isn't|aren't|wasn't|weren't|"
                         r"couldn't|shouldn't|wouldn't|haven't|hasn't|without|none|nothing|unable|nor|neither)\b", re.I)
NEGATION = {
    "de": r"\b(?:nicht\w*|kein\w*|nie|niemals|ohne|nichts|weder|nein|un\w+|\w+los|\w*fehl\w*)\b",
    "fr": r"\b(?:ne|pas|non|jamais|aucune?|sans|rien|impossible|ni|in\w+|é?chec)\b|\bn['’]",
    "es": r"\b(?:no|nunca|ningún|ninguno|ninguna|sin|nada|imposible|ni|in\w+|error)\b",
    "it": r"\b(?:non|nessun\w*|mai|senza|niente|impossibile|né|in\w+)\b",
    "pt": r"\b(?:não|nunca|nenhum\w*|sem|nada|impossível|nem|in\w+)\b",
    "nl": r"\b(?:niet|geen|nooit|zonder|niets|onmogelijk|noch|on\w+)\b",
    "pl": r"\b(?:nie\w*|żadn\w*|nigdy|bez|nic|ani|brak\w*)\b",
    "ru": r"(?:не|нет|никогда|без|ничего|невозможно|ни|отсутств)",
    "ja": r"(?:ない|ません|無|不|なし|未|非|ず)", "zh": r"(?:不|没|無|无|未|非|别|勿)",
}


@check("negation", WARNING)
def negation(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    pattern = NEGATION.get(plurals.language(ctx.target_locale))
    if not ctx.machine or pattern is None or not NEGATION_EN.search(src) or re.search(pattern, tgt, re.I):
        return []
    return [("warning", "the source has a negation the translation seems to lack")]


@check("formality", WARNING)
def formality_kept(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    """Machine output addresses the user in the locale's register (`[project] formality`): "du" where the
    project says "Sie" is a warning, and the n-best choice prefers a hypothesis without it."""
    if not ctx.machine or not ctx.formality:
        return []
    word = clashes(tgt, ctx.target_locale, ctx.formality)
    return [("warning", f"{'informal' if ctx.formality == 'formal' else 'formal'} address ({word!r}) where the "
             f"project's register is {ctx.formality}")] if word else []


@check("language", WARNING)
def wrong_language(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    if not ctx.target_locale or len(WORD_RE.findall(tgt)) < 4:
        return []
    from . import langid
    # verify mode (benchmarked: 98-100% precision): is it the target language or still the source's?
    guess = langid.detect(tgt, candidates=[ctx.source_lang, ctx.target_locale], prior=ctx.target_locale)
    if guess.lang and plurals.language(guess.lang) != plurals.language(ctx.target_locale):
        return [("warning", f"looks like {guess.lang}, not {ctx.target_locale} ({guess.confidence:.2f})")]
    return []


_LETTER_WORD = re.compile(r"[^\W\d_]{3,}")


def may_still_be_source(source: str, output: str) -> bool:
    """The language check verifies "target language, not the source's" (the candidates are those
    two).  Output that shares under a third of its words with the source cannot still be the source
    text, so only the others need the (costly) statistics."""
    words = [w.lower() for w in _LETTER_WORD.findall(output)]
    if len(words) < 4:
        return False  # the check needs 4+ words anyway
    src = {w.lower() for w in _LETTER_WORD.findall(source)}
    return sum(w in src for w in words) * 3 >= len(words)


def language_issues(sources: list[str], texts: list[str], source_lang: str, locale: str) -> list[Issue | None]:
    """The `language` check for many translations of one locale at once (parallel statistics)."""
    from . import langid
    todo = [i for i, (s, t) in enumerate(zip(sources, texts))
            if len(WORD_RE.findall(t)) >= 4 and may_still_be_source(s, t)]
    guesses = langid.detect_many([texts[i] for i in todo], [source_lang, locale], locale)
    out: list[Issue | None] = [None] * len(texts)
    for i, g in zip(todo, guesses):
        if g.lang and plurals.language(g.lang) != plurals.language(locale):
            out[i] = Issue("language", WARNING, f"looks like {g.lang}, not {locale} ({g.confidence:.2f})", locale=locale)
    return out


@check("glossary", WARNING)
def glossary_terms(src: str, tgt: str, ctx: Context) -> list[tuple[str, str]]:
    out = []
    for term, required in ctx.glossary:
        if required and required.lower() not in tgt.lower():
            out.append(("warning", f"glossary: {term!r} should be translated as {required!r}"))
    return out


def check_pair(src: str, tgt: str, ctx: Context, skip: set[str] | None = None) -> list[Issue]:
    issues: list[Issue] = []
    if not tgt.strip():
        if any(ch.isalpha() for ch in src) and tgt == "" and not ctx.machine:
            return issues  # untranslated, not wrong
        if any(ch.isalpha() for ch in src):
            issues.append(Issue("empty", ERROR, "the translation is empty", locale=ctx.target_locale))
        return issues
    for name, _sev, fn in CHECKS:
        if skip and name in skip:
            continue
        for sev, msg in fn(src, tgt, ctx):
            issues.append(Issue(name, sev, msg, locale=ctx.target_locale))
    return issues


def expected_forms(seg_plural_categories: list[str], locale: str, fmt: str, header_nplurals: int | None) -> int:
    if seg_plural_categories:
        return len(plurals.categories(locale))
    return header_nplurals or plurals.nplurals(locale)


def check_pipe_plural(source: str, target: str, ctx: Context, n_forms: int) -> list[Issue]:
    """A Docusaurus plural message ("One post|{count} posts"): each "|" form against the source form it
    translates, as gettext plural forms are; more forms than the language's `n_forms` is a warning
    (Docusaurus logs an error and ignores the rest)."""
    src, tgt = source.split("|"), target.split("|")
    issues = check_segment(src[0], src[-1], tgt, ctx, None, skip={"language", "pipes"})
    if len(tgt) > max(n_forms, 1):
        issues.append(Issue("pipes", WARNING, f"{len(tgt)} plural forms, {ctx.target_locale} has {n_forms}",
                            locale=ctx.target_locale))
    return issues


def check_segment(source: str, source_plural: str | None, targets: list[str], ctx: Context,
                  n_forms: int | None = None, skip: set[str] | None = None,
                  sources: list[str] | None = None) -> list[Issue]:
    """All checks on one segment: each plural form against the source form it translates (`sources`,
    Segment.form_sources(), where the forms include an explicit zero; else form 0 the singular)."""
    if not targets or not any(targets):
        return []
    issues: list[Issue] = []
    if source_plural is not None:
        if n_forms is not None and len(targets) != n_forms:
            issues.append(Issue("plurals", ERROR, f"{len(targets)} plural forms, {ctx.target_locale} needs {n_forms}",
                                locale=ctx.target_locale))
        empty = [i for i, t in enumerate(targets) if t == ""]
        if empty:  # a form only 1000000 or 1,5 selects (Spanish "many", Polish "other"): i18next falls back
            rare = all(i in ctx.rare_forms for i in empty)
            fallback = ctx.other_answers and targets[-1] != ""
            issues.append(Issue("plurals", WARNING if rare or fallback else ERROR, f"plural form(s) {empty} empty"
                                + (" (only big numbers or fractions select them)" if rare else
                                   " (the \"other\" form answers for them)" if fallback else ""),
                                locale=ctx.target_locale))
        rules = ctx.format_rules
        union = format_spans(source, rules) | format_spans(source_plural, rules)
        if sources is not None and len(sources) == len(targets):
            for s in set(sources) - {source, source_plural}:
                union |= format_spans(s, rules)
        else:
            sources = None
        for i, t in enumerate(targets):
            if not t:
                continue
            ref = sources[i] if sources else source if i == 0 and len(targets) > 1 else source_plural
            found = [x for x in check_pair(ref, t, ctx, (skip or set()) | {"placeholders"})]
            for x in found:  # which form, as the placeholder findings say (one message per form otherwise repeats)
                x.message = f"form {i}: {x.message}"
            issues += found
            extra = Counter(positional_key(p) for p in format_spans(t, rules).elements()) - \
                Counter(positional_key(p) for p in union.elements())
            missing = Counter(positional_key(p) for p in format_spans(ref, rules).elements()) - \
                Counter(positional_key(p) for p in format_spans(t, rules).elements())
            # form 0 may leave out the count ("One file" for "%d files") in one-category languages
            if extra:
                issues.append(Issue("placeholders", ERROR, f"form {i}: unexpected placeholder(s): "
                                    + " ".join(sorted(extra.elements())), locale=ctx.target_locale))
            # a form only one number selects may spell it out ("نتيجتان", two results)
            if missing and not (ref != source_plural if sources else i == 0 or len(targets) == 1) \
                    and i not in ctx.single_forms:
                issues.append(Issue("placeholders", ERROR, f"form {i}: missing placeholder(s): "
                                    + " ".join(sorted(missing.elements())), locale=ctx.target_locale))
        return issues
    return check_pair(source, targets[0], ctx, skip)
