"""A claim in somebody's spoken words is told from one that reports research."""

from analysis.workbook.attribution import is_attributed, speaker_role, speaks_from_experience

TEXT = """Probiotics calm anxious adults, a trial finds

A randomised trial of 120 adults gave a daily probiotic for eight weeks. "We found less anxiety in the probiotic group," said the lead author.
"Everyone should eat more fermented food," says Dr. Jane Smith, who was not involved. "It is simply good sense."
The study says the effect was small. Fibre feeds the gut's bacteria.
The authors noted several limitations. According to figures shared by the home, scores rose by 18 per cent.
"""


def test_reported_speech_and_a_quotation_are_the_speaker_s_view():
    assert is_attributed("Everyone should eat more fermented food", TEXT)
    assert is_attributed("It is simply good sense.", TEXT)  # inside a quotation its paragraph attributes


def test_research_in_the_speaker_s_mouth_is_a_report_not_a_view():
    assert not is_attributed("We found less anxiety in the probiotic group", TEXT)
    assert not is_attributed("The study says the effect was small.", TEXT)
    assert not is_attributed("The authors noted several limitations.", TEXT)  # the study's authors report it
    assert not is_attributed("scores rose by 18 per cent", TEXT)  # figures, not somebody's view


def test_a_sentence_nobody_says_is_not_attributed():
    assert not is_attributed("Fibre feeds the gut's bacteria.", TEXT)
    assert not is_attributed("Words the article never wrote.", TEXT)


STORY = """Family credits probiotic for calmer son

Eli's mother, Maria Ostrander, said the capsules changed everything.
“He sleeps through the night now,” Maria said. “He is calmer.”
“The gut improvements were strong,” said Dr. Anita Reed, who led the study. “Parents hope for change.”
Psychology student Chloe, 20, who took part, said she noticed a difference within two weeks.
‘I’m normally a nervous wreck,’ she said. ‘This time I felt calmer.’
“Fibre helps,” Sonnenburg says.
"""


def test_a_parent_a_participant_or_a_student_speaks_from_experience():
    assert speaks_from_experience("He sleeps through the night now", STORY)  # named, her role given earlier
    assert speaks_from_experience("He is calmer.", STORY)
    assert speaks_from_experience("who took part, said she noticed a difference within two weeks", STORY)
    assert speaks_from_experience("This time I felt calmer.", STORY)  # 'she said' in single quotes, after Chloe


def test_an_expert_or_a_person_given_no_role_speaks_as_an_expert():
    assert not speaks_from_experience("The gut improvements were strong", STORY)
    assert not speaks_from_experience("Parents hope for change.", STORY)  # "parents" is in the spoken words
    assert not speaks_from_experience("Fibre helps", STORY)
    assert not speaks_from_experience("Family credits probiotic for calmer son", STORY)  # nobody says it


def test_a_single_quoted_quotation_is_attributed_past_its_apostrophes():
    assert is_attributed("This time I felt calmer.", STORY)


def test_the_speaker_is_found_outside_the_spoken_words_past_apostrophes_and_pronouns():
    lay = "Calmer\n\nMaria, 34, took part.\n‘My doctor’s advice never helped,’ she said. ‘This time I felt calmer.’\n"
    assert speaks_from_experience("This time I felt calmer.", lay)  # "doctor" is in her words, not her role
    pronoun = "Calmer\n\nMaria, 34, took part.\n“I slept again.” She said the change came fast.\n"
    assert speaks_from_experience("I slept again.", pronoun)  # "She" names nobody: Maria, introduced before
    counted = "Calmer\n\nOverall, 30 of them felt calmer, Reed said.\n"
    assert not speaks_from_experience("Overall, 30 of them felt calmer", counted)  # a count, not "Chloe, 20,"


def test_a_possessive_apostrophe_does_not_end_a_double_quoted_quotation():
    text = "Calmer\n\n“Kefir calms the gut,” said Dr. Reed. “Their parents’ worries eased. Fibre helps too.”\n"
    assert is_attributed("Fibre helps too.", text)


def test_a_quotation_ending_its_sentence_is_read_apart_from_the_next_one():
    text = '"He was in agony, and that came out as meltdowns," he says. "It was only a small trial run."\n'
    assert is_attributed('"He was in agony, and that came out as meltdowns," he says.', text)


