"""The issue desk: one completeness check for publish and the desk, reordering through the
service, what goes public agreeing with what publishing does, every role against every POST."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from newsletters import services
from newsletters.completeness import HOME_PAGE_ARTICLES, issue_completeness
from newsletters.desk import issue_desk, word_count
from newsletters.models import Article, Issue, Photo, Status, Term, Topic
from people.models import Organisation, Person
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    PersonFactory,
    PhotoFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["Contributor", "Editor", "Publisher"]


def url(name, issue):
    return reverse(f"admin:newsletters_issue_{name}", args=[issue.pk])


def signed_in(client, role, **kwargs):
    user = (
        UserFactory(role=role, **kwargs) if role != "superuser" else UserFactory(is_superuser=True)
    )
    client.force_login(user)
    return user


def positions(issue):
    return list(issue.articles.order_by("position").values_list("pk", flat=True))


@pytest.fixture
def issue():
    issue = IssueFactory(cover_photo=PhotoFactory(caption="Cover"))
    for n in range(3):
        ArticleFactory(issue=issue, title=f"Article {n + 1}", photos=[PhotoFactory()])
    return issue


# One completeness check ------------------------------------------------------------------------


def test_publish_and_desk_read_the_same_problems(issue):
    first, second, _third = issue.articles.order_by("position")
    second.body = ""
    second.save()
    use = first.article_photos.get()
    Photo.objects.filter(pk=use.photo_id).update(alt_text="")
    publisher = UserFactory(role="Publisher")
    desk = issue_desk(issue, user=publisher)
    with pytest.raises(services.IssueIncomplete) as refused:
        services.issue_publish(issue=issue, by=publisher)
    assert refused.value.problems == desk.problems == services.issue_problems(issue)
    assert len(desk.problems) == 2
    assert desk.rows[0].problems and desk.rows[1].problems and not desk.rows[2].problems
    issue.refresh_from_db()
    assert issue.status == Status.DRAFT


def test_advice_does_not_block_publication():
    issue = IssueFactory()
    ArticleFactory(issue=issue, standfirst="")
    check = issue_completeness(issue)
    assert check.problems == []
    assert any("no standfirst" in note for note in check.advice)
    assert any("no cover photo" in note for note in check.issue_advice)
    assert any(f"fewer than {HOME_PAGE_ARTICLES}" in note for note in check.issue_advice)
    services.issue_publish(issue=issue, by=None)
    assert Issue.objects.get(pk=issue.pk).status == Status.PUBLISHED


def test_desk_rows_count_words_photos_and_name_the_author(client, issue):
    article = issue.articles.order_by("position").first()
    writer = UserFactory(role="Contributor", first_name="Lotte", last_name="Knudsen")
    fresh = Article.objects.get(pk=article.pk)
    fresh.body = "<p>One two</p><p>three&nbsp;four</p>"
    fresh.save()  # Not the first version: the author stays who created it.
    new = ArticleFactory.build(issue=issue, title="By Lotte", slug="by-lotte", position=9)
    new._history_user = writer
    new.save()
    desk = issue_desk(issue, user=writer)
    rows = {row.article.pk: row for row in desk.rows}
    assert rows[article.pk].words == 4
    assert rows[article.pk].photos == 1
    assert rows[new.pk].author == "Lotte Knudsen"
    assert desk.next_position == 10
    assert word_count("<p>a</p><p>b</p>") == 2


# Reordering ------------------------------------------------------------------------------------


def test_reorder_numbers_the_articles_in_the_new_order(issue):
    a, b, c = positions(issue)
    moved = services.articles_reorder(issue=issue, order=[c, a, b], by=None)
    assert positions(issue) == [c, a, b]
    assert sorted(issue.articles.values_list("position", flat=True)) == [1, 2, 3]
    assert {article.pk for article in moved} == {a, b, c}
    # Saved through the model: versions move on and history says who did it.
    assert Article.objects.get(pk=c).history.first().position == 1


def test_reorder_swaps_two_in_one_transaction_despite_the_unique_position(issue):
    a, b, c = positions(issue)
    services.articles_reorder(issue=issue, order=[b, a, c], by=None)
    assert positions(issue) == [b, a, c]
    assert Article.objects.get(pk=c).version == 1  # Unmoved articles are not saved.


@pytest.mark.parametrize(
    "crafted",
    [
        "missing",
        "duplicate",
        "foreign",
        "unknown",
        "not-a-number",
    ],
)
def test_reorder_refuses_an_order_that_is_not_the_issue_s_articles(issue, crafted):
    a, b, c = positions(issue)
    other = ArticleFactory()
    order = {
        "missing": [a, b],
        "duplicate": [a, a, b, c],
        "foreign": [a, b, c, other.pk],
        "unknown": [a, b, 999999],
        "not-a-number": [a, b, "c; drop table"],
    }[crafted]
    with pytest.raises(services.OrderInvalid):
        services.articles_reorder(issue=issue, order=order, by=None)
    assert positions(issue) == [a, b, c]


def test_reorder_refuses_all_if_one_moved_article_is_not_the_user_s_to_move(issue):
    a, b, c = positions(issue)
    Article.objects.filter(pk=c).update(status=Status.REVIEW)  # Review is the editors'.
    contributor = UserFactory(role="Contributor")
    services.articles_reorder(issue=issue, order=[b, a, c], by=contributor)  # c stays put.
    with pytest.raises(PermissionDenied):
        services.articles_reorder(issue=issue, order=[c, b, a], by=contributor)
    assert positions(issue) == [b, a, c]


# Reorder POSTs: every role, crafted data --------------------------------------------------------


def make_issue_in(state):
    issue = IssueFactory(cover_photo=PhotoFactory())
    if state == "published":
        issue = IssueFactory(published=True)
    status = Status.PUBLISHED if state == "published" else Status(state)
    for n in range(2):
        ArticleFactory(issue=issue, title=f"Article {n + 1}", status=status)
    return issue


REORDER_ALLOWED = {
    "draft": {"Contributor", "Editor", "Publisher", "superuser"},
    "review": {"Editor", "Publisher", "superuser"},
    "published": {"Publisher", "superuser"},
}


@pytest.mark.parametrize("state", ["draft", "review", "published"])
@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_reorder_post_by_role_and_state(client, role, state):
    issue = make_issue_in(state)
    a, b = positions(issue)
    signed_in(client, role)
    response = client.post(
        url("desk_reorder", issue), {"order": [b, a]}, HTTP_ACCEPT="application/json"
    )
    allowed = role in REORDER_ALLOWED[state]
    assert response.status_code == (200 if allowed else 403)
    assert positions(issue) == ([b, a] if allowed else [a, b])
    if not allowed:
        assert "may not move" in response.json()["error"]


def test_reorder_post_without_script_moves_one_and_redirects(client, issue):
    a, b, c = positions(issue)
    signed_in(client, "Editor")
    response = client.post(url("desk_reorder", issue), {"move": f"{c}:up"})
    assert response.status_code == 302
    assert positions(issue) == [a, c, b]
    client.post(url("desk_reorder", issue), {"move": f"{a}:up"})  # Already first.
    assert positions(issue) == [a, c, b]


@pytest.mark.parametrize(
    "data",
    [
        {"order": ["x"]},
        {"move": "999999:up"},
        {"move": "1:sideways"},
        {},
    ],
    ids=["not-an-id", "unknown-move", "bad-direction", "nothing"],
)
def test_crafted_reorder_posts_are_a_clear_400(client, issue, data):
    before = positions(issue)
    signed_in(client, "Editor")
    if data.get("move") == "1:sideways":
        data = {"move": f"{before[0]}:sideways"}
    response = client.post(url("desk_reorder", issue), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
    assert positions(issue) == before
    assert client.post(url("desk_reorder", issue), data).status_code == 400


def test_foreign_ids_in_a_reorder_post_change_nothing_anywhere(client, issue):
    other = IssueFactory()
    foreign = [ArticleFactory(issue=other).pk, ArticleFactory(issue=other).pk]
    before, before_other = positions(issue), positions(other)
    signed_in(client, "Publisher")
    response = client.post(
        url("desk_reorder", issue),
        {"order": [*before[:1], *foreign]},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert positions(issue) == before and positions(other) == before_other


def test_reorder_answers_only_post_and_unknown_issues_404(client, issue):
    signed_in(client, "Publisher")
    assert client.get(url("desk_reorder", issue)).status_code == 405
    missing = reverse("admin:newsletters_issue_desk_reorder", args=[999999])
    assert client.post(missing, {"order": []}).status_code in (302, 404)


def test_staff_without_view_right_get_no_desk(client, issue):
    client.force_login(UserFactory())  # Staff, no role.
    response = client.post(url("desk_reorder", issue), {"order": positions(issue)[::-1]})
    assert response.status_code == 403


# The desk on the issue's page -------------------------------------------------------------------


def test_issue_page_shows_the_desk_with_the_add_link_preset(client, issue):
    signed_in(client, "Editor")
    page = client.get(reverse("admin:newsletters_issue_change", args=[issue.pk])).content.decode()
    assert 'id="issue-desk"' in page
    assert f"/admin/newsletters/article/add/?issue={issue.pk}&amp;position=4" in page
    assert "Nothing blocks publication" in page
    assert "js/admin-desk.js" in page and "css/admin-desk.css" in page
    add = client.get(reverse("admin:newsletters_article_add"), {"issue": issue.pk, "position": 4})
    form = add.context["adminform"].form
    assert str(form.initial["issue"]) == str(issue.pk)
    assert str(form.initial["position"]) == "4"


def test_contributor_sees_the_desk_without_move_buttons_on_a_review_issue(client):
    issue = make_issue_in("review")
    signed_in(client, "Contributor")
    page = client.get(reverse("admin:newsletters_issue_change", args=[issue.pk])).content.decode()
    assert 'id="issue-desk"' in page
    assert 'class="desk-move"' not in page


def test_checklist_is_served_live(client, issue):
    signed_in(client, "Contributor")
    article = issue.articles.first()
    Article.objects.filter(pk=article.pk).update(body="")
    answer = client.get(url("desk_checklist", issue), HTTP_ACCEPT="application/json").json()
    assert "blocks publication" in answer["checklist"]
    assert "has no text" in answer["checklist"]


def article_batch(issue, count):
    for n in range(count):
        ArticleFactory(issue=issue, title=f"Batch {n}", photos=[PhotoFactory(), PhotoFactory()])


def test_the_desk_takes_as_many_queries_for_20_articles_as_for_2(client):
    counts = []
    user = signed_in(client, "Editor")
    for size in (2, 20):
        issue = IssueFactory(cover_photo=PhotoFactory())
        article_batch(issue, size)
        issue = Issue.objects.get(pk=issue.pk)
        issue_desk(issue, user=user)  # The user's permissions are read once, then cached.
        issue = Issue.objects.get(pk=issue.pk)
        reset_queries()  # A full log (its deque holds 9,000) would count nothing.
        with CaptureQueriesContext(connection) as queries:
            desk = issue_desk(issue, user=user)
        assert len(desk.rows) == size
        page_url = reverse("admin:newsletters_issue_change", args=[issue.pk])
        client.get(page_url)  # Once first: what a page reads only once a session is read then.
        with CaptureQueriesContext(connection) as page:
            assert client.get(page_url).status_code == 200
        counts.append((len(queries), len(page)))
    assert counts[0] == counts[1], counts


# What goes public -------------------------------------------------------------------------------


def _public_sets():
    models = [Issue, Article, Photo, Person, Organisation, Event, Topic, Term]
    return {m: set(m._default_manager.released().values_list("pk", flat=True)) for m in models}


def test_going_public_is_what_publishing_then_makes_public():
    already = IssueFactory(published=True)
    shared_person = PersonFactory(name="Already Public")
    ArticleFactory(issue=already, published=True, people=[shared_person])
    issue = IssueFactory(cover_photo=PhotoFactory(people=[PersonFactory(name="On the cover")]))
    org = OrganisationFactory()
    photo = PhotoFactory(credit_organisation=org, event=EventFactory())
    ArticleFactory(
        issue=issue,
        photos=[photo],
        people=[PersonFactory(name="Mentioned"), shared_person],
        topics=[TopicFactory()],
        events=[EventFactory()],
    )
    ArticleFactory(issue=issue, body="<p>The CSDP and more.</p>")
    TermFactory(abbreviation="CSDP")
    hidden = PersonFactory(name="In a draft elsewhere")
    ArticleFactory(people=[hidden])

    before = _public_sets()
    report = services.going_public(issue=issue)
    assert _public_sets() == before  # Nothing happened.
    assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT
    services.issue_publish(issue=issue, by=None)
    after = _public_sets()
    for model in after:
        expected = after[model] - before[model]
        assert {row.pk for row in report.of(model._meta.label_lower)} == expected, model
    names = {person.name for person in report.of("people.person")}
    assert names == {"On the cover", "Mentioned"}
    assert {t.abbreviation for t in report.of("newsletters.term")} == {"CSDP"}
    assert len(report.articles) == 2


def test_going_public_lists_even_an_incomplete_issue_without_publishing_it():
    issue = IssueFactory()
    ArticleFactory(issue=issue, body="")
    report = services.going_public(issue=issue)
    assert report.completeness.problems
    assert len(report.articles) == 1
    assert Issue.objects.get(pk=issue.pk).status == Status.DRAFT


def test_going_public_leaves_no_history_and_no_terms_behind():
    issue = IssueFactory()
    article = ArticleFactory(issue=issue, body="<p>The CSDP.</p>")
    TermFactory(abbreviation="CSDP")
    history = article.history.count()
    services.going_public(issue=issue)
    assert article.history.count() == history
    assert not article.terms.exists()


def test_reorder_article_photo_use_counts_in_the_desk(issue):
    article = issue.articles.first()
    ArticlePhotoFactory(article=article, photo=PhotoFactory())
    desk = issue_desk(issue, user=None)
    assert desk.rows[0].photos == 2
