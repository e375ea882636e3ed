"""parse_document: seed text format, bare text and HTML."""

from datetime import date

import pytest

from defensetrack.extraction import Document, parse_document


def test_seed_format_splits_title_dateline_and_body():
    raw = "date 2024-02-16 Scholz and Zelensky sign a pact\nBerlin • Test Wire\nFirst line.\nSecond line."
    doc = parse_document(raw)
    assert doc == Document(
        title="Scholz and Zelensky sign a pact",
        outlet="Test Wire",
        location="Berlin",
        published=date(2024, 2, 16),
        text="First line.\nSecond line.",
    )


def test_seed_format_without_dateline_keeps_second_line_as_body():
    doc = parse_document("date 2023-05-01 Title here\nThe body starts at once.")
    assert doc.published == date(2023, 5, 1)
    assert doc.location == ""
    assert doc.text == "The body starts at once."


def test_view_counter_line_is_not_a_dateline():
    raw = "date 2023-05-01 Title\nSome headline - Name01.05.23, 10:00 • 1200 views\nBody."
    assert parse_document(raw).location == ""


@pytest.mark.parametrize("raw", ["Just a paragraph of text.", "", "date is not a header"])
def test_bare_text_is_all_body(raw):
    doc = parse_document(raw)
    assert doc.published is None
    assert doc.text == raw.strip()


def test_html_is_detected_and_reduced_to_main_text():
    paragraph = "Canada's Defence Minister Bill Blair met his Ukrainian counterpart in Ottawa. " * 4
    html = (
        "<html><head><title>Blair meets Umerov</title>"
        '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
        f"<body><nav>Home | World</nav><article><h1>Blair meets Umerov</h1><p>{paragraph}</p>"
        f"<p>{paragraph}</p></article><footer>Share this</footer></body></html>"
    )
    doc = parse_document(html)
    assert "Bill Blair" in doc.text
    assert "<p>" not in doc.text
    assert doc.published == date(2024, 3, 5)


def test_is_html_false_keeps_markup_as_text():
    assert parse_document("<p>x</p>", is_html=False).text == "<p>x</p>"
