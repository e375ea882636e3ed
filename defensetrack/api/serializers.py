"""Output shapes for the API, plus input serializers for the few writes."""

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from defensetrack.tracker.models import Article, Country, Evidence, Meeting, Person, Pledge, Post


class CountryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name"]


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name"]


class EvidenceSerializer(serializers.ModelSerializer):
    article_id = serializers.IntegerField()
    article_url = serializers.CharField(source="article.url")
    title = serializers.CharField(source="article.title")
    outlet = serializers.CharField(source="article.outlet")
    published = serializers.DateField(source="article.published", allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "article_id",
            "article_url",
            "title",
            "outlet",
            "published",
            "sentence",
            "start",
            "end",
            "confidence",
        ]


class VerifiedMixin(serializers.Serializer):
    verified = serializers.BooleanField(source="is_verified", read_only=True)


class CountrySerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["code", "name", "official_name", "is_sovereign", "aliases"]


class PostSerializer(VerifiedMixin, serializers.ModelSerializer):
    country = CountryRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Post
        fields = ["id", "person", "country", "role", "title", "start", "end", "verified"]


class PostInOfficialSerializer(PostSerializer):
    class Meta(PostSerializer.Meta):
        fields = ["id", "country", "role", "title", "start", "end", "verified"]


class OfficialSerializer(VerifiedMixin, serializers.ModelSerializer):
    posts = PostInOfficialSerializer(many=True, read_only=True)

    class Meta:
        model = Person
        fields = ["id", "name", "aliases", "posts", "verified"]


class MeetingSerializer(VerifiedMixin, serializers.ModelSerializer):
    countries = CountryRefSerializer(many=True, read_only=True)
    participants = PersonRefSerializer(many=True, read_only=True)
    topics = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "date",
            "date_precision",
            "kind",
            "location",
            "topics",
            "countries",
            "participants",
            "verified",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "evidence"]


class PledgeSerializer(VerifiedMixin, serializers.ModelSerializer):
    donor = CountryRefSerializer(read_only=True)
    recipient = CountryRefSerializer(read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id",
            "donor",
            "recipient",
            "amount",
            "currency",
            "amount_text",
            "period",
            "kind",
            "purpose",
            "announced_on",
            "verified",
        ]


class PledgeDetailSerializer(PledgeSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta(PledgeSerializer.Meta):
        fields = [*PledgeSerializer.Meta.fields, "evidence"]


class ArticleSerializer(serializers.ModelSerializer):
    status_url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "published",
            "status",
            "error",
            "attempts",
            "extractor_version",
            "duplicate_of",
            "created",
            "status_url",
        ]

    def get_status_url(self, article: Article) -> str:
        path = reverse("api:article-detail", kwargs={"pk": article.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ArticleDetailSerializer(ArticleSerializer):
    """The article, and the records it supports: what a client polls for after posting one."""

    countries = CountryRefSerializer(many=True, read_only=True)
    meetings = serializers.SerializerMethodField(help_text="Ids of meetings this article reports.")
    pledges = serializers.SerializerMethodField(help_text="Ids of pledges this article reports.")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "text", "countries", "meetings", "pledges"]

    def get_meetings(self, article: Article) -> list[int]:
        return sorted({e.meeting_id for e in article.evidence.all() if e.meeting_id})

    def get_pledges(self, article: Article) -> list[int]:
        return sorted({e.pledge_id for e in article.evidence.all() if e.pledge_id})


# Writes ----------------------------------------------------------------------------------------


class ArticleInputSerializer(serializers.Serializer):
    """An article to ingest: its address, or its text with whatever metadata is known."""

    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    outlet = serializers.CharField(required=False, allow_blank=True, max_length=200)
    published = serializers.DateField(required=False, allow_null=True)

    def validate_text(self, text: str) -> str:
        if len(text) > settings.ARTICLE_MAX_CHARS:
            raise serializers.ValidationError(
                f"The text is longer than {settings.ARTICLE_MAX_CHARS} characters."
            )
        return text

    def validate(self, data: dict) -> dict:
        if not data.get("url", "").strip() and not data.get("text", "").strip():
            raise serializers.ValidationError("Give the article's url, or its text.")
        return data


class AcceptedArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    created = serializers.BooleanField(help_text="False when the article was already known.")
    status_url = serializers.CharField()


class MeetingCorrectionSerializer(serializers.ModelSerializer):
    countries = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), many=True, required=False
    )
    participants = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    topics = serializers.ListField(child=serializers.CharField(max_length=50), required=False)

    class Meta:
        model = Meeting
        fields = [
            "date",
            "date_precision",
            "kind",
            "location",
            "topics",
            "countries",
            "participants",
        ]

    def validate_countries(self, countries: list[Country]) -> list[Country]:
        if len(set(countries)) < 2:
            raise serializers.ValidationError("A meeting has at least two countries.")
        return countries


class PledgeCorrectionSerializer(serializers.ModelSerializer):
    donor = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False
    )
    recipient = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False
    )
    amount = serializers.DecimalField(
        max_digits=20, decimal_places=2, min_value=Decimal("0.01"), required=False
    )

    class Meta:
        model = Pledge
        fields = [
            "donor",
            "recipient",
            "amount",
            "currency",
            "period",
            "kind",
            "purpose",
            "announced_on",
        ]

    def validate_currency(self, currency: str) -> str:
        if len(currency) != 3 or not currency.isalpha():
            raise serializers.ValidationError("Use a three-letter ISO 4217 code, such as EUR.")
        return currency.upper()

    def validate(self, data: dict) -> dict:
        donor = data.get("donor", getattr(self.instance, "donor", None))
        recipient = data.get("recipient", getattr(self.instance, "recipient", None))
        if donor is not None and donor == recipient:
            raise serializers.ValidationError("The donor and the recipient must differ.")
        return data


class PostCorrectionSerializer(serializers.ModelSerializer):
    country = serializers.SlugRelatedField(
        slug_field="code", queryset=Country.objects.all(), required=False
    )

    class Meta:
        model = Post
        fields = ["country", "role", "title", "start", "end"]

    def validate(self, data: dict) -> dict:
        start = data.get("start", getattr(self.instance, "start", None))
        end = data.get("end", getattr(self.instance, "end", None))
        if start and end and start > end:
            raise serializers.ValidationError("A post cannot end before it starts.")
        return data


class TimelineEntrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["meeting", "pledge"])
    date = serializers.DateField(allow_null=True)
    meeting = serializers.SerializerMethodField()
    pledge = serializers.SerializerMethodField()

    @cached_property
    def _shapes(self) -> dict[str, serializers.Serializer]:
        # One child per type for the whole page: building a ModelSerializer's fields costs more
        # than rendering a row, and a new one per entry was most of the timeline's time.
        return {"meeting": MeetingSerializer(), "pledge": PledgeSerializer()}

    @extend_schema_field(MeetingSerializer(allow_null=True))
    def get_meeting(self, entry) -> dict | None:
        return self._render(entry, "meeting")

    @extend_schema_field(PledgeSerializer(allow_null=True))
    def get_pledge(self, entry) -> dict | None:
        return self._render(entry, "pledge")

    def _render(self, entry, kind: str) -> dict | None:
        # With many=True this serializer is the list's one child, so the page shares _shapes.
        return self._shapes[kind].to_representation(entry.record) if entry.type == kind else None


class TimelinePageSerializer(serializers.Serializer):
    next = serializers.CharField(allow_null=True, help_text="The next page's address, or null.")
    results = TimelineEntrySerializer(many=True)
