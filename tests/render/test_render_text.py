"""The pieces every document is made of: Markdown escaping, Danish numbers and dates, the
label catalogues, GitHub-style anchors, readable badge colours."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from sektorplan.i18n import FALLBACK, catalogue_keys, labels
from sektorplan.model.money import total
from sektorplan.render.context import readable_text_colour, slug
from sektorplan.render.formatting import Formatter
from sektorplan.render.markdown import md_block, md_inline

PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Text as planners write it, weighted towards what Markdown would read as markup.
TRICKY = "*_`#|<>[]()!\\&;~$+-=.:1234567890 \t\nabcæøåÆØÅĸ🙂{}%\"'"
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=40)
# A plan's texts have no control characters (rule SP007) and are never blank.
plain_texts = texts.filter(
    lambda t: t.strip() and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\r]", t)
)


class _Text(HTMLParser):
    """The text a reader sees in rendered HTML, with <br> as a line break."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in ("p", "li", "h1", "td"):
            self.parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li", "h1", "td"):
            self.paragraphs.append("".join(self.parts))
            self.parts = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html.replace("<br />\n", "<br />"))
    return parser.paragraphs


@settings(max_examples=300, deadline=None)
@given(plain_texts)
def test_an_inline_value_renders_as_written(text: str) -> None:
    html = PARSER.render(f"- **Titel:** {md_inline(text)}\n")
    assert shown(html) == [f"Titel: {text}"]


@settings(max_examples=300, deadline=None)
@given(plain_texts)
def test_a_table_cell_renders_as_written(text: str) -> None:
    html = PARSER.render(f"| a | b |\n|---|---|\n| {md_inline(text)} | x |\n")
    cells = re.findall(r"<td>(.*?)</td>", html, flags=re.S)
    assert unescape(cells[0].replace("<br>", "\n")) == text


@settings(max_examples=300, deadline=None)
@given(plain_texts)
def test_a_paragraph_renders_as_written(text: str) -> None:
    html = PARSER.render(f"{md_block(text)}\n")
    # Markdown cannot show blank lines at the edges or how many blank lines part two
    # paragraphs; everything else must come through.
    expected = [p for p in re.split(r"\n{2,}", text.strip("\n")) if p]
    assert shown(html) == expected


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. januar", "1\\. januar"),
        ("15.000.000", "15.000.000"),
        ("BS-1.1", "BS-1.1"),
        ("- punkt", "\\- punkt"),
        ("---", "\\---"),
        ("*vigtigt* og _fed_", "\\*vigtigt\\* og \\_fed\\_"),
        ("A | B", "A \\| B"),
        ("<script>", "\\<script\\>"),
        ("[link](x)", "\\[link\\](x)"),
        ("# ikke en overskrift", "\\# ikke en overskrift"),
        ("koster $5", "koster \\$5"),
        ("&amp; &", "\\&amp; &"),
        ("    kode", "&#32;&#32;&#32;&#32;kode"),
        ("linje 1\nlinje 2", "linje 1<br>linje 2"),
        ("{{ navn }} {% if %}", "{{ navn }} {% if %}"),
    ],
)
def test_markdown_escapes_only_what_would_be_markup(text: str, escaped: str) -> None:
    assert md_inline(text) == escaped


_LINE_PIECES = st.one_of(
    st.sampled_from(["1.", "1)", "12. ", "2024", "1.234", "-", "+", "=", "--", "- ", " ", "\t",
                     "&", "&amp;", "&#32;", "\u00a0", "\u3000", "*", "a", "æ", "#", "$"]),
    st.text(st.characters(codec="utf-8", exclude_characters="\n"), max_size=4),
)  # fmt: skip


@settings(max_examples=400)
@given(st.lists(_LINE_PIECES, max_size=5).map("".join))
def test_a_line_passed_as_it_is_would_not_have_been_changed(line: str) -> None:
    """The shortcut for plain lines (most values) gives what the escaping rules give."""
    from sektorplan.render import markdown

    assert markdown.escape_line(line) == markdown.escaped(line)


def test_a_paragraph_keeps_line_breaks_and_paragraphs() -> None:
    assert md_block("a\nb\n\nc") == "a\\\nb\n\nc"


def test_numbers_amounts_and_dates_in_danish_form() -> None:
    fmt = Formatter("da")
    assert fmt.kr(1234567) == "1.234.567 kr."
    assert fmt.kr(1234567.5) == "1.234.567,50 kr."
    assert fmt.number(12.5) == "12,5"
    assert fmt.number(0.1234) == "0,1234"  # no digit the planner wrote is rounded away
    assert fmt.number(-0.0) == "0"
    assert fmt.date(dt.date(2024, 6, 20)) == "20. juni 2024"
    assert fmt.kr(total([0.1, 0.2])) == "0,30 kr."  # exact sums, no binary noise


def test_formatted_numbers_kept_per_process_depend_on_locale_and_written_digits() -> None:
    """The layouts Babel made are kept: the key is the locale and the digits as written."""
    from decimal import Decimal

    da, en = Formatter("da"), Formatter("en")
    for _ in range(2):  # the second time from what was kept
        assert da.number(1234.5) == "1.234,5"
        assert en.number(1234.5) == "1,234.5"
        assert da.amount(Decimal("5")) == "5"
        assert da.amount(Decimal("5.5")) == "5,50"
        assert da.number(Decimal("0.10")) == da.number(Decimal("0.1")) == "0,1"


def test_english_documents_have_english_months_and_danish_numbers() -> None:
    fmt = Formatter(labels("en")["locale"])
    assert fmt.date(dt.date(2024, 6, 20)) == "20 June 2024"
    assert fmt.kr(1234567) == "1.234.567 kr."


def test_every_catalogue_has_the_same_keys() -> None:
    assert catalogue_keys("en") == catalogue_keys(FALLBACK)
    assert catalogue_keys("kl") == catalogue_keys(FALLBACK)


def test_an_empty_label_falls_back_to_danish() -> None:
    from sektorplan import i18n

    merged = i18n.merge({"vision": "Vision", "types": {"drift": "Drift"}}, {"vision": None})
    assert merged == {"vision": "Vision", "types": {"drift": "Drift"}}
    kl, da = labels("kl"), labels("da")
    assert all(kl[key] for key in da)  # every label has a text, Danish until translated


def test_anchors_are_githubs() -> None:
    assert slug("BS-1.1 Flere børn går i skole") == "bs-11-flere-børn-går-i-skole"
    assert slug('BS-I3 "Lærer i Sermersooq" – læreruddannelse') == (
        "bs-i3-lærer-i-sermersooq--læreruddannelse"
    )


@pytest.mark.parametrize(
    ("colour", "text"), [("#C5192D", "#FFFFFF"), ("#FCC30B", "#000000"), ("#19486A", "#FFFFFF")]
)
def test_badge_text_is_readable_on_the_goal_colour(colour: str, text: str) -> None:
    assert readable_text_colour(colour) == text
