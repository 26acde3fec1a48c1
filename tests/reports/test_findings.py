"""The key findings are written from the data, and every page says what a grade measures."""

from dataclasses import replace

import pandas as pd

from analysis import count_flags, flag_claims, grade_pairs, load_workbook, show_key_findings, show_measure


def test_the_measure_is_named_truthfully():
    text = show_measure().data
    assert "strength of the evidence the articles report" in text and "not a verdict on the science" in text
    assert "never for an article\u2019s own hedges" in text  # hedges are credited in the flags, never graded


def test_findings_name_the_best_reported_pairs_and_the_exaggeration(workbook_dir):
    workbook = load_workbook(workbook_dir)
    text = show_key_findings(workbook, grade_pairs(workbook), flag_claims(workbook)).data
    assert (
        "For the mind and brain, the best-reported interventions:</strong> Diet (general changes) for Depression"
        in text
    )
    assert "claims are worded beyond the evidence their article offers" in text
    assert "claims of effect" in text and "offer no evidence" in text


def test_the_claims_with_no_evidence_are_counted_apart_from_the_unsupported_flags(studies_dir):
    """The finding once gave the unsupported flags' count (18) as the claims offering no evidence (140)."""
    workbook = load_workbook(studies_dir)
    flags = flag_claims(workbook)
    text = show_key_findings(workbook, grade_pairs(workbook), flags).data
    bare = int((workbook.claims["evidence_level"] == "none").sum())  # every claim of the fixture is a claim of effect
    flagged = flags[flags["kind"] == "unsupported"]["claim_id"].nunique()
    assert bare > flagged  # the fixture tells the two apart
    assert f"No evidence at all:</strong> {bare} of {len(workbook.claims)} claims of effect" in text
    assert f"offer no evidence; the {flagged} stated as established, uncited, are flagged unsupported" in text


def test_findings_speak_of_the_mind_first_and_show_the_body_apart(studies_dir):
    workbook = load_workbook(studies_dir)
    text = show_key_findings(workbook, grade_pairs(workbook), flag_claims(workbook)).data
    listed, apart = text.split("</ul>")
    assert "Inflammation" not in listed  # a bodily condition: not among the findings on the mind
    assert listed.index("mind and brain") < listed.index("Exaggeration")
    assert apart.startswith(
        '<p class="wb-findings-body"><strong>Bodily conditions, shown apart</strong> (inflammation)'
    )
    assert "Probiotics for Anxiety (<em>moderate</em>; 1 study)" in listed


def test_every_count_agrees_with_the_flags_table(studies_dir):
    workbook = load_workbook(studies_dir)
    flags = flag_claims(workbook)
    table = count_flags(flags, workbook.claims)
    text = show_key_findings(workbook, grade_pairs(workbook), flags).data
    claims = flags[flags["kind"] == "exaggeration"]["claim_id"].nunique()
    found = int(table["exaggeration"].sum())
    expected = f"{claims} of {len(workbook.claims)} claims" + ("" if claims == found else f" ({found} flags)")
    assert f"<strong>Exaggeration:</strong> {expected} are worded" in text


def test_a_claim_with_two_flags_is_counted_once_and_its_flags_both(studies_dir):
    workbook = load_workbook(studies_dir)
    flags = flag_claims(workbook)
    doubled = pd.concat([flags, flags[flags["kind"] == "exaggeration"].assign(rule="booster-on-weak-evidence")])
    text = show_key_findings(workbook, grade_pairs(workbook), doubled).data
    claims = flags[flags["kind"] == "exaggeration"]["claim_id"].nunique()
    assert f"{claims} of {len(workbook.claims)} claims ({2 * claims} flags)" in text


def test_findings_escape_what_the_data_holds(workbook_dir):
    workbook = load_workbook(workbook_dir)
    term = workbook.vocabulary.term("conditions", "depression")
    hostile = replace(term, label="Depression <script>alert(1)</script>")
    workbook.vocabulary.sections["conditions"]["depression"] = hostile
    text = show_key_findings(workbook, grade_pairs(workbook), flag_claims(workbook)).data
    assert "Depression &lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<script" not in text


def test_the_articles_most_exaggerated_are_named_by_title_and_linked_to_their_pages(studies_dir):
    workbook = load_workbook(studies_dir)
    flags = flag_claims(workbook)
    source = flags[flags["kind"] == "exaggeration"]["source_id"].value_counts().index[0]
    title = workbook.sources.set_index("source_id").loc[source, "title"]
    workbook.sources.loc[workbook.sources["source_id"] == source, "title"] = title + " <b>&</b>"
    text = show_key_findings(workbook, grade_pairs(workbook), flags).data
    assert f'most in \u201c<a href="source/{source}.html">{title} &lt;b&gt;&amp;&lt;/b&gt;</a>\u201d' in text
