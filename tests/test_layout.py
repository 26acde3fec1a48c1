"""The package's layout holds: layers import one way, every module says what it is and has its tests."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
TESTS = Path(__file__).resolve().parent
LAYERS = ["common", "language", "workbook", "evidence", "reports", "changes", "curation", "site", "preview", "cli"]


def modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py"))


def imported_layers(path: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = (
            [a.name for a in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
        layers |= {n.split(".")[1] for n in names if n.startswith("analysis.") and n.count(".") >= 1}
    return layers


def test_each_layer_imports_only_from_the_layers_before_it():
    wrong = []
    for path in modules():
        layer = path.relative_to(PACKAGE).parts[0]
        allowed = set(LAYERS[: LAYERS.index(layer) + 1])
        wrong += [f"{path.relative_to(PACKAGE)} imports analysis.{used}" for used in imported_layers(path) - allowed]
    assert wrong == []


def test_every_module_opens_with_a_one_line_docstring():
    missing = [
        str(p.relative_to(PACKAGE))
        for p in PACKAGE.rglob("*.py")
        if not (ast.get_docstring(ast.parse(p.read_text(encoding="utf-8"))) or "").strip()
    ]
    assert missing == []


def test_every_module_has_a_test_file_or_names_the_one_that_covers_it():
    untested = []
    for path in modules():
        relative = path.relative_to(PACKAGE)
        own = TESTS / relative.parent / f"test_{path.stem}.py"
        docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        named = [word.strip("`.,;:()") for word in docstring.split() if word.strip("`.,;:()").startswith("tests/")]
        if not own.exists() and not any((TESTS.parent / name).exists() for name in named):
            untested.append(str(relative))
    assert untested == []


def test_no_module_grows_past_400_lines():
    assert [str(p.relative_to(PACKAGE)) for p in modules() if len(p.read_text().splitlines()) > 400] == []
