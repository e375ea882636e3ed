"""Which loads may run side by side: transaction-level advisory locks named after what they touch.

Two workers loading reports of one meeting must not both create it, and must not wait on each
other in a cycle. Locking the Country rows of every side did that, but every article about
Ukraine then waited for the one before it. The matching rules need far less:
- a meeting can only match a meeting of exactly the same countries: one key per country set;
- a pledge only one with the same donor and recipient: one key per (donor, recipient);
- a new person or post only collides with the officials of the same country: one key per country,
  taken only by an article that may create a person or a post there.

A worker takes all of its article's keys in one statement, in one global order, before it reads
anything it may change; PostgreSQL releases them at commit or rollback. SQLite, which lets one
writer in at a time, needs none of this.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.db import connection


def meeting_key(codes: Iterable[str]) -> str:
    return "meeting:" + ",".join(sorted(set(codes)))


def pledge_key(donor: str, recipient: str) -> str:
    return f"pledge:{donor}>{recipient}"


def people_key(code: str) -> str:
    return f"people:{code}"


def lock(keys: Iterable[str]) -> None:
    """Wait for and hold every key until the transaction ends. Call once per transaction:
    keys taken in two calls are no longer in one order, which is what rules out deadlocks."""
    numbers = sorted({_as_bigint(key) for key in keys})
    if not numbers or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # WITH ORDINALITY + ORDER BY: the locks are taken in the sorted order given.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) WITH ORDINALITY AS t(k, n)"
            " ORDER BY n",
            [numbers],
        )


def _as_bigint(key: str) -> int:
    """A stable signed 64-bit number for the key (a collision only makes two loads queue up)."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
