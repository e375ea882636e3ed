from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from defensetrack.tracker.models.base import Verifiable


class Pledge(Verifiable):
    """Money a country (or the EU) commits to another country's defence. Decimal, never float."""

    class Kind(models.TextChoices):
        NEW = "new", "New commitment"
        CUMULATIVE = "cumulative", "Running total"

    donor = models.ForeignKey(
        "tracker.Country", on_delete=models.PROTECT, related_name="pledges_given"
    )
    recipient = models.ForeignKey(
        "tracker.Country", on_delete=models.PROTECT, related_name="pledges_received"
    )
    amount = models.DecimalField(max_digits=20, decimal_places=2)
    currency = models.CharField(max_length=3, help_text="ISO 4217 code.")
    amount_text = models.CharField(max_length=100, blank=True, help_text="As written.")
    period = models.CharField(max_length=9, blank=True, help_text='"2025" or "2025-2027".')
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEW)
    purpose = models.CharField(max_length=500, blank=True)
    announced_on = models.DateField(null=True, blank=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-announced_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="pledge_amount_positive"),
            models.CheckConstraint(
                condition=~Q(donor=models.F("recipient")), name="pledge_two_sides"
            ),
        ]
        indexes = [
            models.Index(fields=["-announced_on", "-id"], name="pledge_timeline"),
            # Loading looks for the same pledge by sides, currency and date (services/facts.py).
            models.Index(
                fields=["donor", "recipient", "currency", "announced_on"], name="pledge_match"
            ),
            # One side's pledges in one currency by amount (amounts compare only within a
            # currency): read in order instead of sorting all of a donor's pledges (40 -> 0.4 ms).
            models.Index(fields=["donor", "currency", "amount"], name="pledge_donor_amount"),
            models.Index(
                fields=["recipient", "currency", "amount"], name="pledge_recipient_amount"
            ),
            # A country page's pledge totals and month chart: one side's pledges by date, with
            # every column the totals read, so they are summed from the index alone (no heap).
            models.Index(
                fields=["donor", "announced_on", "kind", "currency", "amount"],
                name="pledge_given_by_date",
            ),
            models.Index(
                fields=["recipient", "announced_on", "kind", "currency", "amount"],
                name="pledge_received_by_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor.code} → {self.recipient.code}: {self.amount} {self.currency}"

    def get_absolute_url(self) -> str:
        return reverse("web:pledge", kwargs={"pk": self.pk})
