from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "defensetrack.web"
    verbose_name = "Dashboard pages"
