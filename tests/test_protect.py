"""Protection rules: one case per syntax; mask/unmask round trips; engine faults are detected."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localize.protect import MASK_RE, mask, mask_pair, place_accelerator, unmask

CASES = [
    ("Delete %s files?", ["%s"]),
    ("%1$s of %2$s", ["%1$s", "%2$s"]),
    ("%-10.3f%% done", ["%-10.3f", "%%"]),
    ("Size: %lu bytes, %zu items", ["%lu", "%zu"]),
    ("%hhu %lld %jd %Lf %lf %ls %I64d %5.2e", ["%hhu", "%lld", "%jd", "%Lf", "%lf", "%ls", "%I64d", "%5.2e"]),
    ("%%  een %-teken", ["%%", "-teken"]),           # Dutch "a % sign": no %te (t goes with integers only)
    ("read %<PRIuMAX> bytes", ["%<PRIuMAX>"]),
    ("%(count)d items in %(folder)s", ["%(count)d", "%(folder)s"]),
    ("{name} and {0} and {name!r:>10} and {}", ["{name}", "{0}", "{name!r:>10}", "{}"]),
    ("Hello {{name}}, {{- html}} and $t(common.ok)", ["{{name}}", "{{- html}}", "$t(common.ok)"]),
    ("{n, number} files on {d, date, short}", ["{n, number}", "{d, date, short}"]),
    ("%{count} records", ["%{count}"]),
    ("Copied %1 of %L2", ["%1", "%L2"]),
    ("Close #1 tabs of #2?", ["#1", "#2"]),
    ("%a, %d %b %Y %H:%M:%S %z", ["%a", "%d", "%b", "%Y", "%H", "%M", "%S", "%z"]),  # strftime: nothing to translate
    ("Updated on %B %-d, %Y", ["%B", "%-d", "%Y"]),                                   # Mozilla PluralForm numbers
    ("<b>Bold</b> and <a href=\"x.html\">link</a><br/>", ["<b>", "</b>", '<a href="x.html">', "</a>", "<br/>"]),
    ("Tom &amp; Jerry &#169; &#x2014; now", ["&amp;", "&#169;", "&#x2014;"]),
    ("See https://example.org/a?b=c. Or www.gnu.org", ["https://example.org/a?b=c", "www.gnu.org"]),
    ("Mail bugs@example.org now", ["bugs@example.org"]),
    ("Edit /etc/fstab or ~/.config/app.conf", ["/etc/fstab", "~/.config/app.conf"]),
    ("Use --help or -v, --output=FILE", ["--help", "-v", "--output=FILE"]),
    ("Set $HOME and ${PREFIX}", ["$HOME", "${PREFIX}"]),
    ("Line one\nLine two", ["\n"]),
    ("Literal \\n escape", ["\\n"]),
    ("Read the <0>docs</0> or <1/> now", ["<0>", "</0>", "<1/>"]),
    ("Hello, $USER$! $COUNT$ tabs", ["$USER$", "$COUNT$"]),
    ("Garbage in ARGP_HELP_FMT: %s, see LC_ALL", ["ARGP_HELP_FMT", "%s", "LC_ALL"]),
    ("Run `npm install` first", ["`npm install`"]),
    ("Hello {$INTERPOLATION}, see {$START_TAG_SPAN}docs{$CLOSE_TAG_SPAN}",
     ["{$INTERPOLATION}", "{$START_TAG_SPAN}", "{$CLOSE_TAG_SPAN}"]),
    ("Delete %@ and %1$@?", ["%@", "%1$@"]),
    ("The :attribute must be at least :min characters.", [":attribute", ":min"]),
    ("**Warning:** cannot be undone", ["**", "**"]),
    ("@:_reusableBaseText.save", ["@:_reusableBaseText.save"]),                     # vue-i18n linked messages
    ("Hello @.lower:common.name, see @:(menu.help) and @:{'app title'}.",
     ["@.lower:common.name", "@:(menu.help)", "@:{'app title'}"]),
    ("{count} apples | {'@'}user", ["{count}", "|", "{'@'}"]),   # " | " kept in place (JSON splits it off first)
    ("You have {{PLURAL:$1|one apple|$1 apples}}.", ["{{PLURAL:$1|", "|", "$1", "}}"]),   # MediaWiki / jquery.i18n
    ("%unit% has {{plural:%amount%|one=one unit|other=%amount% units}}",             # FreeCol-style labels
     ["%unit%", "{{plural:%amount%|one=", "|other=", "%amount%", "}}"]),
    ("Hi {{name}} | {{count, number}}", ["{{name}}", "|", "{{count, number}}"]),     # i18next: still whole
    ("Enter {'{'}\"key\": 1{'}'} or {'{empty object}'}", ["{'{'}", "{'}'}", "{'{empty object}'}"]),
    ("See https://www.npmjs.com/package/{'@'}n8n/chat.", ["https://www.npmjs.com/package/{'@'}n8n/chat"]),
    # MediaWiki / jquery.i18n / shell numbered arguments; a price is kept verbatim too ("$1.50" is not one)
    ("$1 edited $2 (costs $5, not $1.50)", ["$1", "$2", "$5"]),
    # Perl POD formatting codes (po4a man-page catalogs): B<>/I<>/S<> around translated words, the rest whole
    ("Use B<dpkg> with I<package-name>, C<--force-all> and F</etc/x/>; see L<dh_make|dh_make(1)>.",
     ["B<", ">", "I<", ">", "C<--force-all>", "F</etc/x/>", "L<dh_make|dh_make(1)>"]),
    ("B<-p>I<package>, B<--package=>I<package>", ["B<", "-p", ">", "I<", ">", "B<", "--package", ">", "I<", ">"]),
    ("E<lt>fileE<gt> and B<< $a->b >> and S<I<x> y>", ["E<lt>", "E<gt>", "B<< $a->b >>", "S<", "I<", ">", ">"]),
    ("B<nocheck>-/B<nostrip>-options", ["B<", ">", "B<", ">", "-options"]),
    ("Run \\fBapt-get\\fR \\fIupdate\\fP \\(em now \\-q", ["\\fB", "\\fR", "\\fI", "\\fP", "\\(em", "\\-"]),
    ("&apt-get; fetches from &debian-name; mirrors", ["&debian-name;"]),  # a leading entity stays aside
    ("Press <kbd>Ctrl</kbd>+<kbd>C</kbd> or B<br>",                  # HTML, not POD; keys whole, lone capitals
     ["<kbd>Ctrl</kbd>", "<kbd>C</kbd>", "B", "<br>"]),
    ("Press <key>Enter</key>, run <cmd>ls -l</cmd>", ["<key>Enter</key>", "<cmd>ls -l</cmd>"]),  # Mallard
    ("X (%s):", ["X", "%s"]),                                          # the engine wrote "Y (%s):"
    ("A file and I", []),                                              # English words
    ('<html><style type="text/css">p { margin: 0px;}</style>Hi', ["<html>", '<style type="text/css">p { margin: 0px;}</style>']),
    # HexChat text events: colour codes, reset, tab, arguments (tests/fixtures/po/hexchat)
    ("%C22*%O$tCannot join %C22$1 %O(%C20You are banned%O).",
     ["%C22", "%O", "$t", "%C22", "$1", "%O", "%C20", "%O"]),
    # usage syntax keeps its "..." (the model writes "…" in German); a prose "Loading..." is translated
    ("Usage: %s [OPTION]... [FILE]...", ["%s", "...", "..."]),
    ("B<--with> I<addon>[B<,>I<addon> ...]", ["B<", "--with", ">", "I<", ">", "B<", ">", "I<", ">", "..."]),
]


@pytest.mark.parametrize("text,spans", CASES)
def test_rule_masks_exactly(text: str, spans: list[str]) -> None:
    m = mask(text, accel="")
    assert m.spans == spans
    assert unmask(m.text, m).text == text


@pytest.mark.parametrize("text", ["100% sure", "and/or", "e-mail", "snake_case", "a well-known fact", "Tom & Jerry",
                                  "if x <3 and y> 2", "E_xit", "_OK", "FILE",
                                  "use `ls' to list", "unknown option to `s' or `y'",
                                  "Note: at 10:30 see key:value", "%(A=B?T:E)  if A equals B",
                                  "vaatii vastaavan ”end=”:n", "100%Bio", "*interna greška*:nevaljana",
                                  "Loading...", "Save As...", "Wait for it... then go"])
def test_prose_is_not_masked(text: str) -> None:
    # (capitals standing alone are symbols, kept: diff's "A=B?T:E" keeps its B, T and E)
    assert [s for s in mask(text, "_&").spans if not re.fullmatch(r"[B-HJ-Z]", s)] == []


def test_accelerator_removed_and_replaced() -> None:
    m = mask("Save _As…", "_")
    assert (m.text, m.accel_char, m.accel_letter) == ("Save As…", "_", "A")
    assert unmask("Speichern als…", m).text == "Speichern _als…"  # same letter at a word start
    assert unmask("Speichern unter…", m).text == "_Speichern unter…"  # no such letter: the first one
    assert place_accelerator("Enregistrer sous", "_", "s") == "Enregistrer _sous"
    assert place_accelerator("ファイル", "_", "F") == "ファイル(_F)"  # CJK: as the ja/zh_CN catalogs write it
    assert place_accelerator("リストを開く…", "_", "o") == "リストを開く(_O)…"
    assert place_accelerator("名前：", "_", "n") == "名前(_N)："
    assert place_accelerator("另存为...", "_", "a") == "另存为(_A)..."
    assert mask("&Open", "&").accel_letter == "O"


@pytest.mark.parametrize("text,prefix,body,suffix", [
    ("&laquo; First", "&laquo; ", "First", ""),                     # kaminari's pager: the arrow stays first
    ("Next &rsaquo;", "", "Next", " &rsaquo;"),
    ("&nbsp;in %d buffer", "&nbsp;", "in ⟦0⟧ buffer", ""),
    ("Loading&hellip;", "", "Loading", "&hellip;"),
    ("&ldquo;Hi&rdquo;", "&ldquo;", "Hi", "&rdquo;"),
    ("&quot;%s&quot; not found", "", "⟦0⟧⟦1⟧⟦2⟧ not found", ""),       # a quote pair moves with the words
    ("&laquo;%s&raquo; introuvable", "", "⟦0⟧⟦1⟧⟦2⟧ introuvable", ""),
    ("&hellip;", "", "⟦0⟧", ""),                                      # nothing left to translate: masked
])
def test_entities_at_the_edges_stay_there(text: str, prefix: str, body: str, suffix: str) -> None:
    m = mask(text)
    assert (m.prefix, m.text, m.suffix) == (prefix, body, suffix)
    assert unmask(m.text, m).text == text


@pytest.mark.parametrize("text,letter,body", [
    ("Mo_ve to Trash", "v", "Move to Trash"),         # GTK: a mnemonic inside a capitalized word (baobab)
    ("E&xit", "x", "Exit"),                          # Qt
    ("Move do&wn", "w", "Move down"),                # Qt, in a lowercase word (KeePassXC): not a name "wn"
    ("Move u&p", "p", "Move up"),
    ("Pre_ferences", "f", "Preferences"),
    ("Open file_name", "", "Open file_name"),         # an identifier, not an accelerator
    ("Mixed_Case value", "", "Mixed_Case value"),
    ("Cell spaci_ng:", "n", "Cell spacing:"),         # gnome-terminal: a form label, a lowercase word
    ("Built-in sche_mes:", "m", "Built-in schemes:"),
    ("Save a_s…", "s", "Save as…"),
    ("Set file_name to x", "", "Set file_name to x"), # no label: an identifier
])
def test_accelerator_inside_a_word(text: str, letter: str, body: str) -> None:
    from localize.syntax import names
    m = mask(text, accel="_&")
    assert (m.accel_letter, m.text) == (letter, body)
    assert unmask(m.text, m).text == text
    assert bool(names(text)) == (not letter)          # "Mo_ve" is not a name the translation must keep


def test_ampersand_of_a_query_string_is_no_accelerator() -> None:
    m = mask("Open ?page=1&sort=asc", accel="_&")
    assert m.accel_char == "" and unmask(m.text, m).text == "Open ?page=1&sort=asc"


@pytest.mark.parametrize("text,prefix,body,suffix", [
    ("<b>Interface</b>", "<b>", "Interface", "</b>"),                 # GNOME/Xfce section headers
    ("<b> General </b>", "<b> ", "General", " </b>"),
    ('<span weight="bold">Colors</span>', '<span weight="bold">', "Colors", "</span>"),
    ("&laquo;<b>Open</b>&raquo;", "&laquo;<b>", "Open", "</b>&raquo;"),
    ("<b><i>Deep</i></b>", "<b><i>", "Deep", "</i></b>"),
    ("<b>a</b> or <b>b</b>", "", "⟦0⟧a⟦1⟧ or ⟦2⟧b⟦3⟧", ""),          # two pairs: nothing wraps the whole
    ("<i>Not at all:</i> means you", "", "⟦0⟧Not at all:⟦1⟧ means you", ""),
])
def test_a_tag_pair_around_the_whole_text_stays_out_of_the_engine(text: str, prefix: str, body: str,
                                                                   suffix: str) -> None:
    m = mask(text)
    assert (m.prefix, m.text, m.suffix) == (prefix, body, suffix)
    assert unmask(m.text, m).text == text


def test_training_pairs_peel_the_same_wrapper() -> None:
    assert mask_pair("<b>Interface</b>", "<b>Oberfläche</b>") == ("Interface", "Oberfläche")
    assert mask_pair("<b>Interface</b>", "Oberfläche") is None         # the translator dropped the markup


def test_whitespace_kept_aside() -> None:
    m = mask("  Hello world \n")
    assert (m.prefix, m.text, m.suffix) == ("  ", "Hello world", " \n")
    assert unmask("Hallo Welt", m).text == "  Hallo Welt \n"


def test_lost_and_duplicated_masks_are_reported() -> None:
    m = mask("Move %s to %s")
    assert not unmask("Verschieben ⟦0⟧", m).ok
    r = unmask("⟦0⟧ ⟦0⟧ ⟦1⟧", m)
    assert r.duplicated == [0]
    assert unmask("⟦1⟧ nach ⟦0⟧", m).ok  # positional reordering is fine


def test_mask_pair_numbers_target_like_source() -> None:
    assert mask_pair("Move %1$s to %2$s", "%2$s: %1$s verschieben") == ("Move ⟦0⟧ to ⟦1⟧", "⟦1⟧: ⟦0⟧ verschieben")
    assert mask_pair("Open %s", "Öffnen") is None  # a target that drops a placeholder is not training data
    assert mask_pair("_Save", "Spei_chern") == ("Save", "Speichern")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word ", "%s", "{x}", "<b>", "</b>", "{{n}}", "\n", " ", "&amp;", "--all", "é", "_F",
                                 "http://a.b/c", "%%", "%(x)s"]), max_size=12).map("".join))
def test_mask_unmask_identity(text: str) -> None:
    m = mask(text, "_&")
    assert unmask(m.text, m).text == text
    assert all(0 <= int(x) < len(m.spans) for x in MASK_RE.findall(m.text))


@pytest.mark.parametrize("source,output,expected", [
    ("Quit", "beenden", "Beenden"),
    ("Save _As", "speichern unter", "Speichern unter"),
    ('"Open"', "«ouvrir»", "«Ouvrir»"),
    ("%s files", "%s Dateien", "%s Dateien"),
    ("iPhone settings", "iPhone-Einstellungen", "iPhone-Einstellungen"),
    ("quit", "beenden", "beenden"),
    ("Run `npm install` now", "`npm install` ausführen", "`npm install` ausführen"),
    ("✓ Saved", "✓ gespeichert", "✓ Gespeichert"),
])
def test_initial_capital_follows_the_source(source: str, output: str, expected: str) -> None:
    m = mask(source, "_")
    assert unmask(mask(output, "").text, m).text.replace("_", "") == expected


@pytest.mark.parametrize("text,body,folded", [
    ("CPU: %s%%", "CPU: ⟦0⟧⟦1⟧", False),        # xfce4-taskmanager: folded, "Cpu" came back as "KAPU"
    ("RSS", "RSS", False),
    ("VSZ", "VSZ", False),                      # no vowel: no word to fold
    ("OK", "OK", False),
    ("USB DEVICE NOT FOUND", "USB device not found", True),   # the acronym keeps its capitals
    ("SAVE", "Save", True),                     # a word shouted: folded, capitals restored after
])
def test_acronyms_are_not_folded(text: str, body: str, folded: bool) -> None:
    m = mask(text, "_")
    assert (m.text, m.upper) == (body, folded)
    assert unmask(m.text, m).text == text


def test_all_caps_goes_to_the_engine_in_sentence_case_and_comes_back_in_capitals() -> None:
    m = mask("FILE NOT FOUND: %s", "_")
    assert (m.text, m.upper) == ("File not found: ⟦0⟧", True)
    assert unmask("Datei nicht gefunden: ⟦0⟧", m).text == "DATEI NICHT GEFUNDEN: %s"
    s = mask("_SAVE ALL", "_")
    assert s.text == "Save all" and unmask("Alle speichern", s).text.replace("_", "") == "ALLE SPEICHERN"
    assert not mask("Delete ALL files").upper and not mask("%s: %d").upper
    assert mask_pair("SAVE", "SPEICHERN") == ("SAVE", "SPEICHERN")  # memory and training keep the case


def test_rule_triggers_never_change_what_is_found() -> None:
    """protect.TRIGGERS skips a rule whose trigger characters a text lacks: on real strings (a sample of
    the corpora, both sides) the spans are the same as with every rule run."""
    import random

    from localize import protect
    from localize.corpus import read_pairs
    root = Path(__file__).resolve().parent.parent / "corpora"
    texts = [t for lang in ("de", "ja") for p in read_pairs(root, lang, {"dev"}, ("data", "web"))
             for t in (p.source, p.target)]
    random.Random(3).shuffle(texts)
    texts = texts[:20000] + ["{{n}} %s %(x)d %1$s %{a} %name% %#@v@ %% $t(k) $HOME LC_ALL <b>x</b> `c` **b** "
                             "&amp; http://x.org a@b.org /usr/bin --opt \\n \t a   b :attr {$I} { -brand } "
                             "@:k.a @.upper:b {'@'}"]
    with_triggers = [protect._find_spans(t, protect.RULES) for t in texts]
    with_dnt = [protect._find_spans(t, (protect.Rule("dnt", re.compile("HexChat")),) + protect.RULES) for t in texts]
    every_rule = tuple(protect.Rule(r.name, r.pattern) for r in protect.RULES)  # copies: the generic path,
    # where (with TRIGGERS emptied) every rule runs on every text
    triggers = protect.TRIGGERS
    try:
        protect.TRIGGERS = {}
        assert [protect._find_spans(t, every_rule) for t in texts] == with_triggers
        assert [protect._find_spans(t, (protect.Rule("dnt", re.compile("HexChat")),) + every_rule)
                for t in texts] == with_dnt
    finally:
        protect.TRIGGERS = triggers


@pytest.mark.parametrize("source,output,locale,want", [
    ("FILE NOT FOUND", "dosya bulunamadı", "tr", "DOSYA BULUNAMADI"),   # dotless ı -> I
    ("FILE NOT FOUND", "dosya silinemedi", "tr_TR", "DOSYA SİLİNEMEDİ"),  # dotted i -> İ
    ("FILE NOT FOUND", "fayl tapılmadı", "az", "FAYL TAPILMADI"),
    ("FILE NOT FOUND", "dosya silinemedi", "de", "DOSYA SILINEMEDI"),   # elsewhere the usual capitals
    ("Import", "içe aktar", "tr", "İçe aktar"),                          # the initial capital too
    ("Import", "importieren", "de", "Importieren"),
])
def test_capitals_are_restored_as_the_target_language_writes_them(source: str, output: str, locale: str,
                                                                   want: str) -> None:
    assert unmask(output, mask(source), locale).text == want


def test_spaces_the_engine_puts_inside_tight_markup_are_taken_out() -> None:
    """debhelper's "I<never>" came back "I< niemals>" from the engine: where the source closes markup tightly
    around a word, a space inside it goes; a space the source has stays."""
    m = mask("This symbol will I<never> be <b>bold</b> here.", accel="")
    assert m.text == "This symbol will ⟦0⟧never⟦1⟧ be ⟦2⟧bold⟦3⟧ here."
    out = unmask("Dieses Symbol wird ⟦0⟧ niemals ⟦1⟧ sein ⟦2⟧ fett ⟦3⟧ hier.", m).text
    assert out == "Dieses Symbol wird I<niemals> sein <b>fett</b> hier."
    loose = mask("Press <b> OK </b> now", accel="")
    assert unmask("Drücken Sie ⟦0⟧ OK ⟦1⟧ jetzt", loose).text == "Drücken Sie <b> OK </b> jetzt"


def test_tags_around_words_go_back_around_their_translation() -> None:
    """Mallard/HTML: "Click <gui>Preferences</gui> in the <gui>Calculator</gui> menu." is translated without
    the tags and the words alone; the tags go back around the words' translation where it occurs once."""
    from localize.shards import project, tag_pairs
    m = mask('Click <gui style="menuitem">Preferences</gui> in the <gui style="menu">Calculator</gui> menu.')
    pairs = tag_pairs(m)
    assert [p.group(2) for p in pairs] == ["Preferences", "Calculator"]
    out = project("Klicken Sie im Menü Rechners auf Einstellungen.", pairs, ["Einstellungen", "Rechner"], "de")
    assert out is not None
    assert unmask(out, m).text == ('Klicken Sie im Menü <gui style="menu">Rechners</gui> auf '
                                   '<gui style="menuitem">Einstellungen</gui>.')
    assert project("Klicken Sie auf Einstellungen.", pairs, ["Einstellungen", "Rechner"], "de") is None  # not found
    assert project("「計算機」メニューの「設定」をクリック", pairs, ["設定", "計算機"], "ja") is not None
    assert not tag_pairs(mask("You can change it in <guiseq><gui>Preferences</gui><gui>Format</gui></guiseq>."))


