"""Extraction accuracy on the annotated demo articles must not fall below floors.json."""

import json
from pathlib import Path

import pytest

from defensetrack.extraction import extract, parse_document
from tests.quality.scoring import CATEGORIES, names_match, score

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
ARTICLES = ROOT / "defensetrack" / "tracker" / "demo" / "articles"
GOLD = HERE / "gold.jsonl"
FLOORS = json.loads((HERE / "floors.json").read_text(encoding="utf-8"))


def _gold_rows() -> list[dict]:
    if not GOLD.exists():
        pytest.skip("tests/quality/gold.jsonl is not there yet")
    return [
        json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _predictions(ids: list[str]) -> dict[str, dict]:
    predictions = {}
    for article_id in ids:
        path = ARTICLES / f"{article_id}.txt"
        if path.exists():
            doc = parse_document(path.read_text(encoding="utf-8"))
            facts = extract(doc.text, published=doc.published, title=doc.title)
            predictions[article_id] = facts.to_dict(article_id)
    return predictions


@pytest.fixture(scope="module")
def report():
    rows = _gold_rows()
    return score(rows, _predictions([row["id"] for row in rows]))


@pytest.mark.parametrize("category", CATEGORIES)
def test_category_f1_above_floor(report, category):
    tally = report.tallies[category]
    misses = "\n".join(
        f"{k}: {v}" for k, notes in report.misses.items() for v in notes if v.startswith(category)
    )
    assert tally.f1 >= FLOORS[category], (
        f"{category} F1 {tally.f1:.3f} < {FLOORS[category]}\n{misses}"
    )


def test_mean_f1_above_floor(report):
    assert report.mean_f1 >= FLOORS["mean_f1"], f"mean F1 {report.mean_f1:.3f}"


def test_every_gold_article_exists():
    missing = [row["id"] for row in _gold_rows() if not (ARTICLES / f"{row['id']}.txt").exists()]
    assert not missing, f"gold without article: {missing}"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Ferdinand Marcos Jr.", "Marcos", True),
        ("Władysław Kosiniak-Kamysz", "Kosiniak-Kamysz", True),
        ("Cho Tae-yul", "Cho", True),
        ("Lloyd J. Austin III", "Lloyd Austin", True),
        ("Volodymyr Zelenskyy", "Zelensky", True),
        ("Rustem Umerov", "Umierov", True),
        ("Tore Onshus Sandvik", "Tore Sandvik", False),
        ("Kishida Fumio", "Fumio Kishida", False),
        ("Andrii Sybiha", "Andriy Sybiha", False),
        ("Anna Smith", "John Smith", False),
    ],
)
def test_our_scorer_matches_names_by_the_schema_rules(a, b, same):
    assert names_match(a, b) is same
    assert names_match(b, a) is same
