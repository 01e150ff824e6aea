"""Texts that fell back to the primary language, marked so that a screen reader reads them
in their own language: in HTML an element with `lang`, in Word the run's language
(`w:lang`). Markdown has no way to say it.

The document context holds such a text as a `Fallback` (a str that knows its language).
The HTML and Word environments' `finalize` put markers around it: noncharacters
(U+FDD0-U+FDD2), which Unicode keeps for a program's internal use and `TextError` keeps out
of every plan text. After the template is rendered, `html` and `word` turn each marked
text into `<span lang="da">…</span>` or a run of its own with `<w:lang w:val="da-DK"/>`,
and take the markers away where no element can be (inside a tag, an attribute, <title>).
"""

from __future__ import annotations

import re

from sektorplan.i18n import Fallback

__all__ = ["Fallback", "html", "like", "stripped", "word", "wrapped"]

START, MIDDLE, END = "\ufdd0", "\ufdd1", "\ufdd2"
MARKERS = frozenset((START, MIDDLE, END))
_MARKED = re.compile(f"{START}([a-z]{{2}}){MIDDLE}(.*?){END}", re.S)
# The language of a Word run (w:lang): with the region, as Word writes them.
WORD_LANGUAGES = {"da": "da-DK", "kl": "kl-GL", "en": "en-GB"}


def like(source: str, text: str) -> str:
    """`text` (made from `source`, e.g. "BS-1 " + a title) marked as `source` is."""
    return Fallback(text, source.lang) if isinstance(source, Fallback) else text


def wrapped(lang: str, escaped: str) -> str:
    """The markers around an already escaped text, for `finalize`."""
    return f"{START}{lang}{MIDDLE}{escaped}{END}"


def stripped(text: str) -> str:
    if START not in text:
        return text
    return _MARKED.sub(lambda m: m.group(2), text)


_RAW_TEXT = re.compile(r"<(title|script|style|textarea)\b[^>]*>.*?</\1\s*>", re.S | re.I)


def html(page: str) -> str:
    """Each marked text in element content as `<span lang="…">`; elsewhere unmarked."""
    if START not in page:
        return page
    raw = [(m.start(), m.end()) for m in _RAW_TEXT.finditer(page)]
    out = []
    last = 0
    for match in _MARKED.finditer(page):
        start = match.start()
        out.append(page[last:start])
        in_tag = page.rfind("<", 0, start) > page.rfind(">", 0, start)
        in_raw = any(a <= start < b for a, b in raw)
        if in_tag or in_raw:
            out.append(match.group(2))
        else:
            out.append(f'<span lang="{match.group(1)}">{match.group(2)}</span>')
        last = match.end()
    out.append(page[last:])
    return "".join(out)


_RPR = re.compile(r"<w:rPr>.*?</w:rPr>|<w:rPr/>", re.S)
_LANG = re.compile(r"<w:lang\b[^>]*/>")
_AFTER_LANG = re.compile(r"<w:(?:eastAsianLayout|specVanish|oMath)\b")


def word(xml: str) -> str:
    """Each marked text inside a run's `<w:t>` as a run of its own, with the run's
    properties and its language; a marked text anywhere else only unmarked."""
    if START not in xml:
        return xml
    out = []
    last = 0
    for match in _MARKED.finditer(xml):
        start, end = match.span()
        out.append(xml[last:start])
        last = end
        lang, text = match.group(1), match.group(2)
        t_open = xml.rfind("<w:t", 0, start)
        inside_t = t_open >= 0 and xml.rfind("</w:t>", 0, start) < t_open
        inside_t = inside_t and xml[t_open + 4 : t_open + 5] in (">", " ")
        # The run that holds the text starts after the last run that ended before it (each
        # search bounded by that: a document may have no `<w:r>` or no `<w:r ` at all).
        after = max(xml.rfind("</w:r>", 0, start), 0)
        run = max(xml.rfind("<w:r>", after, start), xml.rfind("<w:r ", after, start))
        if not inside_t or run < 0:
            out.append(text)
            continue
        opening = xml[run : xml.index(">", run) + 1]
        rpr_match = _RPR.match(xml, run + len(opening))
        rpr = rpr_match.group() if rpr_match else ""
        out.append(
            "</w:t></w:r>"
            f"{opening}{_with_language(rpr, WORD_LANGUAGES.get(lang, lang))}"
            f'<w:t xml:space="preserve">{text}</w:t></w:r>'
            f'{opening}{rpr}<w:t xml:space="preserve">'
        )
    out.append(xml[last:])
    return "".join(out)


def _with_language(rpr: str, code: str) -> str:
    lang = f'<w:lang w:val="{code}"/>'
    if not rpr or rpr == "<w:rPr/>":
        return f"<w:rPr>{lang}</w:rPr>"
    if _LANG.search(rpr):
        return _LANG.sub(lang, rpr, count=1)
    later = _AFTER_LANG.search(rpr)
    at = later.start() if later else rpr.rindex("</w:rPr>")
    return rpr[:at] + lang + rpr[at:]
