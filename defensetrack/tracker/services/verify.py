"""Human corrections: the one door through which admin, the API and actions mark records verified."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from defensetrack.tracker.models import Meeting, Pledge, Post

VERIFIABLE = (Meeting, Pledge, Post)


@transaction.atomic
def do_verify(
    *, record: Model, user: AbstractBaseUser, changes: Mapping[str, Any] | None = None
) -> Model:
    """Apply a person's corrections and mark the record verified; history keeps the change.

    Many-to-many values (a meeting's countries or participants) are replaced as given.
    """
    _keep_loaded_state(record)
    many_to_many = {f.name for f in record._meta.many_to_many}
    later = {}
    for name, value in (changes or {}).items():
        if name in many_to_many:
            later[name] = value
        else:
            setattr(record, name, value)
    record.verified_by = user
    record.verified_at = timezone.now()
    record._change_reason = "Verified by a person"
    record.save()
    for name, value in later.items():
        getattr(record, name).set(value)
    return record


def _keep_loaded_state(record: Model) -> None:
    """Loading writes no history (facts.py), so before the first human change to a record, keep
    the state loading gave it as the first history entry: the correction then shows as a diff."""
    if record.pk is None or record.history.exists():
        return
    loaded = type(record).objects.get(pk=record.pk)
    loaded._change_reason = "As loaded from articles"
    loaded.save()


def do_verify_many(*, records: list[Model], user: AbstractBaseUser) -> int:
    """Mark records verified as they stand (the admin action); returns how many."""
    for record in records:
        do_verify(record=record, user=user)
    return len(records)
