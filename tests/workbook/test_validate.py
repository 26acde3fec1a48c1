"""Validation: every kind of bad input gets one clear, located message with a hint."""

import csv
import hashlib
import io

import pytest

from analysis.workbook.failures import next_claim_id, next_ids
from analysis.workbook.validate import validate_workbook
from conftest import edit_claims, replace_in


def messages(claims_dir, severity="error"):
    """Return the problems of `severity` as printed, with paths relative to `claims_dir`."""
    result = validate_workbook(claims_dir)
    return [str(p).replace(f"{claims_dir}/", "") for p in result.problems if p.severity == severity]


def only_error(claims_dir):
    found = messages(claims_dir)
    assert len(found) == 1, found
    return found[0]


def test_shipped_fixture_is_clean(workbook_dir):
    assert messages(workbook_dir) == []


def test_empty_file(workbook_dir):
    (workbook_dir / "claims.csv").write_bytes(b"")
    assert only_error(workbook_dir).startswith(
        "claims.csv:1: the file is empty: it has not even a header; the first line must be the header: claim_id,"
    )


def test_a_table_of_a_header_alone_is_warned_of_not_refused(workbook_dir):
    path = workbook_dir / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert messages(workbook_dir) == []
    assert any(
        "claims.csv:2: warning: the file has a header but no claims" in m for m in messages(workbook_dir, "warning")
    )


def test_utf8_bom_is_read_with_a_warning(workbook_dir):
    path = workbook_dir / "claims.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert messages(workbook_dir) == []
    assert any("byte-order mark" in w for w in messages(workbook_dir, "warning"))


def test_crlf_line_ends_are_read_with_a_warning(workbook_dir):
    path = workbook_dir / "claims.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = validate_workbook(workbook_dir)
    assert result.errors == []
    assert len(result.claims) == 10
    assert any("CRLF" in str(w) for w in result.warnings)


def test_missing_column(workbook_dir):
    path = workbook_dir / "claims.csv"
    replace_in(path, ",relation,", ",relashun,")
    found = messages(workbook_dir)
    assert "claims.csv:1: column 'relashun': unknown column (value 'relashun')" in found[0]
    assert any("column 'relation': required column is missing from the header" in m for m in found)


def test_unknown_column_suggests_the_known_one(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",notes\n", ",Notes\n")
    assert only_error(workbook_dir).endswith("column 'Notes': unknown column (value 'Notes'); did you mean 'notes'?")


def test_duplicate_claim_id(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "C0005,", "C0002,")
    found = messages(workbook_dir)
    assert (
        "claims.csv:6: column 'claim_id': duplicate claim_id (value 'C0002'); also on line 3; "
        "give this claim a new id (next free: C0011)" in found
    )


def test_a_row_repeated_a_thousand_times_names_five_other_lines_and_counts_the_rest(workbook_dir):
    table = (workbook_dir / "sources.csv").read_text(encoding="utf-8")
    (workbook_dir / "sources.csv").write_text(table + (table.splitlines()[1] + "\n") * 1000, encoding="utf-8")
    duplicates = [m for m in messages(workbook_dir) if "duplicate source_id" in m]
    assert len(duplicates) == 1001  # every copy is told, none is lost
    assert duplicates[0].endswith(
        "sources.csv:2: column 'source_id': duplicate source_id (value 'probiotics-news'); "
        "also on line 4, 5, 6, 7, 8 and 995 more"
    )
    [fourth] = [m for m in duplicates if "sources.csv:4:" in m]
    assert fourth.endswith("(value 'probiotics-news'); also on line 2, 5, 6, 7, 8 and 995 more")


def test_unknown_source_id(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "C0008,diet-blog,", "C0008,diet-blgo,")
    assert only_error(workbook_dir).startswith(
        "claims.csv:9: column 'source_id': unknown source_id: no row of sources.csv has it (value 'diet-blgo')"
    )


