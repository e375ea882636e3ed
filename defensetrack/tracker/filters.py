"""django-filter FilterSets, shared by the pages and the API so both filter the same way.

Countries are named by ISO code (`?country=UA`), officials by id, dates as YYYY-MM-DD.
"""

from functools import reduce
from operator import or_

import django_filters as filters
from django import forms
from django.db.models import Q, QuerySet

from defensetrack.tracker.models import Article, Country, Meeting, Person, Pledge, Role


class CodeField(forms.CharField):
    def to_python(self, value: str | None) -> str:
        return super().to_python(value).strip().upper()


def country_id(code: str) -> int:
    """The id for an ISO code, or 0 (matches nothing) for a code we do not know.

    Filtering on the id rather than joining on the code lets PostgreSQL's planner see which
    country is meant: 64 ms -> under 1 ms on 100,000 meetings (bench/bench_api.py).
    """
    return Country.objects.filter(code=code).values_list("pk", flat=True).first() or 0


class CodeFilter(filters.CharFilter):
    """A country code, case-insensitive; an unknown code matches nothing rather than erroring.

    `field_name` names the foreign key or relation to Country ("donor", "countries").
    """

    field_class = CodeField

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value:
            return qs
        return self.get_method(qs)(**{self.field_name: country_id(value)})


class TrueFalseField(forms.NullBooleanField):
    """true or false (also 1/0, yes/no, on/off, in any case); blank means either.

    A plain NullBooleanField reads any other word as "either", so `?verified=perhaps` would drop
    the filter without a word; here it is an error the pages and the API show.
    """

    widget = forms.TextInput
    default_error_messages = {"invalid": "Enter true or false."}
    WORDS = {
        **dict.fromkeys(("true", "1", "yes", "on"), True),
        **dict.fromkeys(("false", "0", "no", "off"), False),
    }

    def to_python(self, value: str | bool | None) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if not word:
            return None
        if word not in self.WORDS:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.WORDS[word]


class TrueFalseFilter(filters.BooleanFilter):
    field_class = TrueFalseField


class TextFilter(filters.CharFilter):
    """Free text found, case-insensitively, in any of `fields` (which may cross relations).

    Matching rows are picked by a `pk__in` subquery, so a row reached through several
    participants or evidence sentences comes back once, and the outer query keeps no join.
    """

    def __init__(self, *, fields: tuple[str, ...], **kwargs) -> None:
        super().__init__(**kwargs)
        self.fields = fields

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not (value or "").strip():
            return qs
        in_any_field = reduce(or_, (Q(**{f"{field}__icontains": value}) for field in self.fields))
        return qs.filter(pk__in=qs.model.objects.filter(in_any_field).values("pk"))


def _verified(qs: QuerySet, name: str, value: bool) -> QuerySet:
    # django-filter calls a method only with a value; the `bool` hint documents the parameter
    # as a boolean in the OpenAPI schema (a union would make it a string).
    return qs.filter(verified_at__isnull=not value)


class MeetingFilter(filters.FilterSet):
    country = CodeFilter(label="Country (ISO code)", method="filter_country")
    partner = CodeFilter(label="Partner country (ISO code)", method="filter_partner")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte", label="From")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte", label="To")
    kind = filters.ChoiceFilter(choices=Meeting.Kind.choices)
    official = filters.ModelChoiceFilter(
        queryset=Person.objects.all(), field_name="participants", label="Official"
    )
    verified = TrueFalseFilter(method=_verified, label="Verified only")
    q = TextFilter(
        fields=("location", "participants__name", "countries__name", "evidence__sentence"),
        label="Text",
    )

    class Meta:
        model = Meeting
        fields: list[str] = []

    def filter_country(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(countries=country_id(value)) if value else qs

    def filter_partner(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        # A second condition on the sides, so "country=UA&partner=PL" means meetings with both.
        # Read from the sides table alone (its country index): joining the meeting table for
        # the ids took the filtered timeline's chart from 9 to 20-38 ms (BENCHMARKS.md, Pages).
        sides = Meeting.countries.through.objects.filter(country_id=country_id(value))
        return qs.filter(pk__in=sides.values("meeting_id"))


class PledgeFilter(filters.FilterSet):
    country = CodeFilter(label="Donor or recipient (ISO code)", method="filter_country")
    partner = CodeFilter(label="Partner country (ISO code)", method="filter_country")
    donor = CodeFilter(field_name="donor", label="Donor (ISO code)")
    recipient = CodeFilter(field_name="recipient", label="Recipient (ISO code)")
    currency = filters.CharFilter(method="filter_currency", label="Currency (ISO 4217)")
    kind = filters.ChoiceFilter(choices=Pledge.Kind.choices)
    amount_min = filters.NumberFilter(field_name="amount", lookup_expr="gte", label="Amount from")
    amount_max = filters.NumberFilter(field_name="amount", lookup_expr="lte", label="Amount to")
    date_from = filters.DateFilter(field_name="announced_on", lookup_expr="gte", label="From")
    date_to = filters.DateFilter(field_name="announced_on", lookup_expr="lte", label="To")
    verified = TrueFalseFilter(method=_verified, label="Verified only")
    q = TextFilter(
        fields=("purpose", "amount_text", "donor__name", "recipient__name", "evidence__sentence"),
        label="Text",
    )

    class Meta:
        model = Pledge
        fields: list[str] = []

    def filter_country(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value:
            return qs
        pk = country_id(value)
        return qs.filter(Q(donor=pk) | Q(recipient=pk))

    def filter_currency(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(currency=value.strip().upper()) if value.strip() else qs


class OfficialFilter(filters.FilterSet):
    country = CodeFilter(field_name="posts__country", label="Country (ISO code)")
    role = filters.ChoiceFilter(field_name="posts__role", choices=Role.choices)
    verified = TrueFalseFilter(method=_verified, label="Verified only")
    q = filters.CharFilter(method="filter_text", label="Name")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_text(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return qs
        # Aliases are a JSON list; a text match on its serialised form is portable and enough.
        return qs.filter(Q(name__icontains=value) | Q(aliases__icontains=value))


class CountryFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_text", label="Name or code")
    sovereign = TrueFalseFilter(field_name="is_sovereign")

    class Meta:
        model = Country
        fields: list[str] = []

    def filter_text(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return qs
        return qs.filter(
            Q(name__icontains=value) | Q(code__iexact=value.strip()) | Q(aliases__icontains=value)
        )


class ArticleFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=Article.Status.choices)
    outlet = filters.CharFilter(lookup_expr="icontains")
    country = CodeFilter(field_name="countries", label="Country named (ISO code)")
    date_from = filters.DateFilter(field_name="published", lookup_expr="gte", label="From")
    date_to = filters.DateFilter(field_name="published", lookup_expr="lte", label="To")
    q = filters.CharFilter(method="filter_text", label="Text")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_text(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return qs
        return qs.filter(Q(title__icontains=value) | Q(text__icontains=value))
