"""The completeness check: sentences with a claim cue are tabulated or reviewed."""

import subprocess
import sys

from analysis import load_workbook, validate_workbook
from analysis.curation.coverage import check_coverage
from conftest import replace_in

ANTIBIOTICS = "Antibiotics may increase the risk of anxiety, one cohort study reported."


def coverage_of(claims_dir, source_id):
    workbook = load_workbook(claims_dir)
    return next(c for c in check_coverage(workbook, workbook.reviewed) if c.source_id == source_id)


def add_review(claims_dir, row: str):
    path = claims_dir / "reviewed_non_claims.csv"
    path.write_text(path.read_text() + row + "\n")


def run_coverage(claims_dir):
    """Run `python -m analysis coverage` on `claims_dir` as a curator does."""
    command = [sys.executable, "-m", "analysis", "coverage", "--claims-dir", str(claims_dir)]
    return subprocess.run(command, capture_output=True, text=True)


def drop_claim(claims_dir, claim_id):
    path = claims_dir / "claims.csv"
    path.write_text("\n".join(line for line in path.read_text().splitlines() if not line.startswith(claim_id)) + "\n")


def test_fixture_is_fully_covered(workbook_dir):
    result = coverage_of(workbook_dir, "diet-blog")
    assert (result.cue_sentences, result.by_claims, result.by_review, result.share) == (4, 3, 1, 1.0)


def test_a_sentence_with_a_cue_and_no_claim_is_listed(workbook_dir):
    drop_claim(workbook_dir, "C0010")
    result = coverage_of(workbook_dir, "diet-blog")
    assert [s.text for s, _ in result.uncovered] == [ANTIBIOTICS]
    assert "may" in result.uncovered[0][1]
    assert result.share == 0.75


def test_a_reviewed_sentence_counts_as_covered(workbook_dir):
    drop_claim(workbook_dir, "C0010")
    add_review(workbook_dir, f'diet-blog,"{ANTIBIOTICS}",test reason')
    result = coverage_of(workbook_dir, "diet-blog")
    assert (result.by_review, result.share) == (2, 1.0)


def test_a_reviewed_sentence_must_be_in_its_source(workbook_dir):
    add_review(workbook_dir, "diet-blog,Not in the text at all.,why")
    errors = [str(p) for p in validate_workbook(workbook_dir).errors]
    assert len(errors) == 1
    assert "reviewed_non_claims.csv:3: column 'sentence': sentence not found in source 'diet-blog'" in errors[0]


def test_a_review_needs_a_reason(workbook_dir):
    add_review(workbook_dir, "diet-blog,Eat Well,")
    assert "column 'reason': is empty" in str(validate_workbook(workbook_dir).errors[0])


def test_cli_coverage_exits_1_and_lists_the_sentence(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "C0009,diet-blog", "C0009,probiotics-news")
    replace_in(
        workbook_dir / "claims.csv",
        'Fibre feeds the bacteria that make butyrate, which calms inflammation in the brain."',
        'Probiotics cure depression."',
    )
    result = run_coverage(workbook_dir)
    assert result.returncode == 1
    assert "diet-blog: 3 of 4 sentences with a claim cue covered (75%)" in result.stdout
    assert "line 4: 'Fibre feeds the bacteria" in result.stdout