def test_quote_not_in_source_shows_the_closest_passage(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv", "Probiotics cure depression.,Probiotics", "Probiotics cures depression.,Probiotics"
    )
    error = only_error(workbook_dir)
    assert error.startswith("claims.csv:5: column 'quote': quote not found in source 'probiotics-news'")
    assert "the closest passage" in error and "'Probiotics cure depression.'" in error


def test_quote_matching_forgives_quotes_dashes_and_spaces(workbook_dir):
    result = validate_workbook(workbook_dir)
    kefir = result.claims.set_index("claim_id").loc["C0007"]
    source = (workbook_dir / "sources/probiotics-news.txt").read_text(encoding="utf-8")
    assert (
        source[kefir.quote_start : kefir.quote_end]
        == "My friend “felt better” after a week of kefir — she swears by it."
    )
    assert kefir.quote_line == 9


@pytest.mark.parametrize(
    "column, bad, hint",
    [
        ("evidence_level", "rtc", "did you mean 'rct'?"),
        ("conditions", "depression;anxeity", "did you mean 'anxiety'?"),
        ("hedging", "speculativ", "did you mean 'speculative'?"),
    ],
)
def test_unknown_vocabulary_term(workbook_dir, column, bad, hint):
    row = 'C0010,diet-blog,"Antibiotics may increase the risk of anxiety, one cohort study reported.",Antibiotics may increase the risk of anxiety.,anxiety,antibiotics,,harmful,conditional_causal,observational,speculative,'
    new = {
        "evidence_level": row.replace(",observational,", f",{bad},"),
        "conditions": row.replace(",anxiety,antibiotics,", f",{bad},antibiotics,"),
        "hedging": row.replace(",speculative,", f",{bad},"),
    }[column]
    replace_in(workbook_dir / "claims.csv", row, new)
    error = only_error(workbook_dir)
    assert error.startswith(f"claims.csv:11: column '{column}': unknown")
    assert f"(value '{bad}'); {hint}" in error


def test_a_synonym_is_named_as_the_term_to_use(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "depression,fmt,", "depression,FMT,")
    assert only_error(workbook_dir).endswith("(value 'FMT'); did you mean 'fmt'?")


def test_none_cannot_be_combined_with_other_hedges(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "direct_causal,none,none,,unspecified,no,\nC0005",
        "direct_causal,none,none;modest,,unspecified,no,\nC0005",
    )
    assert "'none' cannot be combined with other hedging terms" in only_error(workbook_dir)


def test_unterminated_quote(workbook_dir):
    replace_in(workbook_dir / "claims.csv", 'one cohort study reported.",', "one cohort study reported.,")
    assert only_error(workbook_dir) == (
        'claims.csv:11: unterminated quote: a field opened with " on this line is never closed; '
        'close the quote, and write a quote inside a field as ""'
    )


def test_stray_quote_inside_a_field(workbook_dir):
    replace_in(workbook_dir / "claims.csv", '"In mice, faecal', '"In mice faecal')
    replace_in(workbook_dir / "claims.csv", 'behaviour.",FMT', "behaviour.,FMT")
    assert only_error(workbook_dir).startswith("claims.csv:4: bad quoting in the row starting on this line")


def test_bytes_that_are_not_utf8(workbook_dir):
    path = workbook_dir / "claims.csv"
    path.write_bytes(
        path.read_bytes().replace(
            b"Probiotics cure depression.,Probiotics cure", b"Probiotics cure depression.,Probiotics \xe9 cure"
        )
    )
    error = only_error(workbook_dir)
    assert error.startswith("claims.csv:5: column 'claim': bytes that are not UTF-8 (value 'Probiotics \\xe9 cure")
    assert error.endswith("save the file as UTF-8 (Excel: 'CSV UTF-8')")


