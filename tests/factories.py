"""factory_boy factories for every model. Countries exist already: the migration loads them."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from defensetrack.tracker.models import (
    Article,
    Country,
    Evidence,
    Meeting,
    Person,
    Pledge,
    Post,
    Role,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


def country(code: str) -> Country:
    return Country.objects.get(code=code)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Official Number{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory)
    country = factory.LazyFunction(lambda: country("UA"))
    role = Role.DEFENCE_MINISTER
    title = "Minister of Defence"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Report number {n}")
    outlet = "Harbour Post"
    published = date(2025, 6, 5)
    text = factory.Sequence(lambda n: f"Report {n}: the ministers met in Brussels.")
    content_hash = factory.Sequence(lambda n: f"{n:064x}")
    status = Article.Status.DONE


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    date = date(2025, 6, 5)
    date_precision = "day"
    kind = Meeting.Kind.MEETING
    location = "Brussels"

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create:
            self.countries.set(Country.objects.filter(code__in=extracted or ["UA", "FR"]))

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    donor = factory.LazyFunction(lambda: country("NO"))
    recipient = factory.LazyFunction(lambda: country("UA"))
    amount = Decimal("7000000000")
    currency = "USD"
    amount_text = "$7 billion"
    kind = Pledge.Kind.NEW
    announced_on = date(2025, 6, 5)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    article = factory.SubFactory(ArticleFactory)
    sentence = "The ministers met in Brussels."
    start = 0
    end = factory.LazyAttribute(lambda e: len(e.sentence))
    confidence = 0.9
