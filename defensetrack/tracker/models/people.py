from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from defensetrack.tracker.models.base import Verifiable


class Role(models.TextChoices):
    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    DEFENCE_MINISTER = "defence_minister", "Defence minister"
    FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
    FINANCE_MINISTER = "finance_minister", "Finance minister"
    OTHER_MINISTER = "other_minister", "Other minister"
    DEPUTY_MINISTER = "deputy_minister", "Deputy minister"


class Person(Verifiable):
    """An official: the fullest name seen, and the other forms text uses for them."""

    name = models.CharField(max_length=200, db_index=True)
    aliases = models.JSONField(default=list, blank=True, help_text="Other forms of the name.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "official"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:official", kwargs={"pk": self.pk})


class Post(Verifiable):
    """A post a person held: country and role, with the dates seen or known."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    country = models.ForeignKey("tracker.Country", on_delete=models.PROTECT, related_name="posts")
    role = models.CharField(max_length=32, choices=Role.choices)
    title = models.CharField(max_length=200, blank=True, help_text="The title as written.")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start"]
        constraints = [
            models.UniqueConstraint(fields=["person", "country", "role"], name="post_person_role"),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lte=models.F("end")),
                name="post_start_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.get_role_display()} ({self.country.code})"