def test_key_elements_take_the_locales_key_names() -> None:
    """Mallard/DocBook/HTML key elements are masked whole (their text is no prose) and come back with the key
    named as the locale's keyboards and translators name it: German <key>Strg</key>, French <key>Maj</key>;
    letters, commands in <kbd> and languages that keep the English names are left alone."""
    from localize.protect import mask, unmask
    src = "Press <key>Ctrl</key>+<key>Shift</key>+<key>Del</key>, then <kbd>ls -l</kbd> and <key>Q</key>."
    m = mask(src)
    assert "Ctrl" not in m.text and "Del" not in m.text
    out = {loc: unmask(m.text, m, loc).text for loc in ("de", "fr", "es", "ru", "pt_BR")}
    assert out["de"] == "Press <key>Strg</key>+<key>Umschalt</key>+<key>Entf</key>, then <kbd>ls -l</kbd> and <key>Q</key>."
    assert "<key>Maj</key>" in out["fr"] and "<key>Suppr</key>" in out["fr"] and "<key>Ctrl</key>" in out["fr"]
    assert "<key>Mayús</key>" in out["es"]
    assert out["ru"] == out["pt_BR"] == src


def test_escaped_tags_are_masked_whole() -> None:
    """Android resources and HTML-in-XML strings write their markup escaped (apktool's test resources:
    "&lt;font size=16 align=middle>Small&lt;/font>"): the tag is masked whole, attributes unquoted or not,
    also at the start of the text (it was peeled as an entity and "font size=16" went to the engine)."""
    m = mask("&lt;font size=16 align=middle>Small&lt;/font>", "_")
    assert m.text == "⟦0⟧Small⟦1⟧"
    assert unmask("⟦0⟧Mały⟦1⟧", m, "pl").text == "&lt;font size=16 align=middle>Mały&lt;/font>"
    m = mask("&lt;a href=&quot;https://x.org&quot;&gt;Read more&lt;/a&gt; here", "_")
    assert m.text == "⟦0⟧Read more⟦1⟧ here"
    assert mask("&laquo; First", "_").text == "First"  # an entity at the edge is still peeled
    assert mask("a &lt; b", "_").text == "a ⟦0⟧ b"  # a lone "&lt;" is an entity, not a tag