def test_the_writer_s_sentence_after_a_closed_quotation_is_not_the_speaker_s():
    text = (
        'She says she wasn\'t "getting as many colds." Five years ago, her son began taking a probiotic that '
        "cleared up his digestion problems. After that, she says she was hooked.\n"
    )
    assert not is_attributed("Five years ago, her son began taking a probiotic that cleared up his digestion", text)
    assert is_attributed("After that, she says she was hooked.", text)
    tagged = '"Anxiety fell by half!" the study\'s authors wrote. Jane Doe says she is impressed.\n'
    assert not is_attributed('"Anxiety fell by half!"', tagged)  # the tag after it goes with it: research reported


RUNNING = """A trial of kefir in students found a small effect.

"We're going after the strains that people with healthy signalling have more of," said Maya Chen, the company's founder.

"Nobody else is doing this.

"The biology is real.
"But a stressed mouse is not a stressed person," said Dr Lena Ostrowski, a microbiologist.

Independent scientists say the leap from mice to marketing is too fast.

"Eating more fibre is good advice for anyone.
"""


def test_a_quotation_running_over_paragraphs_is_attributed_where_its_speaker_is_named():
    assert is_attributed("Nobody else is doing this.", RUNNING)
    assert is_attributed("The biology is real.", RUNNING)  # its speaker is named in the next paragraph
    assert not is_attributed("Eating more fibre is good advice for anyone.", RUNNING)  # nobody named beside it


def test_a_plural_speaker_is_reported_speech():
    assert is_attributed("Independent scientists say the leap from mice to marketing is too fast.", RUNNING)


def test_a_first_person_account_tells_the_speaker_s_own_experience():
    from analysis.workbook.attribution import tells_own_experience

    assert tells_own_experience("I stopped feeling broken.")
    assert tells_own_experience("This is what worked for me.")
    assert tells_own_experience("My bloating disappeared within a fortnight.")
    assert not tells_own_experience("We found less anxiety in the probiotic group, and I felt it was clear.")
    assert not tells_own_experience("Probiotics may ease anxiety.")


TRANSCRIPT = """Can kimchi calm you down?

ASK THE EXPERTS: our panel answers

PRIYA: Joining us is gut health expert Hollie Marsh. Morning, Hollie.

HOLLIE: Morning. Your gut makes most of your serotonin.

PRIYA: And what did the new study find?

HOLLIE: The study found less stress in the fermented food group.

JO: My mum swears by kefir. I felt calmer within a week.

JO: Honestly.
"""


def test_a_turn_of_a_transcript_is_its_speaker_s_words():
    assert is_attributed("Your gut makes most of your serotonin.", TRANSCRIPT)
    assert not is_attributed("The study found less stress in the fermented food group.", TRANSCRIPT)  # research
    assert not is_attributed("our panel answers", TRANSCRIPT)  # a one-off label is a heading, not a turn
    assert not speaks_from_experience("Your gut makes most of your serotonin.", TRANSCRIPT)  # introduced as an expert


COLUMN = """Could probiotics help my son's autism?

ASK DR MOUNTFORD: Our GP columnist answers your health questions

Q. My son is eight. Another mum swears a probiotic transformed her daughter. Is it worth a try?

A. Thank you for writing. Treating constipation properly can make a real difference.

A small study of 18 children reported improvements in gut symptoms.

Plenty of fluids and regular toilet routines help too.
"""

FEATURE = """Sugar, snacks and gut bugs

"Children with ADHD often eat differently. Some are picky," says Dr Lars Vintersol, who studies child health.

So what should I feed my child?

The experts we spoke to agreed on a few sensible, low-risk steps:

Start the day with protein and fibre. Eggs or porridge keep children fuller.

Feed the good bugs. Beans and lentils provide fibre.

The bottom line

Sugar does not cause hyperactivity.
"""


