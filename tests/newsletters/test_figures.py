"""Photos placed inside an article's text: the stored reference, what keeps it, what records it."""

import pytest
import tablib
from django.db.models import ProtectedError
from django.urls import reverse

from newsletters.figures import photo_ids, record_figures
from newsletters.models import Article, ArticleFigure, Issue, Photo
from newsletters.resources import ArticleResource
from newsletters.services import (
    IssueIncomplete,
    record_terms,
    revision_publish,
    revision_save,
    transition,
)
from tests.factories import ArticleFactory, IssueFactory, PhotoFactory, UserFactory
from tests.importing import import_errors
from unlops.richtext import figure_references, sanitize_html

pytestmark = pytest.mark.django_db


def ref(photo, placement="full"):
    pk = photo.pk if hasattr(photo, "pk") else photo
    return f'<figure data-photo="{pk}" data-placement="{placement}"></figure>'


# The sanitiser: a figure is kept only as a bare reference.


@pytest.mark.parametrize("placement", ["full", "inset"])
def test_a_valid_reference_is_kept_as_it_is(placement):
    html = f"<p>Before.</p>{ref(12, placement)}<p>After.</p>"
    assert sanitize_html(html, figures=True) == html
    assert sanitize_html(sanitize_html(html, figures=True), figures=True) == html


@pytest.mark.parametrize(
    "crafted",
    [
        '<figure data-photo="1 onerror=alert(1)"></figure>',
        '<figure data-photo="javascript:alert(1)"></figure>',
        '<figure data-photo="-3"></figure>',
        '<figure data-photo="0"></figure>',
        '<figure data-photo=""></figure>',
        "<figure>A caption of its own</figure>",
        '<figure data-src="1"><img src="x" onerror="alert(1)"></figure>',
    ],
)
def test_a_figure_that_names_no_photo_goes_with_what_it_held(crafted):
    assert sanitize_html(f"<p>Text.</p>{crafted}", figures=True) == "<p>Text.</p>"


def test_extra_attributes_content_and_nested_figures_are_dropped():
    crafted = (
        '<figure data-photo="7" data-placement="inset" onclick="alert(1)" class="x" '
        'style="background:url(javascript:alert(1))" data-other="1">'
        '<img src="javascript:alert(1)"><figcaption>Mine</figcaption>'
        '<figure data-photo="8"></figure><script>alert(1)</script>text</figure>'
    )
    assert sanitize_html(crafted, figures=True) == ref(7, "inset")


def test_an_unknown_placement_becomes_full_width():
    html = '<figure data-placement="left" data-photo="5"></figure>'
    assert sanitize_html(html, figures=True) == ref(5, "full")


def test_texts_without_figures_keep_none():
    assert sanitize_html(f"<p>Foreword.</p>{ref(3)}") == "<p>Foreword.</p>"


def test_references_are_read_in_order():
    html = f"<p>a</p>{ref(4, 'inset')}<p>b</p>{ref(2)}{ref(4)}"
    assert figure_references(html) == [(4, "inset"), (2, "full"), (4, "full")]
    assert photo_ids(html) == [4, 2]
    # Inside an attribute, escaped by the sanitiser, it is text, not a reference.
    quoted = sanitize_html(
        f"<p><a href=\"https://un.org\" title='{ref(9)}'>x</a></p>", figures=True
    )
    assert figure_references(quoted) == []


def test_the_article_body_keeps_references_on_save_and_the_foreword_does_not():
    photo = PhotoFactory()
    article = ArticleFactory(
        body=f'<p>Text.</p><figure data-photo="{photo.pk}" onclick="x">x</figure>'
    )
    article.refresh_from_db()
    assert article.body == f"<p>Text.</p>{ref(photo)}"
    issue = IssueFactory(foreword=f"<p>Foreword.</p>{ref(photo)}")
    issue.refresh_from_db()
    assert issue.foreword == "<p>Foreword.</p>"


# The recorded uses: where-used, the delete guard, publicity.


def test_saving_records_the_photos_the_text_places_and_forgets_removed_ones():
    first, second = PhotoFactory(), PhotoFactory()
    article = ArticleFactory(body=f"<p>a</p>{ref(first)}{ref(second, 'inset')}{ref(first)}")
    assert record_terms(article) == 1
    assert set(article.figure_uses.values_list("photo", flat=True)) == {first.pk, second.pk}
    assert record_terms(article) == 0  # Nothing changed: nothing written.
    article.body = f"<p>a</p>{ref(second)}"
    article.save()
    record_figures(article)
    assert list(article.figure_uses.values_list("photo", flat=True)) == [second.pk]


def test_a_reference_to_a_photo_that_does_not_exist_is_not_recorded():
    article = ArticleFactory(body=f"<p>a</p>{ref(987654)}")
    assert record_figures(article) == 0
    assert not ArticleFigure.objects.exists()


