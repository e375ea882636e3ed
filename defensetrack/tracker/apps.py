from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_countries(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """Countries are reference data: bring them back when a flush emptied the table.

    Django emits post_migrate after `migrate` and after `flush` (as in transactional tests), the
    same way it restores content types; when the table has rows this is one cheap query.
    """
    from defensetrack.tracker.models import Country
    from defensetrack.tracker.services.countries import sync_countries

    if not Country.objects.using(using).exists():
        sync_countries(country_model=Country.objects.db_manager(using).model)


class TrackerConfig(AppConfig):
    name = "defensetrack.tracker"
    verbose_name = "Defence cooperation tracker"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(ensure_countries, sender=self)
