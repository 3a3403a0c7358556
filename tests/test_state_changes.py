"""Every change of workflow state goes through newsletters.services: no other module assigns a
status, calls set_status or updates status in bulk."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["unlops", "people", "events", "newsletters", "bench"]
# The service itself, and the model method it calls.
ALLOWED = {
    Path("newsletters/services.py"),
    Path("newsletters/revision_services.py"),
    Path("newsletters/models/workflow.py"),
    # A mailing's and a delivery's sending status, not a workflow state: written by the sender.
    Path("newsletters/mailing/sending.py"),
    # The readers' list has its own states (subscribers, deliveries), changed by its services.
    Path("newsletters/mailing/services.py"),
    Path("newsletters/mailing/suppression.py"),
}
STATE_FIELDS = {"status", "status_changed_at", "status_changed_by", "status_changed_by_id"}


def _assigned(node):
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    return [
        f".{target.attr} ="
        for target in targets
        if isinstance(target, ast.Attribute) and target.attr in STATE_FIELDS
    ]


def _names_a_state(arg):
    return isinstance(arg, ast.Constant) and arg.value in STATE_FIELDS


def _called(node):
    if not isinstance(node, ast.Call):
        return []
    func, keywords = node.func, {keyword.arg for keyword in node.keywords}
    if isinstance(func, ast.Name):
        named = func.id == "setattr" and len(node.args) > 1 and _names_a_state(node.args[1])
        return ["setattr(…, 'status')"] if named else []
    if not isinstance(func, ast.Attribute):
        return []
    if func.attr == "set_status":
        return ["set_status()"]
    listed = any(
        isinstance(arg, ast.List | ast.Tuple) and any(map(_names_a_state, arg.elts))
        for arg in node.args
    )
    if func.attr in {"update", "bulk_update"} and (keywords & STATE_FIELDS or listed):
        return [f"{func.attr}(status=…)"]
    return []


def state_writes(source):
    """(line, what) for every write of a state field in ``source``."""
    return [
        (node.lineno, what)
        for node in ast.walk(ast.parse(source))
        for what in _assigned(node) + _called(node)
    ]


def project_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def test_only_the_service_writes_a_state():
    offenders = [
        f"{path}:{line} {what}"
        for path in project_modules()
        if path not in ALLOWED
        for line, what in state_writes((ROOT / path).read_text())
    ]
    assert offenders == []


def test_the_service_is_where_states_are_written():
    assert state_writes((ROOT / "newsletters/services.py").read_text())


@pytest.mark.parametrize(
    "code",
    [
        "article.status = 'published'",
        "self.status_changed_by = user",
        "issue.set_status(Status.PUBLISHED, by=None)",
        "Article.objects.filter(pk=1).update(status='published')",
        "Article.objects.bulk_update(rows, ['status'])",
        "setattr(article, 'status', 'published')",
    ],
)
def test_the_check_sees_each_way_of_writing_a_state(code):
    assert state_writes(code)


def test_the_check_ignores_reading_and_filtering():
    code = "if article.status == 'draft':\n    Article.objects.filter(status='review').count()"
    assert state_writes(code) == []
