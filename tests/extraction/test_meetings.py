"""Meetings: held (not planned) talks between countries, in person, by phone or video."""

from datetime import date

import pytest

from defensetrack.extraction import extract

PUBLISHED = date(2024, 1, 12)  # a Friday


def meetings(text: str) -> set[tuple[tuple[str, ...], date | None, str]]:
    return {(m.countries, m.date, m.kind) for m in extract(text, published=PUBLISHED).meetings}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ukrainian Defence Minister Rustem Umerov held talks with French Minister of the Armed "
            "Forces Sébastien Lecornu in Paris on Thursday.",
            (("FR", "UA"), date(2024, 1, 11), "meeting"),
        ),
        (
            "Polish Foreign Minister Radosław Sikorski spoke by phone with his Lithuanian "
            "counterpart Gabrielius Landsbergis today.",
            (("LT", "PL"), PUBLISHED, "call"),
        ),
        (
            "Japanese Prime Minister Fumio Kishida and President Volodymyr Zelensky held a video "
            "call yesterday.",
            (("JP", "UA"), date(2024, 1, 11), "video_call"),
        ),
        (
            "British Prime Minister Rishi Sunak arrived in Kyiv on Friday and met President "
            "Volodymyr Zelensky.",
            (("GB", "UA"), PUBLISHED, "meeting"),
        ),
        (
            "In Tokyo on Friday, Japanese Prime Minister Fumio Kishida agreed with Indonesian "
            "President Joko Widodo on a patrol vessel.",
            (("ID", "JP"), PUBLISHED, "meeting"),
        ),
        (
            "Canadian Prime Minister Justin Trudeau, meeting Zelensky separately on Friday, "
            "announced more aid.",
            (("CA", "UA"), PUBLISHED, "meeting"),
        ),
    ],
)
def test_bilateral_meetings(text, expected):
    assert expected in meetings(text)


@pytest.mark.parametrize(
    "text",
    [
        "German Chancellor Olaf Scholz will meet President Volodymyr Zelensky next week.",
        "President Volodymyr Zelensky is expected to meet Polish President Andrzej Duda in Warsaw.",
        "Estonian Prime Minister Kaja Kallas invited President Volodymyr Zelensky to Tallinn.",
        "US President Joe Biden will host Japanese Prime Minister Fumio Kishida later today.",
        "Ukrainian Defence Minister Rustem Umerov met NATO Secretary General Jens Stoltenberg.",
        "US President Joe Biden said he had begun arranging a meeting between the Russian and "
        "Ukrainian presidents.",
        "Reports mentioned a possible stop in Paris for talks with President Emmanuel Macron.",
        "Kremlin aides were cautious about a summit with President Joe Biden.",
    ],
)
def test_planned_or_one_sided_talks_are_not_meetings(text):
    assert meetings(text) == set()


def test_delegations_named_by_demonym_are_sides():
    text = "Talks between Ukrainian and Russian delegations took place in Istanbul on Friday."
    assert (("RU", "UA"), PUBLISHED, "meeting") in meetings(text)


def test_title_only_side_counts():
    text = (
        "Ukraine's Defence Minister Rustem Umerov held talks with the Dutch defence minister "
        "on Tuesday."
    )
    assert (("NL", "UA"), date(2024, 1, 9), "meeting") in meetings(text)


def test_pronoun_subject_is_read_from_the_previous_sentence():
    text = (
        "Ukrainian Defence Minister Rustem Umerov arrived in Madrid. "
        "He also held a meeting with Spanish Defence Minister Margarita Robles."
    )
    assert any(c == ("ES", "UA") for c, _, _ in meetings(text))


def test_two_clauses_give_two_meetings():
    text = (
        "Ukraine's Defence Minister Rustem Umerov held talks with US Defense Secretary Lloyd "
        "Austin, followed by a separate meeting with British Defence Secretary Grant Shapps."
    )
    sides = {c for c, _, _ in meetings(text)}
    assert {("UA", "US"), ("GB", "UA")} <= sides


def test_multilateral_gathering_lists_the_countries_taking_part():
    text = (
        "The Ukraine Defense Contact Group met by video link on Tuesday, chaired by US Defense "
        "Secretary Lloyd Austin. Ukraine's Defence Minister Rustem Umerov briefed the partners. "
        "Canada will allocate C$20 million for drones and Norway pledged NOK 500 million."
    )
    found = extract(text, published=PUBLISHED).meetings
    gathering = [m for m in found if len(m.countries) > 2]
    assert gathering
    assert set(gathering[0].countries) == {"CA", "NO", "UA", "US"}
    assert gathering[0].kind == "video_call"


def test_month_alone_gives_no_date():
    text = (
        "Let us remind you\nUkrainian Defence Minister Rustem Umerov and Polish Defence "
        "Minister Władysław Kosiniak-Kamysz first met in December."
    )
    found = extract(text, published=PUBLISHED).meetings
    assert found and found[0].date is None and found[0].date_precision is None


def test_topics_come_from_the_closed_list():
    text = (
        "Ukrainian Defence Minister Rustem Umerov held talks with French Minister of the Armed "
        "Forces Sébastien Lecornu on joint production of drones and air defence."
    )
    meeting = extract(text, published=PUBLISHED).meetings[0]
    assert {"drones", "air_defence", "joint_production"} <= set(meeting.topics)
