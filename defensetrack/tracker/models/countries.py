from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from defensetrack.tracker.models.base import TimeStamped


class Country(TimeStamped):
    """A sovereign state by ISO 3166-1 alpha-2 code, or the EU (code "EU") as a donor."""

    code = models.CharField(max_length=2, unique=True, help_text="ISO 3166-1 alpha-2, or EU.")
    name = models.CharField(max_length=100, db_index=True)
    official_name = models.CharField(max_length=200, blank=True)
    is_sovereign = models.BooleanField(default=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        help_text="Other names text uses: short names, demonyms, the capital for the government.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:country", kwargs={"code": self.code})
