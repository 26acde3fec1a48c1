"""A claim in somebody's spoken words is told from one that reports research."""

from analysis.curation.attribution import is_attributed

TEXT = """Probiotics calm anxious adults, a trial finds

A randomised trial of 120 adults gave a daily probiotic for eight weeks. "We found less anxiety in the probiotic group," said the lead author.
"Everyone should eat more fermented food," says Dr. Jane Smith, who was not involved. "It is simply good sense."
The study says the effect was small. Fibre feeds the gut's bacteria.
"""


def test_reported_speech_and_a_quotation_are_the_speaker_s_view():
    assert is_attributed("Everyone should eat more fermented food", TEXT)
    assert is_attributed("It is simply good sense.", TEXT)  # inside a quotation its paragraph attributes


def test_research_in_the_speaker_s_mouth_is_a_report_not_a_view():
    assert not is_attributed("We found less anxiety in the probiotic group", TEXT)
    assert not is_attributed("The study says the effect was small.", TEXT)


def test_a_sentence_nobody_says_is_not_attributed():
    assert not is_attributed("Fibre feeds the gut's bacteria.", TEXT)
    assert not is_attributed("Words the article never wrote.", TEXT)
