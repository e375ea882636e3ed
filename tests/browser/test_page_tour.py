"""Every page opens in Chromium without a browser error; screenshots go to test-artifacts/pages/
so a person can review the look (the directory is git-ignored)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"


@pytest.fixture
def demo():
    umerov = factories.PersonFactory(name="Rustem Umerov")
    factories.PostFactory(person=umerov, start=date(2023, 9, 6))
    lecornu = factories.PersonFactory(name="Sébastien Lecornu")
    factories.PostFactory(person=lecornu, country=factories.country("FR"))
    text = (
        "PARIS — Ukraine's defence minister Rustem Umerov met his French counterpart "
        "Sébastien Lecornu in Paris on Tuesday. <script>alert(1)</script> France pledged "
        "€3 billion in military aid for 2025."
    )
    article = factories.ArticleFactory(
        title="Umerov and Lecornu meet in Paris", url="https://news.example.org/paris", text=text
    )
    meeting = factories.MeetingFactory(
        countries=["UA", "FR"],
        participants=[umerov, lecornu],
        location="Paris",
        topics=["air defence", "drones"],
        date=date(2025, 6, 3),
    )
    first = text.index("Ukraine's")
    factories.EvidenceFactory(
        article=article,
        meeting=meeting,
        sentence=text[first : text.index(" <")],
        start=first,
        end=text.index(" <"),
    )
    pledge = factories.PledgeFactory(
        donor=factories.country("FR"),
        amount=Decimal("3000000000"),
        currency="EUR",
        amount_text="€3 billion",
        announced_on=date(2025, 6, 3),
        purpose="military aid",
    )
    start = text.index("France pledged")
    factories.EvidenceFactory(
        article=article, pledge=pledge, sentence=text[start:], start=start, end=len(text)
    )
    for month in range(1, 6):
        factories.MeetingFactory(countries=["UA", "PL"], date=date(2025, month, 10), kind="call")
        factories.PledgeFactory(
            announced_on=date(2024, month * 2, 1), amount=Decimal(month) * 10**8
        )
    return {"meeting": meeting, "pledge": pledge, "umerov": umerov, "article": article}


def test_every_page_opens_without_browser_errors(live_server, page, demo):
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    SHOTS.mkdir(parents=True, exist_ok=True)
    paths = {
        "timeline": "/",
        "meeting": demo["meeting"].get_absolute_url(),
        "pledge": demo["pledge"].get_absolute_url(),
        "pledges": "/pledges/",
        "country": "/countries/UA/",
        "official": demo["umerov"].get_absolute_url(),
        "article": demo["article"].get_absolute_url(),
        "countries": "/countries/",
        "search": "/search/?q=Umerov",
        "bad-filter": "/?date_from=someday",
        "not-found": "/meetings/999999/",
    }
    for name, path in paths.items():
        page.goto(live_server.url + path)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert errors == []  # the <script> in the article text never ran
