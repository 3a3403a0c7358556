import pytest

from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory


def pytest_collection_modifyitems(items):
    """Everything under tests/browser drives chromium and runs in the separate browser pass."""
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Keep uploaded and generated files out of the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def published_issue(db):
    """A public issue with a cover photo and two public articles, each with one photo."""
    issue = IssueFactory(published=True, cover_photo=PhotoFactory(caption="Cover"))
    for article in ArticleFactory.create_batch(2, published=True, issue=issue):
        ArticlePhotoFactory(article=article)
    return issue
