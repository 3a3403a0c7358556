"""Issues named as people name them: a period of two months, the slug and the name made from it,
the masthead word by default."""

import datetime

import pytest
from django.urls import reverse

from newsletters.issue_form import MonthField
from newsletters.models import Issue
from tests.factories import IssueFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_name_and_slug_come_from_the_period():
    issue = IssueFactory(slug="", period_start=D(2017, 11, 1), period_end=D(2018, 4, 30))
    assert str(issue) == "November 2017 – April 2018"
    assert issue.slug == "november-2017-april-2018"
    assert issue.title == "Newsletter"
    assert issue.masthead.endswith("Newsletter | November 2017 – April 2018")


def test_a_slug_given_is_kept_and_a_taken_one_gets_the_number():
    IssueFactory(slug="", period_start=D(2017, 11, 1), period_end=D(2018, 4, 30))
    again = IssueFactory(slug="", number=42, period_start=D(2017, 11, 1), period_end=D(2018, 4, 1))
    assert again.slug == "november-2017-april-2018-42"
    kept = IssueFactory(slug="special", period_start=D(2019, 1, 1), period_end=D(2019, 1, 31))
    kept.save()
    assert kept.slug == "special"
    one_month = IssueFactory(slug="", period_start=D(2019, 5, 1), period_end=D(2019, 5, 31))
    assert one_month.slug == "may-2019" and str(one_month) == "May 2019"


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        (["11", "2017"], False, D(2017, 11, 1)),
        (["4", "2018"], True, D(2018, 4, 30)),
        (["2", "2020"], True, D(2020, 2, 29)),
        ("2017-05-17", True, D(2017, 5, 31)),
        ("2017-05-17", False, D(2017, 5, 1)),
    ],
)
def test_a_month_is_stored_as_its_first_or_last_day(value, end, expected):
    assert MonthField(end=end).clean(value) == expected


def test_a_month_field_refuses_half_a_month():
    with pytest.raises(Exception, match="Pick a month"):
        MonthField().clean(["13", "2017"])


def test_an_editor_creates_the_issue_by_picking_two_months(client):
    client.force_login(UserFactory(role="Editor"))
    add = reverse("admin:newsletters_issue_add")
    page = client.get(add).content.decode()
    assert 'name="period_start_0"' in page and 'name="period_start_1"' in page
    assert 'aria-label="Month"' in page and 'aria-label="Year"' in page
    assert 'value="Newsletter"' in page  # The masthead word by default.
    response = client.post(
        add,
        {
            "period_start_0": "11",
            "period_start_1": "2017",
            "period_end_0": "4",
            "period_end_1": "2018",
            "number": "2",
            "title": "Newsletter",
            "slug": "",
            "foreword": "",
            "cover_photo": "",
            "published_at": "",
            "embargo_note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    issue = Issue.objects.get(number=2)
    assert (issue.period_start, issue.period_end) == (D(2017, 11, 1), D(2018, 4, 30))
    assert issue.slug == "november-2017-april-2018"
    assert str(issue) == "November 2017 – April 2018"


def test_a_new_issue_starts_where_the_latest_one_ended(client):
    IssueFactory(number=1, period_start=D(2016, 10, 1), period_end=D(2017, 5, 31))
    client.force_login(UserFactory(role="Editor"))
    form = client.get(reverse("admin:newsletters_issue_add")).context["adminform"].form
    assert form.initial["number"] == 2
    assert form.initial["period_start"] == D(2017, 6, 1)
