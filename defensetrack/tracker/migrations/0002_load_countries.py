"""Load every ISO 3166 country, plus the EU as a non-sovereign donor."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from defensetrack.tracker.services.countries import sync_countries

    sync_countries(country_model=apps.get_model("tracker", "Country"))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
