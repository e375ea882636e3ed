from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from defensetrack.tracker.models.base import DatePrecision, Verifiable


class Meeting(Verifiable):
    """Talks between officials or delegations of two or more countries that took place."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Phone call"
        VIDEO_CALL = "video_call", "Video call"

    date = models.DateField(null=True, blank=True, db_index=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, help_text="Empty: date unknown."
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MEETING)
    location = models.CharField(max_length=200, blank=True)
    topics = models.JSONField(default=list, blank=True)
    countries = models.ManyToManyField("tracker.Country", related_name="meetings")
    participants = models.ManyToManyField("tracker.Person", blank=True, related_name="meetings")
    history = HistoricalRecords(m2m_fields=[countries, participants])

    class Meta:
        ordering = ["-date", "-id"]
        # The timeline pages dated rows by (date, id) descending, then undated rows by id.
        indexes = [models.Index(fields=["-date", "-id"], name="meeting_timeline")]

    def __str__(self) -> str:
        when = self.date.isoformat() if self.date else "undated"
        return f"{self.get_kind_display()} {when} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("web:meeting", kwargs={"pk": self.pk})
