import pytest

from tests.export.issue_builder import build_issue


@pytest.fixture
def export_issue(db):
    """(issue, public articles, draft article)."""
    return build_issue()