def test_source_text_edited_after_curation(workbook_dir):
    text = workbook_dir / "sources/diet-blog.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("16 trials", "17 trials"), encoding="utf-8")
    found = messages(workbook_dir)
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    assert found[0].startswith("sources.csv:3: column 'sha256': the source text has changed since it was curated")
    assert f"its sha256 is now {digest}" in found[0]
    assert any("quote not found in source 'diet-blog'" in m for m in found)


def test_the_original_s_hash_is_optional_but_must_be_a_sha256(workbook_dir):
    path = workbook_dir / "sources.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace(",sha256,", ",sha256,original_sha256,")
    lines[1] = lines[1][:-1] + "," + "0" * 63 + "g,"  # the row of probiotics-news; its notes are empty
    lines[2] = lines[2][:-1] + ",,"  # diet-blog, a text as received: no original
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert messages(workbook_dir) == [
        f"sources.csv:2: column 'original_sha256': must be 64 lower-case hexadecimal digits (value '{'0' * 63}g'); "
        "compute it with: sha256sum FILE"
    ]


def test_missing_source_file(workbook_dir):
    (workbook_dir / "sources/diet-blog.txt").unlink()
    assert "sources.csv:3: column 'path': source text not found (value 'sources/diet-blog.txt')" in only_error(
        workbook_dir
    )


def test_row_with_too_few_fields(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",humans,yes,\n", ",humans,yes\n")
    assert "claims.csv:6: the row has 14 fields but the header has 15" in only_error(workbook_dir)


def test_empty_required_field(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        "Probiotics cure depression.,Probiotics cure depression.,",
        "Probiotics cure depression.,,",
    )
    assert only_error(workbook_dir).startswith(
        "claims.csv:5: column 'claim': is empty; every row needs a value in 'claim'"
    )


def test_every_problem_is_reported_at_once(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",rct,", ",rtc,")
    replace_in(workbook_dir / "claims.csv", "C0005,", "C0004,")
    replace_in(workbook_dir / "claims.csv", ",humans,yes,", ",people,yes,")
    assert len(messages(workbook_dir)) == 4


def test_unused_vocabulary_term_is_only_a_warning(workbook_dir):
    warnings = messages(workbook_dir, "warning")
    assert any(w.startswith("vocabulary.yaml:") and "'autism'" in w and "used by no claim" in w for w in warnings)


def test_a_claim_left_untyped_in_a_table_with_the_column_is_warned_of(workbook_dir):
    """A blank claim type is read as a claim of effect: say so where the curator could have given one."""
    assert not any("claim type" in w for w in messages(workbook_dir, "warning"))  # no such column: an older table
    edit_claims(workbook_dir, {"C0001": {"claim_type": "effect"}})  # the column now exists; C0002 … left blank
    untyped = [w for w in messages(workbook_dir, "warning") if "no claim type" in w]
    assert untyped and untyped[0].startswith("claims.csv:3: warning: column 'claim_type': no claim type")
    assert len(untyped) == len(validate_workbook(workbook_dir).claims) - 1


def test_a_new_folder_s_unused_terms_are_one_warning_per_section(workbook_dir):
    """A folder with its first claim uses few terms: one line for the conditions, one for the interventions."""
    path = workbook_dir / "claims.csv"
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:2]) + "\n", encoding="utf-8")
    unused = [w for w in messages(workbook_dir, "warning") if "used by no claim" in w]
    assert len(unused) == 2
    assert "conditions terms (" in unused[0] and "'depression'" in unused[0]


def test_next_claim_id():
    assert next_claim_id(["C0001", "C0041", "bad", None]) == "C0042"
    assert next_claim_id([]) == "C0001"


def test_next_ids_follow_the_highest_id_of_their_letter_in_order():
    assert next_ids(["C0002", "C0010", "bad", None, "S0099", "C0003"], "C", 3) == ["C0011", "C0012", "C0013"]
    assert next_ids(["C0002"], "S", 2) == ["S0001", "S0002"]
    assert next_ids(["C0002"], "C", 0) == []


