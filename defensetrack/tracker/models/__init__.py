"""The tracker's models, a module per area; import them from here."""

from defensetrack.tracker.models.articles import Article, Feed, SignatureBand
from defensetrack.tracker.models.base import DatePrecision
from defensetrack.tracker.models.countries import Country
from defensetrack.tracker.models.evidence import Evidence
from defensetrack.tracker.models.meetings import Meeting
from defensetrack.tracker.models.people import Person, Post, Role
from defensetrack.tracker.models.pledges import Pledge

__all__ = [
    "Article",
    "Country",
    "DatePrecision",
    "Evidence",
    "Feed",
    "Meeting",
    "Person",
    "Pledge",
    "Post",
    "Role",
    "SignatureBand",
]