def test_pod_command_and_option_names_are_masked_whole() -> None:
    """po4a catalogs of POD man pages (devscripts, dpkg's kind): B<annotate-output> came back "B‹ankündigen
    Ausgabe>", B<date>(1) "B<Datum>(1)", B<--> "B<->"; emphasis on words (B<Warning:>, I<file>) is still
    translated inside."""
    for text in ("Run B<dpkg-deb> to build", "See B<date>(1) for details", "End options with B<--> here"):
        m = mask(text, "_")
        assert "⟦0⟧" in m.text and "<" not in m.text, text
    assert mask("B<Warning:> be careful", "_").text == "⟦0⟧Warning:⟦1⟧ be careful"
    assert mask("I<file> is read", "_").text == "⟦0⟧file⟦1⟧ is read"


def test_rest_options_are_not_laravel_placeholders() -> None:
    """Sphinx's catalogs name reST options (":widths:", ":scale:"): no Laravel ":name" placeholder."""
    assert mask("use the :widths: option", "_").text == "use the :widths: option"
    assert mask("The :attribute must be set", "_").text == "The ⟦0⟧ must be set"


def test_dollar_before_pod_bold_is_no_shell_variable() -> None:
    """man-db's POD: "$B<MANPATH>" is a dollar sign and a bold variable name, not the shell variable $B."""
    m = mask("the value of $B<MANPATH> here", "_")
    assert "$B" not in [m.spans[int(i)] for i in MASK_RE.findall(m.text)]
    assert unmask(m.text, m).text == "the value of $B<MANPATH> here"


def test_texinfo_commands_without_text_are_kept_whole() -> None:
    """Texinfo's own catalogs (po_document): "@tie{}-- {category}: {name}" had its "{}" read as a placeholder
    (91 false "missing {}" errors), accents "@^{e}", "@`e" were loose letters; e-mail addresses stay e-mails."""
    m = mask("@tie{}-- {category}: {name}", "_")
    assert m.spans[0] == "@tie{}" and m.text == "⟦0⟧-- ⟦1⟧: ⟦2⟧"
    assert mask("Ap@^{e}ndice", "_").spans == ["@^{e}"]
    assert mask("Table des mati@`eres", "_").spans == ["@`e"]
    assert mask("contact user@example.com now", "_").spans == ["user@example.com"]
