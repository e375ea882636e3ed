from django.db import models
from django.db.models import Q

from defensetrack.tracker.models.base import TimeStamped

_ONE_FACT = (
    Q(meeting__isnull=False, pledge__isnull=True, post__isnull=True)
    | Q(meeting__isnull=True, pledge__isnull=False, post__isnull=True)
    | Q(meeting__isnull=True, pledge__isnull=True, post__isnull=False)
)


class Evidence(TimeStamped):
    """The article sentence that supports one fact. One fact reported by five outlets has five.

    One nullable key per kind of fact (not a generic relation) so the database can check them.
    """

    article = models.ForeignKey(
        "tracker.Article", on_delete=models.CASCADE, related_name="evidence"
    )
    meeting = models.ForeignKey(
        "tracker.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    pledge = models.ForeignKey(
        "tracker.Pledge", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    post = models.ForeignKey(
        "tracker.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    sentence = models.TextField()
    start = models.PositiveIntegerField(help_text="Offset of the sentence in the article text.")
    end = models.PositiveIntegerField()
    confidence = models.FloatField(default=1.0)
    extractor_version = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(condition=_ONE_FACT, name="evidence_one_fact"),
            models.CheckConstraint(condition=Q(start__lte=models.F("end")), name="evidence_span"),
            models.UniqueConstraint(
                fields=["article", "meeting", "start", "end"],
                condition=Q(meeting__isnull=False),
                name="evidence_meeting_sentence",
            ),
            models.UniqueConstraint(
                fields=["article", "pledge", "start", "end"],
                condition=Q(pledge__isnull=False),
                name="evidence_pledge_sentence",
            ),
            models.UniqueConstraint(
                fields=["article", "post", "start", "end"],
                condition=Q(post__isnull=False),
                name="evidence_post_sentence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.start}-{self.end}"

    @property
    def fact(self):
        return self.meeting or self.pledge or self.post
