from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "defensetrack.api"
    verbose_name = "REST API"