def test_bad_date_in_sources_is_a_message_not_a_crash(workbook_dir):
    replace_in(
        workbook_dir / "sources.csv",
        ",2026-01-15,2026-11-23,sources/diet-blog",
        ",15/01/2026,2026-11-23,sources/diet-blog",
    )
    assert only_error(workbook_dir) == (
        "sources.csv:3: column 'published': must be a date written YYYY-MM-DD "
        "(value '15/01/2026'); for example 2026-11-23"
    )


def test_escape_sequences_in_a_header_never_reach_the_terminal(workbook_dir):
    replace_in(workbook_dir / "claims.csv", ",notes\n", ",no\x1b[2Jtes\n")
    assert "column 'no\\x1b[2Jtes': unknown column" in only_error(workbook_dir)


def test_lines_are_counted_past_a_field_that_spans_lines(workbook_dir):
    replace_in(
        workbook_dir / "claims.csv",
        ",a randomised controlled trial in 120 adults,",
        ',"a randomised controlled trial\nin 120 adults",',
    )
    replace_in(workbook_dir / "claims.csv", "C0002,probiotics-news,", "C0002,probiotic-news,")
    assert only_error(workbook_dir).startswith("claims.csv:4: column 'source_id': unknown source_id")


def test_lines_are_counted_past_a_blank_line(workbook_dir):
    replace_in(workbook_dir / "claims.csv", "\nC0002,", "\n\nC0002,")
    replace_in(workbook_dir / "claims.csv", "C0002,probiotics-news,", "C0002,probiotic-news,")
    assert only_error(workbook_dir).startswith("claims.csv:4: column 'source_id': unknown source_id")


# --- the mistakes a spreadsheet makes: one line each, not a wall -----------------------------------


def rewrite_claims(claims_dir, change):
    path = claims_dir / "claims.csv"
    path.write_bytes(change(path.read_text(encoding="utf-8")))


def test_a_missing_column_is_one_line_not_one_per_row(workbook_dir):
    def drop_advice(text):
        rows = list(csv.reader(io.StringIO(text)))
        at = rows[0].index("advice")
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])
        return buffer.getvalue().encode()

    rewrite_claims(workbook_dir, drop_advice)
    assert only_error(workbook_dir) == (
        "claims.csv:1: column 'advice': required column is missing from the header; "
        "add it to the first line (see claims/README.md)"
    )


def test_a_file_split_by_semicolons_says_so_once(workbook_dir):
    def semicolons(text):
        rows = list(csv.reader(io.StringIO(text)))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
        return buffer.getvalue().encode()

    rewrite_claims(workbook_dir, semicolons)
    error = only_error(workbook_dir)
    assert error.startswith("claims.csv:1: the columns are separated by semicolons, not commas")
    assert "CSV UTF-8 (comma delimited)" in error


def test_a_file_saved_as_windows_1252_is_a_few_lines(workbook_dir):
    rewrite_claims(workbook_dir, lambda text: text.replace("—", "–").encode("cp1252"))
    errors = messages(workbook_dir)
    encoding = [e for e in errors if "not UTF-8" in e]
    assert 1 <= len(encoding) <= 4 and "save the file as UTF-8" in encoding[0]


def test_trailing_rows_of_commas_are_left_out_with_one_warning(workbook_dir):
    rewrite_claims(workbook_dir, lambda text: (text + ",,,,,,,,,,,,,,\n" * 3).encode())
    assert messages(workbook_dir) == []
    assert any("3 rows with no values, left out" in w for w in messages(workbook_dir, "warning"))


