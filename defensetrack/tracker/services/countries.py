"""Keep the Country table in step with ISO 3166 (pycountry) and our curated aliases."""

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry

EU_CODE = "EU"


@cache
def _curated_aliases() -> dict[str, list[str]]:
    """Aliases per code from the extractor's gazetteer, the one place that knowledge lives."""
    try:
        raw = resources.files("defensetrack.extraction").joinpath("data/countries.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        return {}
    return {code.upper(): sorted(set(_strings(entry))) for code, entry in json.loads(raw).items()}


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def country_rows() -> list[dict[str, Any]]:
    """Every ISO country plus the EU, as field values for Country."""
    rows = []
    for record in pycountry.countries:
        name = getattr(record, "common_name", None) or record.name
        official = getattr(record, "official_name", "")
        aliases = {record.name, official, *_curated_aliases().get(record.alpha_2, [])} - {"", name}
        rows.append(
            {
                "code": record.alpha_2,
                "name": name,
                "official_name": official,
                "is_sovereign": True,
                "aliases": sorted(aliases),
            }
        )
    rows.append(
        {
            "code": EU_CODE,
            "name": "European Union",
            "official_name": "European Union",
            "is_sovereign": False,
            "aliases": ["EU"],
        }
    )
    return rows


def sync_countries(*, country_model: Any = None) -> int:
    """Create missing countries and refresh names and aliases; returns how many were created.

    Takes the model class so a data migration can pass its historical model.
    """
    if country_model is None:
        from defensetrack.tracker.models import Country as country_model
    created = 0
    for row in country_rows():
        code = row.pop("code")
        _, was_created = country_model.objects.update_or_create(code=code, defaults=row)
        created += was_created
    return created
