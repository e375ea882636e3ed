"""Reading input: addresses to one canonical form, bytes in any common encoding to text, and
refusals with a reason for what is not an article."""

import pytest

from defensetrack.tracker.errors import RejectedInput
from defensetrack.tracker.services.sources import (
    canonical_url,
    decode_bytes,
    list_article_files,
    read_text_file,
)

CYRILLIC = "Міністр оборони України провів переговори з колегою з Норвегії."
ACCENTED = "Le ministre français de la Défense a rencontré son homologue à Varsovie."


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://News.Example.ORG/a/b?utm_source=x&id=7#top", "https://news.example.org/a/b?id=7"),
        ("http://example.org/story?fbclid=1&gclid=2", "http://example.org/story"),
        ("https://example.org:443/x?utm_campaign=y&page=2", "https://example.org/x?page=2"),
        ("https://example.org:8080/x", "https://example.org:8080/x"),
        ("https://example.org", "https://example.org/"),
    ],
)
def test_it_gives_one_address_per_page(given, expected):
    assert canonical_url(given) == expected


@pytest.mark.parametrize("given", ["", "ftp://example.org/a", "not a url", "javascript:alert(1)"])
def test_it_rejects_what_is_not_a_web_address(given):
    with pytest.raises(RejectedInput, match="not a web address"):
        canonical_url(given)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(CYRILLIC, "cp1251"), (ACCENTED, "latin-1"), (CYRILLIC, "utf-8"), (ACCENTED, "utf-8-sig")],
)
def test_it_decodes_common_encodings(text, encoding):
    raw = (text + "\n") * 5
    assert decode_bytes(raw.encode(encoding)).strip().startswith(text)


def test_it_uses_a_declared_charset():
    assert decode_bytes(CYRILLIC.encode("cp1251"), charset="cp1251") == CYRILLIC


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10, "binary"),
        (bytes(range(1, 32)) * 300, "binary"),
    ],
)
def test_it_refuses_empty_and_binary_input(raw, reason):
    with pytest.raises(RejectedInput, match=reason):
        decode_bytes(raw)


def test_it_refuses_a_file_over_the_size_limit(tmp_path, settings):
    big = tmp_path / "huge.txt"
    big.write_bytes(b"The ministers met again. " * (20 * 1024 * 1024 // 25))
    with pytest.raises(RejectedInput, match=r"huge.txt is 20.0 MB; the limit is 5.0 MB"):
        read_text_file(big)


def test_it_refuses_text_over_the_character_limit(tmp_path, settings):
    settings.ARTICLE_MAX_CHARS = 1000
    long = tmp_path / "long.txt"
    long.write_text("word " * 500)
    with pytest.raises(RejectedInput, match="2,500 characters long; the limit is 1,000"):
        read_text_file(long)


def test_it_lists_article_files_in_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ("a.txt", "sub/b.html", "c.pdf", "sub/d.HTM"):
        (tmp_path / name).write_text("x")
    found = list_article_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.txt",
        "sub/b.html",
        "sub/d.HTM",
    ]


def test_it_says_which_path_is_missing(tmp_path):
    with pytest.raises(RejectedInput, match="nowhere does not exist"):
        list_article_files([tmp_path / "nowhere"])