def test_the_admin_form_records_the_figure_and_where_used_lists_it(admin_client):
    photo = PhotoFactory(caption="Federica Mogherini in Valletta")
    article = ArticleFactory(title="Malta briefing")
    url = reverse("admin:newsletters_article_change", args=[article.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and not isinstance(value, list)
    }
    data.update(
        issue=article.issue.pk,
        body=f'<p>Briefing.</p><figure data-photo="{photo.pk}" data-placement="inset"></figure>',
        loaded_version=article.version,
        **{
            "article_photos-TOTAL_FORMS": 0,
            "article_photos-INITIAL_FORMS": 0,
            "article_photos-MIN_NUM_FORMS": 0,
            "article_photos-MAX_NUM_FORMS": 1000,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(article.figure_uses.values_list("photo", flat=True)) == [photo.pk]
    page = admin_client.get(reverse("admin:newsletters_photo_change", args=[photo.pk]))
    assert "Malta briefing (in the text)" in page.content.decode()


def test_a_photo_used_only_inside_a_text_cannot_be_deleted_and_the_guard_names_it(admin_client):
    photo = PhotoFactory()
    article = ArticleFactory(title="Malta briefing", body=f"<p>a</p>{ref(photo)}")
    record_figures(article)
    with pytest.raises(ProtectedError):
        photo.delete()
    page = admin_client.get(reverse("admin:newsletters_photo_delete", args=[photo.pk]))
    text = page.content.decode()
    assert "Malta briefing" in text
    assert "photo in the text" in text.lower()
    admin_client.post(reverse("admin:newsletters_photo_delete", args=[photo.pk]), {"post": "yes"})
    assert Photo.objects.filter(pk=photo.pk).exists()
    # Once the text no longer places it, it may go.
    article.body = "<p>a</p>"
    article.save()
    record_figures(article)
    photo.delete()


def test_a_photo_placed_in_a_published_text_is_public_and_in_a_draft_is_not():
    photo = PhotoFactory()
    draft = ArticleFactory(body=f"<p>a</p>{ref(photo)}")
    record_figures(draft)
    assert not photo.is_published()
    article = ArticleFactory(published=True, body=f"<p>a</p>{ref(photo)}")
    record_figures(article)
    assert photo.is_published()


def test_publishing_records_the_figures_of_the_text_as_it_is_then():
    publisher = UserFactory(role="Publisher")
    photo = PhotoFactory()
    issue = IssueFactory()
    article = ArticleFactory(issue=issue)
    Article.objects.filter(pk=article.pk).update(body=f"<p>a</p>{ref(photo)}")  # No save path.
    transition(Issue.objects.get(pk=issue.pk), to="published", by=publisher)
    assert list(article.figure_uses.values_list("photo", flat=True)) == [photo.pk]
    assert photo.is_published()


def test_an_import_keeps_the_reference_and_records_it():
    photo = PhotoFactory()
    issue = IssueFactory(slug="october-2016-may-2017")
    data = tablib.Dataset(
        [
            "october-2016-may-2017",
            "malta",
            "feature",
            1,
            "Malta",
            f'<p>Text.</p><figure data-photo="{photo.pk}" data-placement="inset" onload="x">'
            '<img src="x"></figure><figure data-photo="1 onerror"></figure>',
        ],
        headers=["issue", "slug", "section", "position", "title", "body"],
    )
    result = ArticleResource().import_data(data)
    assert import_errors(result) == []
    article = Article.objects.get(issue=issue)
    assert article.body == f"<p>Text.</p>{ref(photo, 'inset')}"
    assert list(article.figure_uses.values_list("photo", flat=True)) == [photo.pk]


# What the editor needs.


def test_the_editor_offers_insert_photo_in_the_body_only(admin_client):
    article = ArticleFactory()
    page = admin_client.get(reverse("admin:newsletters_article_change", args=[article.pk]))
    text = page.content.decode()
    assert "PhotoFigure" in text and "/static/js/admin-figure.js" in text
    assert reverse("admin:newsletters_photo_figures") in text
    issue_page = admin_client.get(
        reverse("admin:newsletters_issue_change", args=[article.issue.pk])
    )
    assert "PhotoFigure" not in issue_page.content.decode()


def test_the_figures_view_describes_photos_for_staff_only(client, admin_client):
    photo = PhotoFactory(caption="Valletta, April 2017", credit="Maltese Presidency")
    url = reverse("admin:newsletters_photo_figures") + f"?id={photo.pk}&id=x&id=99999"
    answer = admin_client.get(url).json()["photos"]
    assert list(answer) == [str(photo.pk)]
    assert answer[str(photo.pk)]["label"] == "Valletta, April 2017"
    assert answer[str(photo.pk)]["credit"] == "Credit: Maltese Presidency"
    assert client.get(url).status_code == 302  # To the sign-in page.
    no_right = UserFactory(is_staff=True)
    client.force_login(no_right)
    assert client.get(url).status_code == 403


def test_publishing_checks_the_photos_placed_in_the_text():
    publisher = UserFactory(role="Publisher")
    no_alt = PhotoFactory(alt_text="")
    article = ArticleFactory(title="Malta", body=f"<p>a</p>{ref(no_alt)}{ref(424242)}")
    with pytest.raises(IssueIncomplete) as refused:
        transition(article.issue, to="published", by=publisher)
    assert refused.value.problems == [
        "“Malta” places in its text a photo that is not in the library (number 424242).",
        f"A photo in “Malta” has no alt text (“{no_alt}”).",
    ]


def test_a_revision_of_published_work_places_a_photo_checked_then_recorded_when_live():
    publisher = UserFactory(role="Publisher")
    article = ArticleFactory(published=True, title="Malta", body="<p>Live.</p>")
    no_credit = PhotoFactory(credit="")
    body = f"<p>Revised.</p>{ref(no_credit, 'inset')}"
    revision = revision_save(item=article, data={"fields": {"body": body}}, by=publisher)
    with pytest.raises(IssueIncomplete) as refused:
        revision_publish(revision=revision, by=publisher)
    assert refused.value.problems == [f"A photo in “Malta” has no credit (“{no_credit}”)."]
    assert not article.figure_uses.exists()
    no_credit.credit = "Maltese Presidency"
    no_credit.save()
    revision_publish(revision=revision, by=publisher)
    article.refresh_from_db()
    assert article.body == body
    assert list(article.figure_uses.values_list("photo", flat=True)) == [no_credit.pk]
    assert no_credit.is_published()
