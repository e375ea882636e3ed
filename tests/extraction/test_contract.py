"""extract() never raises, and to_dict() always fits the extraction contract."""

import json
import subprocess
import sys
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from defensetrack.extraction import EXTRACTOR_VERSION, ArticleFacts, extract
from defensetrack.extraction.types import MEETING_KINDS, PLEDGE_KINDS, ROLES

WORDS = st.sampled_from(
    [
        "Ukraine",
        "Kyiv",
        "Poland",
        "met",
        "talks with",
        "President",
        "Defence Minister",
        "Rustem Umerov",
        "$7 billion",
        "€500m",
        "(about $1bn)",
        "on Friday",
        "yesterday",
        ",",
        ".",
        "\n",
        "Let us remind you",
        "since 2022",
        "will",
        "12.03.24, 10:00 • 99 views",
        "Secretary of Defense",
        "Lloyd Austin",
        "NOK 2 billion",
        "video link",
        "  ",
        "é",
        "İ",
    ]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=60).map(" ".join))


def assert_fits_contract(out: dict) -> None:
    assert set(out) >= {"id", "published", "countries", "officials", "meetings", "pledges"}
    assert out["countries"] == sorted(out["countries"])
    assert all(isinstance(c, str) and len(c) == 2 and c.isupper() for c in out["countries"])
    for official in out["officials"]:
        assert official["role"] in ROLES
        assert official["name"] and len(official["country"]) == 2
    for meeting in out["meetings"]:
        assert meeting["kind"] in MEETING_KINDS
        assert meeting["countries"] == sorted(meeting["countries"])
        assert len(meeting["countries"]) >= 2
        assert meeting["date"] is None or date.fromisoformat(meeting["date"])
    for pledge in out["pledges"]:
        assert pledge["kind"] in PLEDGE_KINDS
        assert isinstance(pledge["amount"], int | float) and pledge["amount"] > 0
        assert len(pledge["currency"]) == 3
        assert pledge["donor"] != pledge["recipient"]
    json.dumps(out)  # plain JSON types only


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 1, 1))))
def test_extract_never_raises_and_fits_contract(text, published):
    facts = extract(text, published=published)
    assert isinstance(facts, ArticleFacts)
    out = facts.to_dict("x")
    assert_fits_contract(out)
    for official in facts.officials:
        assert facts.text[official.evidence.start : official.evidence.end] == official.evidence.text


@settings(max_examples=200, deadline=None)
@given(text=TEXTS, published=st.one_of(st.none(), st.dates(date(1990, 1, 1), date(2040, 1, 1))))
def test_pipeline_itself_does_not_raise(text, published):
    """extract() catches everything as a last resort; that net must not be hiding bugs."""
    from defensetrack.extraction.pipeline import _extract

    _extract(text, published, "")


def test_non_string_input_does_not_raise():
    assert extract(None).countries == ()  # type: ignore[arg-type]


def test_to_dict_shape_and_amount_as_number():
    text = "Norway will allocate $7 billion to Ukraine in 2025 for joint projects in drones."
    out = extract(text, published=date(2025, 6, 5)).to_dict("seed")
    assert out["id"] == "seed"
    assert out["published"] == "2025-06-05"
    assert out["pledges"][0]["amount"] == 7000000000
    assert isinstance(out["pledges"][0]["amount"], int)
    assert out["pledges"][0]["period"] == "2025"
    assert out["pledges"][0]["evidence"]["text"].startswith("Norway will allocate")
    assert "confidence" in out["pledges"][0]
    assert_fits_contract(out)


def test_huge_input_stays_bounded():
    """A page dump without punctuation must not make the rules quadratic."""
    import time

    chunk = "Poland's Defence Minister met Ukraine's Defence Minister and pledged €1 billion, "
    started = time.perf_counter()
    facts = extract(chunk * 3000, published=date(2024, 3, 1))
    assert time.perf_counter() - started < 20
    assert len(facts.text) <= 60_000


def test_version_is_a_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_importing_extraction_loads_no_django():
    code = (
        "import sys, defensetrack.extraction as e; "
        "e.extract('Poland met Ukraine.'); "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
