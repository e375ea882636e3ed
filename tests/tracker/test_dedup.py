"""Near-duplicate candidates come from shared signature bands, not from every article of the day."""

import random
from datetime import date

from defensetrack.tracker.models import SignatureBand
from defensetrack.tracker.services import dedup
from defensetrack.tracker.services.articles import create_article

DAY = date(2025, 6, 2)
WORDS = [
    "radar",
    "frigate",
    "howitzer",
    "drone",
    "tanker",
    "corvette",
    "satellite",
    "rifle",
    "convoy",
    "depot",
    "brigade",
    "runway",
    "harbour",
    "missile",
    "sonar",
    "engine",
    "armour",
    "bridge",
    "border",
    "signal",
    "patrol",
    "cadet",
    "budget",
    "treaty",
    "summit",
    "envoy",
    "minister",
    "ceremony",
    "factory",
    "pipeline",
    "shipyard",
    "contract",
]


def _story(n: int) -> str:
    """A distinct made-up story per n: 120 words drawn with seed n."""
    rng = random.Random(n)
    return " ".join(rng.choice(WORDS) for _ in range(120)) + "."


def test_band_keys_change_only_for_the_bands_that_differ():
    signature = dedup.minhash_signature(_story(1))
    changed = list(signature)
    changed[4] += 1  # the value sits in band 1 (rows 3 to 5)
    before, after = dedup.band_keys(signature), dedup.band_keys(changed)
    assert len(before) == dedup.BANDS
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [1]


def test_only_articles_sharing_a_band_are_compared(db):
    others = [
        create_article(text=_story(n), published=DAY, title=f"Story {n}")[0] for n in range(40)
    ]
    original, _ = create_article(text=_story(99), published=DAY, title="Original")
    copy, _ = create_article(
        text=_story(99).replace(" ", "  ", 1) + " Reported again.", published=DAY, title="Copy"
    )
    assert SignatureBand.objects.filter(article=original).count() == dedup.BANDS

    candidates = dedup._sharing_a_band([copy])[copy.pk]

    assert original.pk in candidates
    assert len(candidates & {a.pk for a in others}) <= 2
    assert dedup.find_originals([copy]) == {copy.pk: original}