def test_a_whole_file_in_windows_1252_is_named_once_and_read_as_such(tmp_path):
    from analysis.workbook.csv_reader import read_table

    path = tmp_path / "reviewed.csv"
    rows = "".join(f"s{i},Café au lait — row {i},a reason\n" for i in range(6))
    path.write_bytes(("source_id,sentence,reason\n" + rows).encode("cp1252"))
    table = read_table(path, ["source_id", "sentence", "reason"], ["source_id"])
    assert [str(p).split(": ", 1)[1] for p in table.problems] == [
        "the file is not UTF-8: 6 lines read as Windows-1252 (cp1252); re-save it as UTF-8 (Excel: 'CSV UTF-8'); "
        "it was read as cp1252 for the other checks"
    ]
    assert table.frame.loc[0, "sentence"] == "Café au lait — row 0"


def test_a_claims_file_elsewhere_is_checked_against_the_folder_and_named_in_problems(workbook_dir, tmp_path):
    coder = tmp_path / "coder.csv"
    coder.write_text((workbook_dir / "claims.csv").read_text(encoding="utf-8").replace(",rct,", ",rtc,"), "utf-8")
    (workbook_dir / "claims.csv").write_text("not,a,claims,table\n", encoding="utf-8")  # the folder's own is not read
    result = validate_workbook(workbook_dir, claims_file=coder)
    assert [str(p).replace(f"{tmp_path}/", "") for p in result.errors] == [
        "coder.csv:2: column 'evidence_level': unknown evidence_levels term 'rtc' (value 'rtc'); did you mean 'rct'?"
    ]
    assert len(result.claims) == 10 and result.claims["quote_start"].notna().all()


@pytest.mark.parametrize("claim_id", ["C\uff10\uff10\uff10\uff15", "C" + "1" * 5000, "C" + "0" * 13, "C001"])
def test_a_claim_id_is_c_and_4_to_12_ascii_digits(workbook_dir, claim_id):
    replace_in(workbook_dir / "claims.csv", "C0005,", f"{claim_id},")
    error = only_error(workbook_dir)
    assert "claims.csv:6: column 'claim_id': must be C followed by 4 to 12 digits 0-9" in error
    assert len(error) < 300  # a 5,000-digit id is shown shortened


def test_a_source_id_past_the_bound_is_refused_once(workbook_dir):
    long_id = "probiotics-" + "x" * 50
    for table in ("sources.csv", "claims.csv"):
        replace_in(workbook_dir / table, "probiotics-news,", f"{long_id},", count=-1)
    assert (
        "sources.csv:2: column 'source_id': must be a slug: lower-case letters and digits joined by hyphens, "
        "at most 60 characters" in only_error(workbook_dir)
    )


def test_a_header_of_too_many_columns_is_refused_in_one_line_without_echoing_it(workbook_dir):
    path = workbook_dir / "claims.csv"
    header, rest = path.read_text(encoding="utf-8").split("\n", 1)
    path.write_text(header + "".join(f",extra{n}" for n in range(100_000)) + "\n" + rest, encoding="utf-8")
    error = only_error(workbook_dir)
    assert error.startswith("claims.csv:1: the header has 100,015 columns, more than the 200 the workbook reads")
    assert "extra" not in error


def test_a_quote_taken_inside_a_sentence_that_also_stands_alone_as_a_heading_is_warned_of(workbook_dir):
    text = workbook_dir / "sources" / "diet-blog.txt"
    old = text.read_bytes()
    text.write_bytes(old + b"\nA meta-analysis of 16 trials\n\nIt was large.\n")
    replace_in(
        workbook_dir / "sources.csv", hashlib.sha256(old).hexdigest(), hashlib.sha256(text.read_bytes()).hexdigest()
    )
    edit_claims(workbook_dir, {"C0008": {"quote": "A meta-analysis of 16 trials"}})
    found = [str(p) for p in validate_workbook(workbook_dir).problems if "taken where it first stands" in str(p)]
    assert len(found) == 1 and "claims.csv:9: warning: column 'quote'" in found[0]
    assert "inside a longer sentence on line 3; it stands alone on line" in found[0]
    assert not validate_workbook(workbook_dir).errors
