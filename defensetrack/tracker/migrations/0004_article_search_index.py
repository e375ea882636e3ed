"""A GIN index for the article search on PostgreSQL, on exactly the expression the query in
selectors.search_everything filters on (title weighted A, text weighted B, English config).

PostgreSQL only: SQLite has no tsvector (its search is a substring match), and an expression
index in Article.Meta.indexes would be created there too and fail. So the index is not in the
model state, and makemigrations stays clean on both databases.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# Written out, not imported from the app: a migration must build what it built the first time.
ARTICLE_SEARCH = GinIndex(
    SearchVector("title", weight="A", config="english")
    + SearchVector("text", weight="B", config="english"),
    name="article_search",
)


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("tracker", "Article"), ARTICLE_SEARCH)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("tracker", "Article"), ARTICLE_SEARCH)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0003_pledge_match_index"),
    ]

    operations = [
        migrations.RunPython(add_index, remove_index, elidable=False),
    ]
