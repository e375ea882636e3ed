from django.apps import AppConfig


class TrackerConfig(AppConfig):
    name = "defensetrack.tracker"
    verbose_name = "Defence cooperation tracker"
    default_auto_field = "django.db.models.BigAutoField"
