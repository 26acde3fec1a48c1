"""The GitHub Actions workflow cannot be turned against the project by a pull request (see SECURITY.md)."""

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parents[1] / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.fixture(params=WORKFLOWS, ids=lambda p: p.name)
def workflow(request) -> dict:
    return load(request.param)


def test_there_is_a_workflow():
    assert WORKFLOWS


def test_pull_requests_run_with_the_forks_rights_never_the_repositorys(workflow):
    triggers = workflow["on"] if isinstance(workflow["on"], dict | list) else [workflow["on"]]
    assert "pull_request_target" not in triggers and "workflow_run" not in triggers


def test_the_token_may_only_read(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert job.get("permissions", {"contents": "read"}) == {"contents": "read"}, name


def test_every_action_is_pinned_to_a_commit(workflow):
    used = [step["uses"] for step in steps(workflow) if "uses" in step]
    assert used and [u for u in used if not PINNED.match(u)] == []


def test_the_checkout_keeps_no_token_on_disk(workflow):
    for step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False


def test_only_the_reports_folder_is_uploaded(workflow):
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and all(s["with"]["path"].rstrip("/") == "reports" for s in uploads)


def test_no_expression_from_the_event_is_pasted_into_a_script(workflow):
    """`${{ github.event... }}` or `${{ github.base_ref }}` inside `run:` would let a branch name inject shell code."""
    for step in steps(workflow):
        assert "${{" not in step.get("run", ""), step.get("name")