def test_a_doctor_s_answer_in_her_column_is_in_an_expert_s_voice():
    from analysis.workbook.attribution import in_expert_voice

    assert in_expert_voice("Treating constipation properly can make a real difference.", COLUMN)
    assert in_expert_voice("Plenty of fluids and regular toilet routines help too.", COLUMN)
    assert not in_expert_voice("Another mum swears a probiotic transformed her daughter.", COLUMN)  # the question
    assert not in_expert_voice("A small study of 18 children reported improvements in gut symptoms.", COLUMN)
    unsigned = COLUMN.replace("ASK DR MOUNTFORD: Our GP columnist", "ASK US: our readers")
    assert not in_expert_voice("Treating constipation properly can make a real difference.", unsigned)


def test_a_list_introduced_as_experts_advice_is_in_their_voice_up_to_the_next_heading():
    from analysis.workbook.attribution import in_expert_voice

    assert in_expert_voice("Start the day with protein and fibre.", FEATURE)
    assert in_expert_voice("Beans and lentils provide fibre.", FEATURE)
    assert not in_expert_voice("Sugar does not cause hyperactivity.", FEATURE)  # after "The bottom line"
    assert not in_expert_voice("Start the day with protein and fibre.", FEATURE.replace("The experts we", "We"))


def test_a_quote_that_opens_with_its_quotation_mark_is_in_the_quotation():
    assert is_attributed('"Children with ADHD often eat differently.', FEATURE)


def test_a_reader_s_next_question_in_the_column_is_not_the_doctor_s_voice():
    from analysis.workbook.attribution import in_expert_voice

    text = COLUMN + "\nQ. Kefir cured my sister's depression. Should I try it?\n\nA. Kefir is a fine food.\n"
    assert not in_expert_voice("Kefir cured my sister's depression.", text)
    assert in_expert_voice("Kefir is a fine food.", text)


def test_every_item_of_an_experts_list_is_in_their_voice():
    from analysis.workbook.attribution import in_expert_voice

    text = "Tips\n\nThe dietitians we spoke to recommend:\n\n- Plenty of fibre\n\n- Fermented foods most days\n"
    assert in_expert_voice("Fermented foods most days", text)


def test_a_text_an_expert_signs_is_in_her_voice_a_journalist_s_is_not():
    from analysis.workbook.attribution import in_expert_voice

    guide = (
        "Probiotics for low mood: what to tell customers\n\n"
        "By Priya Dane, MPharm, clinical editor, Counter Practice\n\n"
        "Probiotics are generally well tolerated.\n\n"
        "A meta-analysis of 14 trials found a small benefit.\n"
    )
    assert in_expert_voice("Probiotics are generally well tolerated.", guide)
    assert not in_expert_voice("A meta-analysis of 14 trials found a small benefit.", guide)  # research she reports
    reporter = guide.replace("MPharm, clinical editor", "Health Reporter")
    assert not in_expert_voice("Probiotics are generally well tolerated.", reporter)
    newsletter = "Happy tummies: a note from your school nurse\n\nDear Parents,\n\nA regular bedtime helps.\n"
    assert in_expert_voice("A regular bedtime helps.", newsletter)
    doctor = guide.replace("By Priya Dane, MPharm, clinical editor, Counter Practice", "By Dr Miriam Halsey")
    assert in_expert_voice("Probiotics are generally well tolerated.", doctor)  # a doctor's title in the byline
    mister = guide.replace("By Priya Dane, MPharm, clinical editor, Counter Practice", "By Tom Drake")
    assert not in_expert_voice("Probiotics are generally well tolerated.", mister)
    journalist = guide.replace(
        "By Priya Dane, MPharm, clinical editor, Counter Practice", "By Dr Jane Roe, Health Reporter"
    )
    assert not in_expert_voice("Probiotics are generally well tolerated.", journalist)  # a title, a reporter's role


def test_an_answer_that_opens_dear_reader_with_a_comma_is_the_doctor_s_voice():
    from analysis.workbook.attribution import in_expert_voice

    column = (
        'Ask the GP: "Can probiotics cure my son\'s anxiety?"\n\nDr Fenella Markby answers your questions\n\n'
        "Dear Dr Fenella,\n\nA friend says anxiety starts in the gut.\n\nWorried Mum, Ashcombe\n\n"
        "Dear Worried Mum,\n\nThe good news is that it usually responds well to help.\n"
    )
    assert in_expert_voice("The good news is that it usually responds well to help.", column)
    assert not in_expert_voice("A friend says anxiety starts in the gut.", column)  # the reader's letter


