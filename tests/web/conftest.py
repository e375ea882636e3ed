import pytest

from tests import factories


@pytest.fixture
def make_events(db):
    """`rows` meetings (with a participant and a source) and `rows` pledges."""

    def make(rows: int) -> None:
        person = factories.PersonFactory(name="Anna Example")
        factories.PostFactory(person=person)
        article = factories.ArticleFactory(url="https://example.org/a")
        for index in range(rows):
            meeting = factories.MeetingFactory(participants=[person])
            factories.EvidenceFactory(
                article=article, meeting=meeting, start=index * 10, end=index * 10 + 5
            )
            factories.PledgeFactory()

    return make
