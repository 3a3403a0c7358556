"""Photos placed inside an article's text, on the article's page, the issue's page and previews."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from newsletters.figures import record_figures
from newsletters.models import Article
from newsletters.preview import preview_url
from tests.factories import ArticleFactory, IssueFactory, PersonFactory, PhotoFactory

pytestmark = pytest.mark.django_db

BIG = {"image__width": 1200, "image__height": 800}


def ref(photo, placement="full"):
    return f'<figure data-photo="{photo.pk}" data-placement="{placement}"></figure>'


def placed(article, body):
    article.body = body
    article.save()
    record_figures(article)
    return article


def figures_in(html):
    return re.findall(r'<figure class="photo photo--(full|inset)">', html)


def test_the_article_page_shows_the_figure_where_the_text_places_it(client):
    mogherini = PersonFactory(name="Federica Mogherini")
    abela = PersonFactory(name="Carmelo Abela")
    photo = PhotoFactory(
        caption="Federica Mogherini at the informal meeting in Valletta",
        credit="Maltese Presidency",
        alt_text="Three people at a meeting table",
        people=[abela, mogherini],
        **BIG,
    )
    article = ArticleFactory(published=True)
    placed(article, f"<p>Before the picture.</p>{ref(photo, 'inset')}<p>After the picture.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    before, after = html.index("Before the picture."), html.index("After the picture.")
    figure = html.index('<figure class="photo photo--inset">')
    assert before < figure < after
    assert "data-photo" not in html
    shown = html[figure : html.index("</figure>", figure)]
    assert 'alt="Three people at a meeting table"' in shown
    assert re.search(r'srcset="[^"]+ 480w, ', shown)  # As the site's other photos: renditions.
    assert "image/webp" in shown
    assert f'<a href="{mogherini.get_absolute_url()}">Federica Mogherini</a>' in shown
    assert "Pictured" not in shown or "Also pictured:" in shown
    assert f'<a href="{abela.get_absolute_url()}">Carmelo Abela</a>' in shown  # Not named: listed.
    assert "Credit: Maltese Presidency" in shown
    # The issue's page, which shows every article's text, places it too.
    issue_page = client.get(article.issue.get_absolute_url()).content.decode()
    assert figures_in(issue_page).count("inset") == 1


def test_a_photo_that_is_not_public_shows_nothing_publicly_but_shows_in_the_preview(client):
    photo = PhotoFactory(caption="Not yet public", **BIG)
    article = ArticleFactory(published=True, body="<p>Text.</p>")
    # Placed without the save path that records it (and so makes it public with the article).
    Article.objects.filter(pk=article.pk).update(body=f"<p>Text.</p>{ref(photo)}")
    assert not photo.is_published()
    cache.clear()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Not yet public" not in public and not figures_in(public)
    preview = client.get(preview_url(article)).content.decode()
    assert "Not yet public" in preview and figures_in(preview) == ["full"]


def test_a_draft_with_a_figure_shows_it_in_its_preview_only(client):
    photo = PhotoFactory(caption="Steering Committee, New York", credit="UN Photo", **BIG)
    issue = IssueFactory(published=True)
    draft = placed(ArticleFactory(issue=issue), f"<p>Draft.</p>{ref(photo)}")
    assert not photo.is_published()
    preview = client.get(preview_url(draft)).content.decode()
    assert "Steering Committee, New York" in preview and "Credit: UN Photo" in preview
    assert client.get(draft.get_absolute_url()).status_code == 404


def count(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["article", "issue"])
def test_queries_are_the_same_for_one_figure_and_for_five(client, page):
    photos = [PhotoFactory(people=[PersonFactory()]) for _ in range(5)]
    issue = IssueFactory(published=True)
    one = placed(ArticleFactory(published=True, issue=issue), f"<p>a</p>{ref(photos[0])}")
    url = one.get_absolute_url() if page == "article" else issue.get_absolute_url()
    with_one = count(client, url)
    placed(one, "<p>a</p>" + "".join(ref(photo, "inset") for photo in photos))
    if page == "issue":  # A second article with figures of its own: still one read of photos.
        other = ArticleFactory(published=True, issue=issue)
        placed(other, "<p>b</p>" + "".join(ref(photo) for photo in photos[:3]))
    assert count(client, url) == with_one
    html = client.get(url).content.decode()
    assert len(figures_in(html)) == (5 if page == "article" else 8)


def test_a_text_without_figures_costs_no_query_for_them(client):
    article = ArticleFactory(published=True, body="<p>Plain.</p>")
    plain = count(client, article.get_absolute_url())
    photo = PhotoFactory()
    placed(article, f"<p>Plain.</p>{ref(photo)}")
    assert count(client, article.get_absolute_url()) == plain + 2  # The photos, their people.
