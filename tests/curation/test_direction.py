"""The direction add-claim proposes for a claim: the words of direction of its quote, composed."""

import shutil

import pytest

from analysis.common.paths import CLAIMS_DIR
from analysis.curation.direction import propose_direction
from analysis.language.detector import load_lexicon, read_sentence
from analysis.workbook.vocabulary import load_vocabulary


def direction_of(quote, claims_dir=CLAIMS_DIR):
    """The direction proposed for `quote` with the vocabulary and lexicon of `claims_dir`."""
    lexicon = load_lexicon(claims_dir / "lexicon.csv")
    reading = read_sentence(quote, lexicon, claimed=True)
    return propose_direction(quote, load_vocabulary(claims_dir), reading, lexicon)


@pytest.mark.parametrize(
    "quote, direction",
    [
        ("Probiotics reduce anxiety.", "beneficial"),
        ("Stress worsens gut health.", "harmful"),
        ("Kefir helps tame inflammation.", "beneficial"),
        ("Taming inflammation protects the brain.", "beneficial"),  # lessening a harm
        ("Antibiotics deplete beneficial bacteria.", "harmful"),  # lessening a good
        ("Sugar provides poor fuel for beneficial microbes.", "harmful"),
        ("Exercise can contribute to a healthier gut.", "beneficial"),  # passes on what follows
        ("Chronic inflammation can contribute to depression.", "harmful"),
        ("Poor sleep can worsen anxiety.", "beneficial"),  # sleep, named by its lack, is good
        ("Studies show that people with low levels of fibre report more anxiety.", "beneficial"),
        ("Limiting sugary drinks is a simple step for your gut.", "harmful"),  # what one limits harms
        ("The probiotic did not improve mood.", "no-effect"),
        ("For most healthy children, a probiotic is unlikely to do harm.", "no-effect"),  # judged unlikely
        ("Fermented foods are unlikely to harm most people.", "no-effect"),
        ("The difference was unlikely to be due to chance.", "unspecified"),  # of the statistics, not an effect
        ("Kefir eases anxiety and is unlikely to cause harm.", "beneficial"),  # the claim's own direction first
        ("The benefit was unlikely to be explained by chance alone.", "beneficial"),
        ("Responses to probiotics vary from person to person.", "mixed"),
        ("More research is needed on kefir and mood.", "unspecified"),  # a call for research
        ("Kefir is a promising option.", "unspecified"),  # a hedge word names no direction
        ("Reviews pooling them generally find a small benefit.", "beneficial"),  # a hedge qualifies the word
        ("People who ate the most fibre were less likely to develop depression.", "beneficial"),
        ("Those eating the most ultra-processed food were more likely to report depression.", "harmful"),
        ("They were more likely to report better mood.", "beneficial"),  # what is made likely is good: a benefit
        ("Participants were more likely to have taken antibiotics.", "unspecified"),  # no condition made likely
        ("This work lays the foundation for broader applications.", "unspecified"),  # a hedge of its own
        ("Talk to your doctor before starting supplements.", "beneficial"),  # advice recommends a benefit
        ("Kefir is a fermented milk drink.", "unspecified"),
        ("If you feed the gut properly, you get calmer, happier children.", "beneficial"),  # the lexicon's words
        ("I slept better and felt less anxious.", "beneficial"),  # of an effect (kind `effect`)
        ("It made a real difference to his mood.", "beneficial"),
        ("It made no difference to his mood.", "no-effect"),
        ("Sugary snacks give you an energy crash in the afternoon.", "harmful"),
        ("Kefir won't make you happier.", "no-effect"),  # a word of an effect denied
        ("No one slept better on the supplement.", "no-effect"),
        ("A probiotic is unlikely to make anxiety worse.", "no-effect"),
        ("Kefir made me calmer and is unlikely to cause harm.", "beneficial"),
        ("My cravings have noticeably reduced and I sleep better.", "beneficial"),  # the result is not flipped
        ("Pain relief medicines like ibuprofen can damage the gut lining.", "harmful"),  # not "relief from"
        ("Worse, the study had no control group.", "unspecified"),
        ("The company is paying to generate better evidence.", "unspecified"),
        ("The market crash left investors anxious.", "unspecified"),
    ],
)
def test_direction_is_composed_from_the_words(quote, direction):
    assert direction_of(quote) == direction


def test_without_the_lexicons_words_of_direction_the_first_word_decides(tmp_path):
    claims_dir = tmp_path / "claims"
    claims_dir.mkdir()
    shutil.copyfile(CLAIMS_DIR / "vocabulary.yaml", claims_dir / "vocabulary.yaml")
    rows = (CLAIMS_DIR / "lexicon.csv").read_text(encoding="utf-8").splitlines()
    kept = [row for row in rows if ",direction," not in row]
    (claims_dir / "lexicon.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    assert direction_of("Taming inflammation protects the brain.") == "beneficial"
    assert direction_of("Taming inflammation protects the brain.", claims_dir) == "harmful"  # "inflammation"


def test_the_lexicon_s_words_of_an_effect_are_read_beside_the_vocabulary_s_synonyms(tmp_path):
    claims_dir = tmp_path / "claims"
    claims_dir.mkdir()
    shutil.copyfile(CLAIMS_DIR / "vocabulary.yaml", claims_dir / "vocabulary.yaml")
    rows = (CLAIMS_DIR / "lexicon.csv").read_text(encoding="utf-8").splitlines()
    (claims_dir / "lexicon.csv").write_text("\n".join(r for r in rows if ",effect," not in r) + "\n", encoding="utf-8")
    assert direction_of("The drink lifted their mood.") == "beneficial"
    assert direction_of("The drink lifted their mood.", claims_dir) == "unspecified"  # no word of the vocabulary's


def test_a_vocabulary_without_directions_proposes_unspecified_or_nothing(workbook_dir):
    lexicon = load_lexicon(CLAIMS_DIR / "lexicon.csv")
    quote = "Probiotics reduce anxiety."
    vocabulary = load_vocabulary(workbook_dir)  # the fixture lists no words of direction
    expected = "unspecified" if "unspecified" in vocabulary.sections["directions"] else None
    assert propose_direction(quote, vocabulary, read_sentence(quote, lexicon, claimed=True), lexicon) == expected


@pytest.mark.parametrize(
    "quote",
    [
        "Magnesium contributes to normal psychological function and the reduction of tiredness and fatigue.",
        "DHA contributes to the maintenance of normal brain function.",
    ],
)
def test_a_supplement_s_authorised_wording_contributes_to_normal_function_is_beneficial(quote):
    assert direction_of(quote) == "beneficial"
