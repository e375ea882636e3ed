from django.db import models
from django.db.models import Q
from django.urls import reverse

from defensetrack.tracker.models.base import TimeStamped


class Feed(TimeStamped):
    """An RSS or Atom feed polled by Celery beat; new entries become articles."""

    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    enabled = models.BooleanField(default=True)
    interval_minutes = models.PositiveIntegerField(default=60)
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.title or self.url


class Article(TimeStamped):
    """One report as received, with what happened to it; stored before any task runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Source(models.TextChoices):
        FILE = "file", "File"
        URL = "url", "URL"
        FEED = "feed", "Feed"
        API = "api", "API"
        TEXT = "text", "Text"

    url = models.URLField(max_length=2000, blank=True, help_text="The address as given.")
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the text.")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.TEXT)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True, db_index=True)
    location = models.CharField(max_length=200, blank=True, help_text="The dateline's place.")
    published = models.DateField(null=True, blank=True, db_index=True)
    text = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    error = models.TextField(blank=True, help_text="What went wrong, in words a person reads.")
    attempts = models.PositiveIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    extractor_version = models.CharField(max_length=20, blank=True)
    facts = models.JSONField(default=dict, blank=True, help_text="The extractor's last output.")
    countries = models.ManyToManyField("tracker.Country", blank=True, related_name="articles")
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="near_duplicates",
        help_text="The original, when this is the same story republished.",
    )
    minhash = models.JSONField(default=list, blank=True, help_text="Near-duplicate signature.")

    class Meta:
        ordering = ["-published", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="article_url"
            ),
            # A URL article has no hash until its page is fetched.
            models.UniqueConstraint(
                fields=["content_hash"], condition=~Q(content_hash=""), name="article_hash"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "claimed_at"], name="article_status_claimed"),
            # Workers claim the oldest queued articles (services/articles.py, _claim_more).
            models.Index(fields=["id"], condition=Q(status="queued"), name="article_queued"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("web:article", kwargs={"pk": self.pk})


class SignatureBand(models.Model):
    """One band of an article's MinHash signature, hashed: articles sharing a band are the only
    near-duplicate candidates worth comparing (locality-sensitive hashing, see services/dedup.py)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")
    key = models.BigIntegerField(help_text="Hash of the band number and values.")
    # The article's publication day, copied here so that one index finds the articles sharing
    # a band near a date: a text republished every week shares its bands with all its copies.
    published = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "key"], name="band_once")]
        indexes = [models.Index(fields=["key", "published"], name="band_key_published")]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.key}"
