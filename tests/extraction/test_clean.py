"""Page noise removal and sentence splitting with offsets."""

import pytest

from defensetrack.extraction.clean import clean_text, split_sentences


@pytest.mark.parametrize(
    "noise",
    [
        "Finland readies a new aid package - Häkkänen12.03.24, 09:41 • 2310 views",
        "Read also: Estonia sends more shells",
        "Share",
        "Share this article",
    ],
)
def test_noise_lines_are_dropped(noise):
    body = f"Poland sent tanks to Ukraine.\n{noise}\nThe tanks arrived in March."
    assert clean_text(body) == "Poland sent tanks to Ukraine.\nThe tanks arrived in March."


def test_captions_are_kept():
    body = "Photo: Rishi Sunak and Volodymyr Zelensky in Kyiv.\nThe two signed a pact."
    assert "Rishi Sunak" in clean_text(body)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austin met Reznikov. They talked.", ["Austin met Reznikov.", "They talked."]),
        (
            "Lloyd J. Austin III spoke. Then he left.",
            ["Lloyd J. Austin III spoke.", "Then he left."],
        ),
        (
            "Mr. Blinken flew to Kyiv. He met Kuleba.",
            ["Mr. Blinken flew to Kyiv.", "He met Kuleba."],
        ),
        ("The U.S. sent $1.5 billion. It helps.", ["The U.S. sent $1.5 billion.", "It helps."]),
    ],
)
def test_sentences_split_and_keep_offsets(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_let_us_remind_you_opens_background():
    text = "Main news today.\nLet us remind you\nEarlier, something else happened."
    flags = [(s.text, s.background) for s in split_sentences(text)]
    assert flags[0] == ("Main news today.", False)
    assert flags[-1] == ("Earlier, something else happened.", True)