def test_shipped_claims_cover_every_source_completely():
    result = subprocess.run([sys.executable, "-m", "analysis", "coverage"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("(100%)") == 3


def test_a_heading_that_names_a_term_must_be_tabulated_or_reviewed(workbook_dir):
    from analysis.curation.coverage import check_coverage

    text = workbook_dir / "sources" / "diet-blog.txt"
    data = "Fibre and your mood\n" + text.read_text(encoding="utf-8")
    text.write_text(data, encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(data.encode()).hexdigest()
    sources = workbook_dir / "sources.csv"
    rows = sources.read_text(encoding="utf-8").splitlines()
    rows = [",".join(r.split(",")[:-2] + [digest, r.split(",")[-1]]) if "diet-blog" in r else r for r in rows]
    sources.write_text("\n".join(rows) + "\n", encoding="utf-8")
    workbook = load_workbook(workbook_dir)
    diet = next(r for r in check_coverage(workbook, workbook.reviewed) if r.source_id == "diet-blog")
    assert [s.text for s, _ in diet.uncovered] == ["Fibre and your mood"]
    assert diet.uncovered[0][1] == ["heading naming 'mood'", "heading naming 'fibre'"]


def add_to_diet_blog(workbook_dir, line: str) -> None:
    """Append a line to the diet-blog text and record its new checksum."""
    import hashlib

    text = workbook_dir / "sources" / "diet-blog.txt"
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text(text.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    replace_in(workbook_dir / "sources.csv", before, hashlib.sha256(text.read_bytes()).hexdigest())


def test_what_the_draft_leaves_out_as_furniture_is_not_asked_for_and_is_counted_apart(workbook_dir):
    add_to_diet_blog(workbook_dir, "Should I take a probiotic?")  # a question heading: the draft leaves it out
    add_to_diet_blog(workbook_dir, "Probiotics may calm anxiety in some people.")
    result = coverage_of(workbook_dir, "diet-blog")
    assert [s.text for s, _ in result.uncovered] == ["Probiotics may calm anxiety in some people."]
    assert result.furniture == 1
    out = run_coverage(workbook_dir).stdout
    assert "1 more left out as page furniture, as draft leaves them" in out
    assert "Should I take a probiotic?" not in out


def test_sentences_reviewed_without_a_claim_cue_are_said_to_be_kept(workbook_dir):
    add_to_diet_blog(workbook_dir, "I have coached runners for eleven years.")  # no claim cue
    add_review(workbook_dir, "diet-blog,I have coached runners for eleven years.,the writer's background")
    result = coverage_of(workbook_dir, "diet-blog")
    assert (result.by_review, result.reviewed_without_cue) == (1, 1)
    out = run_coverage(workbook_dir).stdout
    assert "by claims, 1 reviewed as not claims; " in out
    assert (
        "; 1 more reviewed as not claims has no claim cue (kept in reviewed_non_claims.csv, not counted above)" in out
    )
    add_review(workbook_dir, f'diet-blog,"{ANTIBIOTICS}",reviewed though a claim covers it')  # a cue: not "more"
    assert coverage_of(workbook_dir, "diet-blog").reviewed_without_cue == 1


def test_a_sentence_with_no_claim_cue_nobody_read_is_counted_and_listed_on_request(workbook_dir):
    add_to_diet_blog(workbook_dir, "I was sleeping through the night.")  # a claim no cue gives away
    add_to_diet_blog(workbook_dir, "Scroll to Top")  # page furniture: nothing to read
    result = coverage_of(workbook_dir, "diet-blog")
    assert [s.text for s in result.unread][-1:] == ["I was sleeping through the night."]
    assert result.share == 1.0  # not asked for: it does not make the source incomplete
    out = run_coverage(workbook_dir).stdout
    blog = next(line for line in out.splitlines() if line.startswith("diet-blog:"))
    assert "(100%)" in blog and "with no claim cue is neither tabulated nor reviewed (--unread lists them" in blog
    assert "'I was sleeping through the night.' (no claim cue)" not in out
    command = [sys.executable, "-m", "analysis", "coverage", "--claims-dir", str(workbook_dir), "--unread"]
    listed = subprocess.run(command, capture_output=True, text=True).stdout
    assert "'I was sleeping through the night.' (no claim cue)" in listed
    add_review(workbook_dir, "diet-blog,I was sleeping through the night.,the writer's story before the diet")
    assert "I was sleeping through the night." not in [s.text for s in coverage_of(workbook_dir, "diet-blog").unread]
