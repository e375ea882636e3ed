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
from datetime import timedelta

from datasketch import MinHash

from defensetrack.tracker.models import Article, SignatureBand

NUM_PERM = 64
BANDS, ROWS = 21, 3  # 63 of the 64 values
SHINGLE_WORDS = 3
NEAR_DUPLICATE_SIMILARITY = 0.6
# Republished copies come out within days of the original; older articles are not candidates.
NEAR_DUPLICATE_WINDOW = timedelta(days=3)
# Undated articles are compared with this many of the latest undated ones.
UNDATED_CANDIDATES = 500

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
    """Index the article's signature for find_original, once: when its text is first known (an
    article's text is not replaced later; a reprocess keeps the signature)."""
    SignatureBand.objects.bulk_create(
        [SignatureBand(article=article, key=key) for key in set(band_keys(article.minhash))]
    )


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two signatures; 0 when either is missing or they differ."""
    if not a or len(a) != len(b):
        return 0.0
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def find_original(article: Article) -> Article | None:
    """The earlier article this one republishes, if any: the most similar above the threshold."""
    if not article.minhash:
        return None
    best, best_score = None, NEAR_DUPLICATE_SIMILARITY
    for candidate in _candidates(article):
        score = similarity(article.minhash, candidate.minhash)
        if score >= best_score:
            best, best_score = candidate, score
    return best


def _candidates(article: Article):
    """Earlier originals sharing at least one band with this article, published near it."""
    keys = band_keys(article.minhash)
    sharing = SignatureBand.objects.filter(key__in=keys).values("article_id")
    qs = Article.objects.filter(pk__in=sharing, pk__lt=article.pk, duplicate_of__isnull=True)
    qs = qs.only("id", "minhash")
    if article.published is None:
        return qs.filter(published__isnull=True).order_by("-id")[:UNDATED_CANDIDATES]
    window = (article.published - NEAR_DUPLICATE_WINDOW, article.published + NEAR_DUPLICATE_WINDOW)
    return qs.filter(published__range=window)
