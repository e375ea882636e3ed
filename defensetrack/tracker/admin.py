"""Django admin: declarative ModelAdmins with history; corrections and actions call services."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from defensetrack.tracker.errors import DomainError
from defensetrack.tracker.models import (
    Article,
    Country,
    Evidence,
    Feed,
    Meeting,
    Person,
    Pledge,
    Post,
)
from defensetrack.tracker.services.people import do_merge_persons
from defensetrack.tracker.services.verify import do_verify, do_verify_many


@admin.action(description="Mark selected records as verified")
def mark_verified(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = do_verify_many(records=list(queryset), user=request.user)
    modeladmin.message_user(request, f"{count} record(s) marked verified.", messages.SUCCESS)


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified"
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(verified_at__isnull=self.value() == "no")
        return queryset


class CorrectableAdmin(SimpleHistoryAdmin):
    """A fact record: saving it in admin is a human correction, so it becomes verified."""

    actions = [mark_verified]
    readonly_fields = ("verified_by", "verified_at", "created", "updated")

    def save_model(self, request, obj, form, change):
        do_verify(record=obj, user=request.user)

    @admin.display(boolean=True, description="verified")
    def verified(self, obj) -> bool:
        return obj.is_verified


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("article", "sentence", "start", "end", "confidence", "extractor_version")
    readonly_fields = fields
    can_delete = True
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "is_sovereign")
    list_filter = ("is_sovereign",)
    search_fields = ("code", "name", "official_name")
    readonly_fields = ("created", "updated")


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ("country", "role", "title", "start", "end", "verified_at")
    readonly_fields = ("verified_at",)
    autocomplete_fields = ("country",)
    show_change_link = True


@admin.action(description="Merge selected officials into the one with the most posts")
def merge_persons(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    people = sorted(queryset, key=lambda p: (-p.posts.count(), p.pk))
    if not people:
        return
    try:
        kept = do_merge_persons(keep=people[0], others=people[1:])
    except DomainError as exc:
        modeladmin.message_user(request, exc.message, messages.ERROR)
        return
    modeladmin.message_user(request, f"Merged into {kept}.", messages.SUCCESS)


@admin.register(Person)
class PersonAdmin(CorrectableAdmin):
    list_display = ("name", "verified", "updated")
    list_filter = (VerifiedFilter, "posts__role", "posts__country")
    search_fields = ("name", "aliases")
    inlines = [PostInline]
    actions = [mark_verified, merge_persons]


@admin.register(Post)
class PostAdmin(CorrectableAdmin):
    list_display = ("person", "role", "country", "start", "end", "verified")
    list_filter = (VerifiedFilter, "role", "country")
    search_fields = ("person__name", "title")
    autocomplete_fields = ("person", "country")
    date_hierarchy = "start"
    inlines = [EvidenceInline]


@admin.register(Meeting)
class MeetingAdmin(CorrectableAdmin):
    list_display = ("__str__", "date", "kind", "location", "verified")
    list_filter = (VerifiedFilter, "kind", "date_precision")
    search_fields = ("location", "countries__name", "participants__name")
    autocomplete_fields = ("countries", "participants")
    date_hierarchy = "date"
    inlines = [EvidenceInline]


@admin.register(Pledge)
class PledgeAdmin(CorrectableAdmin):
    list_display = ("__str__", "announced_on", "amount", "currency", "kind", "verified")
    list_filter = (VerifiedFilter, "kind", "currency")
    search_fields = ("donor__name", "recipient__name", "purpose", "amount_text")
    autocomplete_fields = ("donor", "recipient")
    date_hierarchy = "announced_on"
    inlines = [EvidenceInline]


@admin.action(description="Re-run extraction for selected articles")
def reprocess_articles(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> None:
    from defensetrack.tracker.services.articles import do_requeue_articles

    count = do_requeue_articles(article_ids=list(queryset.values_list("pk", flat=True)))
    modeladmin.message_user(request, f"{count} article(s) queued again.", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "outlet", "published", "status", "attempts", "extractor_version")
    list_filter = ("status", "source", "outlet")
    search_fields = ("title", "url", "canonical_url", "text")
    date_hierarchy = "published"
    readonly_fields = (
        "canonical_url",
        "content_hash",
        "status",
        "error",
        "attempts",
        "claimed_at",
        "processed_at",
        "extractor_version",
        "facts",
        "minhash",
        "created",
        "updated",
    )
    raw_id_fields = ("duplicate_of", "feed")
    filter_horizontal = ("countries",)
    actions = [reprocess_articles]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "article", "meeting", "pledge", "post", "confidence")
    search_fields = ("sentence", "article__title")
    raw_id_fields = ("article", "meeting", "pledge", "post")


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ("__str__", "enabled", "interval_minutes", "last_polled_at", "last_error")
    list_filter = ("enabled",)
    search_fields = ("url", "title")
    readonly_fields = (
        "etag",
        "last_modified",
        "last_polled_at",
        "last_error",
        "created",
        "updated",
    )
