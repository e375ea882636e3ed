"""Changes to persons that span several tables: merging two records of one official."""

from collections.abc import Iterable

from django.db import transaction

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.models import Evidence, Person, Post


@transaction.atomic
def do_merge_persons(*, keep: Person, others: Iterable[Person]) -> Person:
    """Fold `others` into `keep`: posts, meetings and evidence move; their names become aliases.

    A post both hold (same country and role) becomes one, spanning both date ranges.
    """
    others = [p for p in others if p.pk != keep.pk]
    if not others:
        raise DomainError("Choose at least two different officials to merge.")
    names = set(keep.aliases)
    for other in others:
        names.update([other.name, *other.aliases])
        for post in list(other.posts.all()):
            _move_post(post, keep)
        for meeting in other.meetings.all():
            meeting.participants.add(keep)
        other.delete()
    keep.aliases = sorted(names - {keep.name})
    keep.save()
    return keep


def _move_post(post: Post, keep: Person) -> None:
    existing = keep.posts.filter(country=post.country, role=post.role).first()
    if existing is None:
        post.person = keep
        post.save()
        return
    Evidence.objects.filter(post=post).exclude(start__in=existing.evidence.values("start")).update(
        post=existing
    )
    starts = [d for d in (existing.start, post.start) if d]
    ends = [d for d in (existing.end, post.end) if d]
    existing.start = min(starts) if starts else None
    # An open post (no end) stays open.
    existing.end = max(ends) if ends and existing.end and post.end else None
    existing.title = existing.title or post.title
    existing.save()
    post.delete()
