"""Page furniture is told from an article's paragraphs: the scraped noise of issue 23 goes, prose that looks like it stays."""

import pytest

from analysis.curation.boilerplate import read_byline, read_dateline, sort_paragraphs, why_furniture

FURNITURE = {  # the noise issue 23 met in scraped news, and its kin
    "Advertisement": "advertisement",
    "ADVERTISEMENT": "advertisement",
    "Story continues below advertisement": "advertisement",
    "MORE: Should I Eat Olives?": "another story's headline",
    "ALSO: Drinking Coffee Every Day Helps You Live Longer, Huge Study Finds": "another story's headline",
    "ALSO Man Survives Six Hours Clinging to Capsized Boat": "another story's headline",
    "READ MORE | Probiotics for anxiety: what the evidence says": "another story's headline",
    "Read more: Gut bacteria linked to depression": "another story's headline",
    "Related stories": "another story's headline",
    "Share this article:": "share buttons",
    "Share on Facebook": "share buttons",
    "Copy link": "share buttons",
    "Photograph: Getty Images": "photo credit",
    "We use cookies to improve your experience. Accept all cookies or manage your settings.": "cookie notice",
    "Sign up for our Health newsletter, every Friday": "newsletter sign-up",
    "Follow us on Twitter @AmerGastroAssn, @AGA_Gastro (New!)": "social media",  # a development article's
    "Like AGA and Gastroenterology on Facebook.": "social media",
    "© 2024 The Morning Ledger Ltd. All rights reserved.": "copyright line",
    "Topics: Nutrition, Mental health, Microbiome": "topic tags",
}
PROSE = [  # sentences of articles that start or end like furniture, and are not
    "More research is needed before doctors can recommend it.",
    "Also, the volunteers knew which diet they were following.",
    "MORE than half of the volunteers said they slept better.",  # a lede set in capitals
    "Advertising for supplements often claims more than the trials show, Grant said.",
    "Share of adults taking probiotics rose to 12 per cent.",
    "Related research in mice found the same, but mice are not people.",
    "Source:",  # a press release's label for the paper it reports
    "Follow the advice of your doctor before changing your diet.",
    "ALSO: the volunteers ate more fibre, which may explain part of the effect, the authors wrote in the paper's "
    "discussion of its limits and of what a larger trial would need to measure.",  # too long for a headline
]


@pytest.mark.parametrize("paragraph", FURNITURE)
def test_page_furniture_is_left_out_and_named(paragraph):
    assert why_furniture(paragraph) == FURNITURE[paragraph]


@pytest.mark.parametrize("paragraph", PROSE)
def test_prose_that_looks_like_furniture_is_kept(paragraph):
    assert why_furniture(paragraph) is None


def test_the_byline_dateline_and_a_repeated_title_are_taken_out_of_the_opening():
    title = "Fermented foods may ease everyday stress"
    found = sort_paragraphs(
        [
            "Fermented foods may ease everyday stress",
            "By Dana Whitfield, Health reporter",
            "15 March 2024, 9:30am",
            "Adults who added fermented foods to their meals said they felt less stressed, a small trial found.",
            "By Dana Whitfield",  # past the opening: text, whatever it looks like
        ],
        title,
    )
    assert found.kept == [
        "Adults who added fermented foods to their meals said they felt less stressed, a small trial found.",
        "By Dana Whitfield",
    ]
    assert [why for _, why in found.left_out] == ["the title again", "byline", "dateline"]
    assert (found.byline, found.dateline) == ("Dana Whitfield", "2024-03-15")


def test_a_sentence_starting_with_by_is_no_byline():
    assert read_byline("By the end of the trial, stress scores had fallen") == ""
    assert read_byline("By Amira Haddad and Lewis Grant | Science desk") == "Amira Haddad and Lewis Grant"
    found = sort_paragraphs(["By the end of the trial, stress scores had fallen by 32 per cent."])
    assert found.kept and not found.left_out


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("15 March 2024", "2024-03-15"),
        ("Updated: March 16, 2024 at 2:05 p.m.", "2024-03-16"),
        ("Published 2024-03-15", "2024-03-15"),
        ("Mon 4th Nov. 2019", "2019-11-04"),
        ("30 February 2024", ""),  # no such day
        ("The trial ran from 15 March 2024 to the end of April, and 48 adults took part in it.", ""),  # a sentence
    ],
)
def test_a_dateline_gives_its_date(line, date):
    assert read_dateline(line) == date
