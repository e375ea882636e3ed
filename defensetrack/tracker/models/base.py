"""Abstract bases shared by every model: timestamps, and the human-verified flag of fact records."""

from django.conf import settings
from django.db import models


class TimeStamped(models.Model):
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Verifiable(TimeStamped):
    """A fact record an admin can vouch for; extraction never changes a verified record."""

    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The person who last checked or corrected this record.",
    )
    verified_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
