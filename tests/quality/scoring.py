"""Scoring extraction output against gold, by the matching rules of docs/extraction-schema.md.

Our own implementation of the schema's rules (countries as sets; officials by country and a
folded name that equals, starts or ends the other; meetings by sides and a date within three
days; pledges by donor, recipient, currency and an amount within 2 %), micro-averaged per
category over articles.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

CATEGORIES = ("countries", "officials", "meetings", "pledges")
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "þ": "th", "æ": "ae", "œ": "oe"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def name_key(name: str | None) -> tuple[str, ...]:
    """Words of a name after folding case, accents and punctuation, without suffixes and
    initials, with the three spelling merges (yy/iy -> y at the end, ie -> e)."""
    text = unicodedata.normalize("NFKD", (name or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_UNDECOMPOSED)
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    key = []
    for word in words:
        if len(word) < 2 or word in _SUFFIXES:
            continue
        if word.endswith("yy"):
            word = word[:-1]
        elif word.endswith("iy"):
            word = word[:-2] + "y"
        key.append(word.replace("ie", "e"))
    return tuple(key)


def names_match(a: str | None, b: str | None) -> bool:
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return False
    shorter, longer = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    n = len(shorter)
    return longer[:n] == shorter or longer[-n:] == shorter


def _upper(value) -> str:
    return (value or "").upper()


def _day(value) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def official_match(gold: dict, pred: dict) -> bool:
    return _upper(gold.get("country")) == _upper(pred.get("country")) and names_match(
        gold.get("name"), pred.get("name")
    )


def meeting_match(gold: dict, pred: dict) -> bool:
    if {_upper(c) for c in gold.get("countries") or []} != {
        _upper(c) for c in pred.get("countries") or []
    }:
        return False
    gold_day, pred_day = _day(gold.get("date")), _day(pred.get("date"))
    if gold_day is None:
        return True
    return pred_day is not None and abs((gold_day - pred_day).days) <= 3


def pledge_match(gold: dict, pred: dict) -> bool:
    if any(_upper(gold.get(k)) != _upper(pred.get(k)) for k in ("donor", "recipient", "currency")):
        return False
    try:
        expected, got = float(gold["amount"]), float(pred["amount"])
    except (KeyError, TypeError, ValueError):
        return False
    return expected > 0 and abs(expected - got) <= 0.02 * expected


MATCHERS: dict[str, Callable[[dict, dict], bool]] = {
    "officials": official_match,
    "meetings": meeting_match,
    "pledges": pledge_match,
}


@dataclass
class Tally:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return (
            self.true_positives / self.predicted
            if self.predicted
            else (1.0 if not self.gold else 0.0)
        )

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=lambda: {c: Tally() for c in CATEGORIES})
    misses: dict[str, list[str]] = field(default_factory=dict)

    @property
    def mean_f1(self) -> float:
        return sum(t.f1 for t in self.tallies.values()) / len(self.tallies)


def _pairs(
    gold: list[dict], pred: list[dict], same: Callable[[dict, dict], bool]
) -> tuple[int, list, list]:
    """Greedy one-to-one pairing in gold order."""
    unused = list(pred)
    found, missed = 0, []
    for g in gold:
        for i, p in enumerate(unused):
            if same(g, p):
                found += 1
                del unused[i]
                break
        else:
            missed.append(g)
    return found, missed, unused


def score(gold_rows: Iterable[dict], predictions: dict[str, dict]) -> Report:
    """gold_rows: objects with "id" and the facts (optionally under "gold")."""
    report = Report()
    for row in gold_rows:
        gold = row.get("gold", row)
        pred = predictions.get(row["id"], {})
        gold_codes = {_upper(c) for c in gold.get("countries") or []}
        pred_codes = {_upper(c) for c in pred.get("countries") or []}
        tally = report.tallies["countries"]
        tally.true_positives += len(gold_codes & pred_codes)
        tally.predicted += len(pred_codes)
        tally.gold += len(gold_codes)
        notes = []
        for category, same in MATCHERS.items():
            g, p = gold.get(category) or [], pred.get(category) or []
            found, missed, extra = _pairs(g, p, same)
            tally = report.tallies[category]
            tally.true_positives += found
            tally.predicted += len(p)
            tally.gold += len(g)
            notes += [f"{category} missed {m}" for m in missed] + [
                f"{category} extra {e}" for e in extra
            ]
        if notes:
            report.misses[row["id"]] = notes
    return report
