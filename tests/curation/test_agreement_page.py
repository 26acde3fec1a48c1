"""The agreement page: the per-column figures and each disagreement, labelled in words, every text escaped."""

import hashlib

from analysis.curation.agreement import compare_coders
from analysis.curation.agreement_page import describe_value, render_agreement_page
from conftest import DATA

ALEX = DATA / "coding" / "alex" / "claims.csv"
SAM = DATA / "coding" / "sam" / "claims.csv"
HEADER = "claim_id,source_id,quote,claim,conditions,interventions,direction,relation,evidence_level,hedging,population,advice"
HOSTILE = '<img src=x onerror="alert(1)"> Probiotics cure anxiety.'


def add_line(workbook_dir, source_id, line):
    """Append `line` to a source text of the workbook, keeping its sha256 in sources.csv right."""
    text = workbook_dir / "sources" / f"{source_id}.txt"
    old = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    sources = workbook_dir / "sources.csv"
    new = hashlib.sha256(text.read_bytes()).hexdigest()
    sources.write_text(sources.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_the_page_shows_every_column_and_disagreement_with_labels():
    page = render_agreement_page(compare_coders(ALEX, SAM, DATA / "workbook"))
    assert "<title>Coder agreement: alex and sam</title>" in page
    assert '<td class="figure">0.75</td>' in page  # evidence_level's agreement
    assert "both coders said &#39;body&#39; every time" in page
    assert "8 disagreements to reconcile" in page
    assert "Unspecified studies (&#34;studies show&#34;)" in page  # the label beside the slug
    assert "B quotes: exercise may modestly improve mood" in page
    assert "<script" not in page and "http" not in page  # nothing runs, nothing is fetched


def test_every_text_from_the_data_is_escaped(workbook_dir, tmp_path):
    add_line(workbook_dir, "diet-blog", HOSTILE)
    quote = '"' + HOSTILE.replace('"', '""') + '"'
    for name, level in (("a", "none"), ("b", "anecdote")):
        row = f"C0001,diet-blog,{quote},x,anxiety,probiotics,beneficial,direct_causal,{level},none,humans,no"
        (tmp_path / f"{name}.csv").write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    page = render_agreement_page(compare_coders(tmp_path / "a.csv", tmp_path / "b.csv", workbook_dir))
    assert "<img" not in page
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; Probiotics cure anxiety." in page


def test_values_are_described_in_the_vocabulary_s_words():
    vocabulary = compare_coders(ALEX, SAM, DATA / "workbook").vocabulary
    assert describe_value("hedging", "speculative;modest", vocabulary) == "Speculative; Modest"
    assert describe_value("mechanisms", "", vocabulary) == "(empty)"
    assert describe_value("is_claim", "no", vocabulary) == "not tabulated"
