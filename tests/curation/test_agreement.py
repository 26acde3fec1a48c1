"""Agreement between two coders: kappa and alpha worked out by hand on the fixture pair, and every refusal.

The fixture pair (tests/data/coding/) codes the test workbook (tests/data/workbook/): alex
tabulates its 10 claims; sam tabulates 8 of them (not "Probiotics cure depression." nor
the fibre sentence), plus the headline "Probiotics and the Anxious Gut", numbering its own
claims so that the ids collide, quoting two passages shorter and labelling five differently.
"""

import csv
import shutil
import warnings

import pytest

from analysis.common.problems import WorkbookError
from analysis.curation.agreement import compare_coders, measure_alpha, measure_kappa
from conftest import DATA

ALEX = DATA / "coding" / "alex" / "claims.csv"
SAM = DATA / "coding" / "sam" / "claims.csv"


def compare(a=ALEX, b=SAM, claims_dir=DATA / "workbook", source=None):
    return compare_coders(a, b, claims_dir, source)


def line_of(result, column):
    return next(str(c) for c in result.columns if c.column == column)


def without(path, word, target):
    """Copy the coder file `path` to `target` without its rows that hold `word`; return `target`."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    target.write_text(lines[0] + "".join(line for line in lines[1:] if word not in line), encoding="utf-8")
    return target


def without_column(path, column, target):
    """Copy the coder file `path` to `target` without `column`; return `target`."""
    with open(path, newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    with open(target, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, [c for c in rows[0] if c != column], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def refusal(*args, **kwargs) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        compare(*args, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_is_claim_kappa_worked_by_hand():
    # Units: 8 pairs (both tabulated), 2 claims only alex has, 1 only sam has, and 1 sentence
    # neither tabulated (the diet blog's title).
    #                 sam yes  sam no
    #   alex yes         8        2
    #   alex no          1        1
    po = (8 + 1) / 12
    pe = (10 / 12) * (9 / 12) + (2 / 12) * (3 / 12)  # both say yes by chance, or both no
    kappa = (po - pe) / (1 - pe)
    assert kappa == pytest.approx(0.25)
    result = compare()
    assert result.counts == {"matched": 8, "only_a": 2, "only_b": 1, "unclaimed": 1}
    assert result.columns[0].value == pytest.approx(kappa)
    assert line_of(result, "is_claim") == "is_claim kappa 0.25 agreement 0.75 (n 12)"


def test_evidence_level_kappa_worked_by_hand():
    # The 8 pairs agree on rct, animal, none, unspecified-studies (C0006), anecdote and
    # meta-analysis; they cross on two: alex unspecified-studies / sam observational, and back.
    #   contingency: 6 on the diagonal, (unspecified-studies, observational) 1, (observational, unspecified-studies) 1
    po = 6 / 8
    # both coders' margins: rct 1, unspecified-studies 2, animal 1, none 1, anecdote 1, meta-analysis 1, observational 1
    pe = (1 * 1 + 2 * 2 + 1 * 1 + 1 * 1 + 1 * 1 + 1 * 1 + 1 * 1) / 8**2
    kappa = (po - pe) / (1 - pe)
    assert kappa == pytest.approx(38 / 54)
    result = compare()
    assert next(c.value for c in result.columns if c.column == "evidence_level") == pytest.approx(kappa)
    assert line_of(result, "evidence_level") == "evidence_level kappa 0.70 agreement 0.75 (n 8)"


def test_hedging_alpha_worked_by_hand():
    # Per-term presence: 8 pairs x 5 terms (none, speculative, preliminary, modest,
    # needs-more-trials) = 40 units; alex marks 11 of them, sam 9; they differ on 2 (sam drops
    # preliminary and needs-more-trials from C0006). With 2 coders and binary values, nominal
    # alpha = 1 - (n - 1) * disagreeing units / (n0 * n1), n = 80 values, n1 = 20 ones, n0 = 60.
    alpha = 1 - (80 - 1) * 2 / (60 * 20)
    result = compare()
    assert next(c.value for c in result.columns if c.column == "hedging") == pytest.approx(alpha)
    assert line_of(result, "hedging") == "hedging alpha 0.87 agreement 0.88 (n 8)"
    # conditions: 8 x 3 terms = 24 units, 1 differs (sam adds mood), n1 = 8 + 9 = 17 of 48 values
    assert next(c.value for c in result.columns if c.column == "conditions") == pytest.approx(1 - 47 / (31 * 17))


def test_every_column_both_files_have_is_reported_in_the_order_of_claims_csv():
    assert [str(c) for c in compare().columns] == [
        "is_claim kappa 0.25 agreement 0.75 (n 12)",
        "conditions alpha 0.91 agreement 0.88 (n 8)",
        "interventions alpha 1.00 agreement 1.00 (n 8)",
        "mechanisms alpha 0.00 agreement 0.88 (n 8)",
        "direction kappa 1.00 agreement 1.00 (n 8)",
        "relation kappa 1.00 agreement 1.00 (n 8)",
        "evidence_level kappa 0.70 agreement 0.75 (n 8)",
        "hedging alpha 0.87 agreement 0.88 (n 8)",
        "population kappa 1.00 agreement 1.00 (n 8)",
        "advice kappa 1.00 agreement 1.00 (n 8)",
        "placement kappa n/a agreement 1.00 (n 8): both coders said 'body' every time",
    ]


def test_each_disagreement_names_both_claims_in_reading_order():
    found = [(d.source_id, d.column, d.value_a, d.value_b, d.claim_a, d.claim_b) for d in compare().disagreements]
    assert found == [
        ("probiotics-news", "is_claim", "no", "yes", "", "C0001"),
        ("probiotics-news", "conditions", "anxiety", "anxiety;mood", "C0001", "C0002"),
        ("probiotics-news", "mechanisms", "microbial-diversity", "", "C0002", "C0003"),
        ("probiotics-news", "evidence_level", "unspecified-studies", "observational", "C0002", "C0003"),
        ("probiotics-news", "is_claim", "yes", "no", "C0004", ""),
        (
            "probiotics-news",
            "hedging",
            "speculative;preliminary;modest;needs-more-trials",
            "speculative;modest",
            "C0006",
            "C0006",
        ),
        ("diet-blog", "is_claim", "yes", "no", "C0009", ""),
        ("diet-blog", "evidence_level", "observational", "unspecified-studies", "C0010", "C0009"),
    ]


def test_one_source_only():
    result = compare(source="diet-blog")
    assert result.sources == ["diet-blog"]
    assert result.counts == {"matched": 2, "only_a": 1, "only_b": 0, "unclaimed": 1}
    assert [d.claim_a for d in result.disagreements] == ["C0009", "C0010"]


def test_a_coefficient_is_never_nan_nor_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        same = measure_kappa("population", ["humans"] * 3, ["humans"] * 3)
        empty = measure_kappa("relation", [], [])
        no_terms = measure_alpha("mechanisms", [set(), set()], [set(), set()])
        all_terms = measure_alpha("conditions", [{"mood"}, {"mood"}], [{"mood"}, {"mood"}])
        opposite = measure_kappa("advice", ["yes", "yes"], ["no", "no"])
        unlabelled = measure_kappa("claim_type", ["", ""], ["", ""])
    assert str(same) == "population kappa n/a agreement 1.00 (n 3): both coders said 'humans' every time"
    assert str(empty) == "relation kappa n/a agreement n/a (n 0): no claims paired"
    assert str(no_terms) == "mechanisms alpha n/a agreement 1.00 (n 2): neither coder gave a term"
    assert str(all_terms) == "conditions alpha n/a agreement 1.00 (n 2): both coders said 'mood' every time"
    assert str(opposite) == "advice kappa 0.00 agreement 0.00 (n 2)"
    assert str(unlabelled) == "claim_type kappa n/a agreement 1.00 (n 2): both coders left it empty every time"


def test_sources_only_one_coder_coded_are_left_out_and_named(tmp_path):
    result = compare(b=without(SAM, "diet-blog", tmp_path / "sam.csv"))
    assert result.sources == ["probiotics-news"]
    assert result.one_coder_sources == {"diet-blog": "A"}


def test_a_column_only_one_file_has_is_left_out_and_named(tmp_path):
    result = compare(b=without_column(SAM, "placement", tmp_path / "sam.csv"))
    assert result.skipped_columns == {"placement": "only in A's file"}
    assert "placement" not in [c.column for c in result.columns]


# --- refusals -------------------------------------------------------------------------------


def test_a_missing_file_is_one_line(tmp_path):
    assert refusal(b=tmp_path / "nobody.csv") == [
        f"{tmp_path}/nobody.csv: file not found; give the path of a coder's claims table, "
        "e.g. claims/coding/NAME/claims.csv"
    ]


def test_a_folder_points_at_the_claims_file_inside(tmp_path):
    shutil.copy(SAM, tmp_path / "claims.csv")
    assert refusal(b=tmp_path) == [
        f"{tmp_path}: is a folder, not a claims table; give the file inside it: {tmp_path}/claims.csv"
    ]


def test_a_file_that_is_not_a_claims_table_is_one_line():
    [line] = refusal(b=DATA / "workbook" / "sources.csv")
    assert line.startswith(
        "tests/data/workbook/sources.csv:1: not a claims table: its first line has neither a 'claim_id' "
        "nor a 'quote' column (value 'source_id,title,kind,"
    )


def test_a_coder_file_that_does_not_validate_is_refused_naming_it(tmp_path):
    sam = tmp_path / "sam.csv"
    sam.write_text(
        SAM.read_text(encoding="utf-8").replace(",rct,", ",rtc,").replace("Probiotics and the", "Probiotic and the")
    )
    assert refusal(b=sam) == [
        f"{sam}:3: column 'evidence_level': unknown evidence_levels term 'rtc' (value 'rtc'); did you mean 'rct'?",
        f"{sam}:2: column 'quote': quote not found in source 'probiotics-news' (value 'Probiotic and the Anxious Gut'); "
        "the closest passage (97% alike) reads: 'Probiotics and the Anxious Gut'",
        f"{sam}: not compared: the coder's file does not validate; fix the problems above",
    ]


def test_the_same_file_twice_is_refused():
    assert refusal(b=ALEX) == [
        "tests/data/coding/alex/claims.csv: is the same file as the first one; give the two coders' files, one each"
    ]


def test_a_copy_of_the_same_file_is_compared_with_a_warning(tmp_path):
    copy = tmp_path / "copy.csv"
    shutil.copy(ALEX, copy)
    result = compare(b=copy)
    assert str(result.b.warnings[0]).startswith(
        f"{copy}: warning: holds the very same bytes as tests/data/coding/alex/claims.csv"
    )
    assert result.disagreements == []


def test_an_unknown_source_says_which_was_meant():
    assert refusal(source="probiotic-news") == [
        "--source: unknown source_id 'probiotic-news'; did you mean 'probiotics-news'?"
    ]


def test_a_source_one_coder_did_not_code_is_refused(tmp_path):
    [line] = refusal(b=without(SAM, "diet-blog", tmp_path / "sam.csv"), source="diet-blog")
    assert line.startswith(
        "--source 'diet-blog': only A's file has claims on it; A (tests/data/coding/alex/claims.csv)"
    )


def test_no_shared_source_is_one_line(tmp_path):
    alex = without(ALEX, "probiotics-news", tmp_path / "alex.csv")
    sam = without(SAM, "diet-blog", tmp_path / "sam.csv")
    assert refusal(alex, sam) == [
        f"no source has claims in both files; A ({alex}) codes diet-blog, B ({sam}) codes probiotics-news; "
        "agreement needs both coders' claims on the same document"
    ]


def test_the_wrong_workbook_is_one_line_per_file_not_one_per_row():
    problems = refusal(claims_dir=DATA / "hostile")
    assert problems == [
        f"{name}: none of the sources it codes (probiotics-news, diet-blog) is in tests/data/hostile/sources.csv; "
        "give --claims-dir, the folder of the workbook the coder coded (default: claims/)"
        for name in ("tests/data/coding/alex/claims.csv", "tests/data/coding/sam/claims.csv")
    ]


def test_a_claims_table_split_by_semicolons_is_told_so(tmp_path):
    sam = tmp_path / "sam.csv"
    sam.write_text(SAM.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert refusal(b=sam)[0].startswith(f"{sam}:1: the columns are separated by semicolons, not commas")
