import pytest

from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory


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
