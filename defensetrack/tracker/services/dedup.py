"""Recognising the same story twice: an exact content hash, and MinHash for light republishing.

A wire story republished by another outlet with a new headline and a trimmed paragraph is not
byte-identical, so the hash misses it; MinHash over word shingles estimates how much text two
articles share, and above NEAR_DUPLICATE_SIMILARITY we link the copy to its original.

Comparing with every article of the same days would read thousands of signatures per article on
a busy day, so signatures are cut into BANDS bands of ROWS values (locality-sensitive hashing):
only articles sharing a whole band with this one are compared. Two articles of similarity s
share a band with probability 1 - (1 - s**ROWS) ** BANDS: 0.994 at the 0.6 threshold, 0.9999 at
0.7, while articles that share a twentieth of their shingles (the same topic, another story)
become candidates 0.3% of the time. The bands live in the database (SignatureBand) rather than
in datasketch's MinHashLSH, whose storage is process memory, Redis or Cassandra.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import timedelta
from functools import reduce
from operator import or_

from datasketch import MinHash
from django.db.models import Q

from defensetrack.tracker.models import Article, SignatureBand

NUM_PERM = 64
BANDS, ROWS = 21, 3  # 63 of the 64 values
SHINGLE_WORDS = 3
NEAR_DUPLICATE_SIMILARITY = 0.6
# Republished copies come out within days of the original; older articles are not candidates.
NEAR_DUPLICATE_WINDOW = timedelta(days=3)

_WORD = re.compile(r"\w+", re.UNICODE)


def content_hash(text: str) -> str:
    """SHA-256 of the text with whitespace collapsed, so re-wrapped copies hash the same."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def minhash_signature(text: str) -> list[int]:
    """A MinHash signature of the text's word shingles, as plain ints for a JSON field."""
    words = _WORD.findall(text.lower())
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS])
        for i in range(max(1, len(words) - SHINGLE_WORDS + 1))
    }
    signature = MinHash(num_perm=NUM_PERM, seed=1)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in signature.hashvalues]


def band_keys(signature: list[int]) -> list[int]:
    """One signed 64-bit key per band: its number and values hashed, for an indexed column."""
    if len(signature) < BANDS * ROWS:
        return []
    keys = []
    for band in range(BANDS):
        values = signature[band * ROWS : (band + 1) * ROWS]
        data = b"%d:" % band + b",".join(b"%d" % v for v in values)
        digest = hashlib.blake2b(data, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def store_bands(article: Article) -> None:
    """Index the article's signature for find_originals, once: when its text is first known (an
    article's text is not replaced later; a reprocess keeps the signature)."""
    SignatureBand.objects.bulk_create(
        [
            SignatureBand(article=article, key=key, published=article.published)
            for key in set(band_keys(article.minhash))
        ]
    )


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures; 0 when either is missing or they differ."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def find_originals(articles: Sequence[Article]) -> dict[int, Article | None]:
    """For each article, the earlier one it republishes, if any: the most similar above the
    threshold. Two queries for the whole batch.

    Candidates are earlier articles that are no copies themselves, share at least one band
    with the article and were published near it (undated: undated ones). Taken in id order, a
    batch article found to be a copy is no original for the batch's later ones.
    """
    found: dict[int, Article | None] = dict.fromkeys((a.pk for a in articles), None)
    earlier = _sharing_a_band(articles)
    if not earlier:
        return found
    stored = Article.objects.filter(
        pk__in=set().union(*earlier.values()), duplicate_of__isnull=True
    ).only("id", "minhash", "published")
    candidates = {c.pk: c for c in stored}
    for article in sorted(articles, key=lambda a: a.pk):
        if article.pk not in earlier:
            continue
        best, best_score = None, NEAR_DUPLICATE_SIMILARITY
        for other_id in sorted(earlier[article.pk]):
            other = candidates.get(other_id)
            if other is None or found.get(other_id) is not None or not _near(article, other):
                continue
            score = similarity(article.minhash, other.minhash)
            if score >= best_score:
                best, best_score = other, score
        found[article.pk] = best
    return found


def _sharing_a_band(articles: Sequence[Article]) -> dict[int, set[int]]:
    """article id -> ids of the earlier articles sharing at least one band with it and
    published near it: the only ones worth comparing, in one query for the whole batch."""
    keys = {a.pk: set(band_keys(a.minhash)) for a in articles if a.minhash}
    if not keys:
        return {}
    wanted = [
        Q(key__in=keys[a.pk], article_id__lt=a.pk) & _published_near(a)
        for a in articles
        if a.pk in keys
    ]
    holders: dict[int, set[int]] = {}
    bands = SignatureBand.objects.filter(reduce(or_, wanted))
    for other_id, key in bands.values_list("article_id", "key"):
        holders.setdefault(key, set()).add(other_id)
    return {
        pk: {other for key in article_keys for other in holders.get(key, ()) if other < pk}
        for pk, article_keys in keys.items()
    }


def _published_near(article: Article) -> Q:
    """Bands of articles published within NEAR_DUPLICATE_WINDOW of this one (undated: of
    undated ones); band_key_published finds them without reading a recurring text's copies."""
    if article.published is None:
        return Q(published__isnull=True)
    day, reach = article.published, NEAR_DUPLICATE_WINDOW
    return Q(published__range=(day - reach, day + reach))


def _near(article: Article, other: Article) -> bool:
    """Republished copies come out within days of the original; undated ones go together."""
    if article.published is None or other.published is None:
        return article.published is None and other.published is None
    return abs(article.published - other.published) <= NEAR_DUPLICATE_WINDOW
