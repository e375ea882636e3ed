"""docker-compose.yml and .env.example agree with the settings and the code they start.

No Docker engine runs on our machines, so this is the check that the compose file is not stale.
"""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = (ROOT / "defensetrack" / "settings.py").read_text()
SETTINGS_VARIABLES = set(re.findall(r'(?:env_\w+|environ(?:\.get)?)\(?\[?\s*"([A-Z_]+)"', SETTINGS))
SETTINGS_VARIABLES |= set(re.findall(r'^\s*"([A-Z_]+)",\s*"', SETTINGS, flags=re.M))
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]


def test_settings_variables_were_found():
    # Guards the regular expressions above: a rename in settings.py must not empty the set.
    assert {
        "SECRET_KEY",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "FETCH_USER_AGENT",
    } <= SETTINGS_VARIABLES


def test_every_setting_variable_is_documented_in_env_example_and_readme():
    example = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), flags=re.M))
    readme = (ROOT / "README.md").read_text()
    assert SETTINGS_VARIABLES - example == set()
    assert [name for name in SETTINGS_VARIABLES if f"`{name}`" not in readme] == []


def test_compose_has_the_production_stack_with_health_checks():
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(SERVICES)
    for name in ["postgres", "redis", "web", "worker"]:
        assert "healthcheck" in SERVICES[name], name
    assert "postgres-data" in COMPOSE["volumes"]
    assert any(v.startswith("postgres-data:") for v in SERVICES["postgres"]["volumes"])


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_read_only_variables_the_settings_know(service):
    environment = SERVICES[service]["environment"]
    assert set(environment) <= SETTINGS_VARIABLES
    assert environment["DEBUG"] == "false"
    assert environment["DATABASE_URL"].startswith("postgres://")
    assert environment["CELERY_BROKER_URL"].startswith("redis://redis:")
    assert "SECRET_KEY" in environment


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_start_code_that_exists(service):
    command = SERVICES[service]["command"]
    program = command[0]
    if program == "gunicorn":
        module, _, attribute = command[1].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
    elif program == "celery":
        app_module = command[command.index("-A") + 1]
        assert importlib.import_module(app_module).app.main == "defensetrack"
        assert command[command.index("-A") + 2] in {"worker", "beat"}
    else:
        assert command[:2] == ["python", "manage.py"]
        assert command[2] in get_commands()


def test_the_image_builds_from_files_that_exist():
    copied = re.findall(r"^COPY (.+) \S+$", (ROOT / "Dockerfile").read_text(), flags=re.M)
    for sources in copied:
        for source in sources.split():
            assert (ROOT / source).exists(), source