def test_a_speaker_s_role_is_lay_expert_or_wellness_practitioner_as_the_article_introduces_them():
    text = (
        "Studio guest: Fern Oakhill-Price, nutritional therapist.\n\n"
        "FERN: Sugar feeds the wrong bacteria.\n\nFERN: Kefir every day.\n\n"
        '"Fibre helps," says Dr Ann Ross, a gastroenterologist.\n\n'
        '"He sleeps now," said his mother, Maria Lee.\n'
    )
    assert speaker_role("Sugar feeds the wrong bacteria.", text) == "practitioner"  # a turn, her role given above
    assert speaker_role("Fibre helps", text) == "expert"
    assert speaker_role("He sleeps now", text) == "lay"
    assert speaker_role("Studio guest", text) is None  # not attributed


def test_a_byline_that_says_written_by_mid_line_signs_the_text():
    from analysis.workbook.attribution import in_expert_voice

    guide = (
        "Sleep, Gut and Mood: Your Expert Guide\n\n"
        "Pharmacy Health Hub, Expert Guides. Written by Priya Wetherall-Sand, MPharm, Superintendent Pharmacist.\n\n"
        "Magnesium helps you relax.\n"
    )
    assert in_expert_voice("Magnesium helps you relax.", guide)
    assert not in_expert_voice(
        "Magnesium helps you relax.", guide.replace("MPharm, Superintendent Pharmacist", "Editor")
    )


def test_someone_who_took_part_in_the_trial_speaks_from_experience():
    text = '"I was sleeping through the night," said Lorna, a teaching assistant who took part in the diet arm.\n'
    assert speaks_from_experience("I was sleeping through the night", text)


LATER = """Probiotics: more than a gut feeling?

Ms. Fitzgerald's son, 3, began taking a children's probiotic, his mother says.
There are no approved health claims, says Diane Hoffmann, a law professor who oversaw a study of the rules.
"Consumers need to know the claims are not checked," says Ms. Hoffmann.
Patrice Cani, a professor of nutrition, led the fibre study.
Now, Cani says he is working on an experiment with obese and diabetic patients. "If we can improve these, that would be great," he says.
Bifidobacterium animalis, found in some yoghurts, is said to improve digestion.
"""


def test_a_speaker_named_by_title_and_surname_has_the_role_the_article_gave_that_surname():
    # "says Ms. Hoffmann" is Hoffmann, the law professor, not the mother the article called Ms. Fitzgerald
    assert speaker_role("Consumers need to know the claims are not checked", LATER) == "expert"


def test_the_role_beside_the_speaker_s_name_outweighs_other_words_of_the_paragraph():
    # "patients" is whom the experiment is with; the speaker, Cani, was introduced as a professor
    assert speaker_role("If we can improve these, that would be great", LATER) == "expert"
    mother = '"He sleeps now," said Maria Lee, his mother, after years of seeing specialists at the clinic.\n'
    assert speaker_role("He sleeps now", mother) == "lay"  # "specialists" is not whom she is


def test_a_speaker_s_whole_name_is_read_hyphens_and_apostrophes_in_it():
    from analysis.workbook.attribution import find_speakers

    assert find_speakers("“It helps,” says Anne-Marie Dupont, a dietitian.") == ["Dupont"]
    assert find_speakers("said Dr Jean-Luc Martin") == ["Martin"]
    assert find_speakers("O'Brien says the trial was small.") == ["O'Brien"]


def test_hearsay_in_the_passive_names_no_speaker():
    assert not is_attributed("is said to improve digestion", LATER)
    assert is_attributed("that would be great", LATER)
    text = "Kefir is also said to calm the gut.\nThat is according to Professor Lee, a gastroenterologist.\n"
    assert not is_attributed("Kefir is also said to calm the gut.", text)
    assert is_attributed("That is according to Professor Lee", text)  # "is according to" is no passive
    assert not is_attributed("Those parents were told nothing.", "Those parents were told nothing.\n")


def test_feeling_that_something_is_so_is_a_view_not_an_experience():
    from analysis.workbook.attribution import tells_own_experience

    assert not tells_own_experience("but I feel that we’ve made great progress in this area.")
    assert tells_own_experience("I feel calmer since I started.")
