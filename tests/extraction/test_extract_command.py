"""`manage.py extract`: JSON Lines for files, folders and stdin, without a database."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ARTICLE = (
    "date 2024-01-05 Umerov and Kosiniak-Kamysz talk by phone\n"
    "Kyiv • Test Wire\n"
    "Ukraine's Defence Minister Rustem Umerov on Friday had a telephone conversation with "
    "Poland's Deputy Prime Minister and Minister of National Defence Władysław Kosiniak-Kamysz.\n"
)


def run(*args, stdin=None) -> list[dict]:
    out = io.StringIO()
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command("extract", *args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command("extract", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines() if line.strip()]


def test_file_gives_one_line_with_id_from_file_name(tmp_path):
    path = tmp_path / "call-01.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [row] = run(str(path))
    assert row["id"] == "call-01"
    assert row["published"] == "2024-01-05"
    assert row["countries"] == ["PL", "UA"]
    assert row["meetings"][0]["kind"] == "call"
    assert row["meetings"][0]["date"] == "2024-01-05"


def test_folder_is_read_recursively(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "sub" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    assert sorted(row["id"] for row in run(str(tmp_path))) == ["a", "b"]


def test_stdin(tmp_path):
    [row] = run("-", stdin=ARTICLE)
    assert row["countries"] == ["PL", "UA"]


def test_not_utf8_file_still_reads(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Poland helped Ukraine – caf\xe9.".encode("cp1252"))
    [row] = run(str(path))
    assert row["countries"] == ["PL", "UA"]


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nope.txt"))
