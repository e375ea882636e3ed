"""Officials: titles before or after names, counterparts, surnames, and who is not one."""

from datetime import date

import pytest

from defensetrack.extraction import extract

PUBLISHED = date(2024, 3, 1)


def officials(text: str, published: date = PUBLISHED) -> set[tuple[str, str, str]]:
    return {(o.name, o.country, o.role) for o in extract(text, published=published).officials}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "French Minister of the Armed Forces Sébastien Lecornu visited the plant.",
            ("Sébastien Lecornu", "FR", "defence_minister"),
        ),
        (
            "Rustem Umerov, head of the Ministry of Defence, briefed the partners.",
            ("Rustem Umerov", "UA", "defence_minister"),
        ),
        (
            "German Chancellor Olaf Scholz spoke to reporters.",
            ("Olaf Scholz", "DE", "head_of_government"),
        ),
        (
            "US Secretary of Defense Lloyd Austin opened the meeting.",
            ("Lloyd Austin", "US", "defence_minister"),
        ),
        (
            "Secretary of State Antony Blinken arrived in Kyiv.",
            ("Antony Blinken", "US", "foreign_minister"),
        ),
        (
            "Polish Prime Minister Donald Tusk announced the decision.",
            ("Donald Tusk", "PL", "head_of_government"),
        ),
        (
            "Poland's Deputy Prime Minister and Minister of National Defence Władysław Kosiniak-Kamysz signed it.",
            ("Władysław Kosiniak-Kamysz", "PL", "defence_minister"),
        ),
        (
            "South Korean Foreign Minister Cho Tae-yul called his colleague.",
            ("Cho Tae-yul", "KR", "foreign_minister"),
        ),
        (
            "Danish Deputy Defence Minister Anna Holm visited Odesa.",
            ("Anna Holm", "DK", "deputy_minister"),
        ),
        (
            "Britain's Chancellor of the Exchequer Jeremy Hunt set out the budget.",
            ("Jeremy Hunt", "GB", "finance_minister"),
        ),
        (
            "Japan's State Minister for Foreign Affairs Yoshifumi Tsuge visited Kyiv.",
            ("Yoshifumi Tsuge", "JP", "deputy_minister"),
        ),
        (
            "Denmark's Minister for Industry, Business and Financial Affairs Morten Bødskov spoke.",
            ("Morten Bødskov", "DK", "other_minister"),
        ),
        (
            "Poland has sent 300 trucks, Anna Kowalska, the minister who heads the Chancellery, said.",
            ("Anna Kowalska", "PL", "other_minister"),
        ),
    ],
)
def test_title_gives_name_country_and_role(text, expected):
    assert expected in officials(text)


def test_counterpart_takes_country_from_demonym_and_role_from_subject():
    text = (
        "Ukraine's Defence Minister Rustem Umerov spoke with his Norwegian counterpart, "
        "Tore Onshus Sandvik, about drones."
    )
    found = officials(text, date(2025, 6, 5))
    assert ("Tore Onshus Sandvik", "NO", "defence_minister") in found


def test_surname_later_is_an_alias_not_a_second_person():
    text = (
        "Spanish Defence Minister Margarita Robles arrived in Kyiv. "
        "Robles said Madrid would send more missiles."
    )
    facts = extract(text, published=date(2023, 6, 1))
    robles = [o for o in facts.officials if o.country == "ES"]
    assert len(robles) == 1
    assert robles[0].name == "Margarita Robles"


@pytest.mark.parametrize(
    "text",
    [
        "General Mark Milley, the chairman of the Joint Chiefs of Staff, attended.",
        "NATO Secretary General Jens Stoltenberg welcomed the pledge.",
        "European Commission President Ursula von der Leyen spoke in Strasbourg.",
        "US Vice President Kamala Harris met the delegation.",
        "Hanwha Aerospace President Son Jae-il signed the contract.",
        "The US ambassador, Bridget Brink, attended the ceremony.",
        "India's Defence Secretary Giridhar Aramane signed the deal.",
        "Former Prime Minister Boris Johnson visited Kyiv again.",
        "Defence Secretary Arun Mehta, the ministry's top civil servant, signed the papers.",
        "They met at Chequers, the prime minister's country residence.",
        "Rafael's president and chief executive, Yoav Cohen, attended.",
    ],
)
def test_not_officials(text):
    assert officials(text) == set()


def test_title_only_gives_no_official_but_a_country():
    facts = extract("The Dutch defence minister announced a donation.", published=PUBLISHED)
    assert facts.officials == ()
    assert "NL" in facts.countries


def test_evidence_is_the_sentence():
    text = "Markets were calm. Canada's Defence Minister Bill Blair visited Riga."
    facts = extract(text, published=PUBLISHED)
    blair = facts.officials[0]
    assert blair.evidence.text == "Canada's Defence Minister Bill Blair visited Riga."
    assert facts.text[blair.evidence.start : blair.evidence.end] == blair.evidence.text
