"""Script-injection payloads typed into every text field leave nothing that runs, anywhere.

Each payload goes into an article's title, standfirst and body, a photo's caption, credit and alt
text, a person's name, an event's title and summary, a topic's name and an organisation's name, all
in one published issue. Bodies and the foreword are also written past the model's own sanitising
(as an old row or a direct database edit would be), so the filters on render are tested too. Then
every public page, the search, the Atom feeds and the exports are read back and parsed.
"""

import html
import io
import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
import tablib
from django.core.cache import cache
from django.template import Context, Template
from django.urls import reverse
from pypdf import PdfReader

from events.models import Event
from events.resources import EventResource
from newsletters.models import Article, Issue
from newsletters.resources import ArticleResource
from newsletters.services import record_terms
from people.models import Person
from people.resources import PersonResource
from tests.factories import (
    ArticleFactory,
    ArticlePhotoFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoFactory,
    PhotoPersonFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    shown_in_published_work,
)
from tests.importing import import_errors
from unlops.acronyms import Acronyms
from unlops.templatetags.text import abbreviate, excerpt, highlight

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(1)//",
    "<body onload=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="jav&#x09;ascript:alert(1)">click</a>',
    '<a href=" &#14;  javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<img src="javascript:alert(1)">',
    '<img srcset="javascript:alert(1) 1x">',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html,<script>alert(1)</script>">',
    '<style>@import "https://evil.example/x.css";</style>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
    '<math href="javascript:alert(1)">x</math>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<form action="https://evil.example/"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<p>unclosed <b><i>tags <a href="javascript:alert(1)"',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<!--<script>alert(1)//-->",
    '<a href="https://example.org/" onmouseover="alert(1)">a fair link</a>',
    '<abbr title="x&quot; onmouseover=&quot;alert(1)">EU</abbr> and EU again',
    '<a title="a>EU onmouseover=alert(1) b" href="https://example.org/">EU</a>',
    "{{ request.META }} {% debug %} {% now 'Y' %}",
]

URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "ping",
    "manifest",
    "icon",
}
RUNNING_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"}
BAD_CSS = re.compile(r"expression\s*\(|javascript:|vbscript:|behavior\s*:|-moz-binding", re.I)
CONTROL = re.compile(r"[\x00-\x20]+")


def own_path(url):
    """The site's own forms send to a path of the site itself."""
    return url.startswith("/") and not url.startswith("//")


def label(index):
    return f"Payload{index:02d}"


class Checker(HTMLParser):
    """Collects everything in a page that could run script or send the reader elsewhere."""

    def __init__(self, *, data_images=False, forms=True):
        super().__init__(convert_charrefs=True)
        self.data_images = data_images
        self.forms = forms
        self.problems = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        self._check_tag(tag, dict(attrs))
        if tag == "style":
            self._in_style = True
        for name, value in attrs:
            self._check_attribute(tag, name, value or "")

    def _check_tag(self, tag, attributes):
        if tag in RUNNING_TAGS and not (
            tag == "script" and attributes.get("type") == "application/ld+json"
        ):
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            if attributes["http-equiv"].lower() not in {"content-type", "content-security-policy"}:
                self.problems.append(f"<meta http-equiv={attributes['http-equiv']}>")
        if tag == "form" and not (self.forms and own_path(attributes.get("action") or "")):
            self.problems.append(f"<form action={attributes.get('action')}>")

    def _check_attribute(self, tag, name, value):
        if name.startswith("on"):
            self.problems.append(f"<{tag} {name}>")
        if name in URL_ATTRIBUTES:
            url = CONTROL.sub("", value).lower()
            for candidate in [url, *(part.split()[0] for part in value.split(",") if part)]:
                candidate = CONTROL.sub("", candidate).lower()
                if candidate.startswith(("javascript:", "vbscript:")):
                    self.problems.append(f"<{tag} {name}={value[:40]}>")
                elif candidate.startswith("data:") and not (
                    self.data_images and candidate.startswith("data:image/")
                ):
                    self.problems.append(f"<{tag} {name}={value[:40]}>")
        if name == "style" and BAD_CSS.search(html.unescape(value)):
            self.problems.append(f"<{tag} style={value[:40]}>")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and (BAD_CSS.search(data) or "@import" in data):
            self.problems.append(f"<style>{data[:40]}")


def problems(markup, **kwargs):
    checker = Checker(**kwargs)
    checker.feed(markup)
    checker.close()
    return checker.problems


def assert_harmless(markup, where, **kwargs):
    found = problems(markup, **kwargs)
    assert not found, f"{where}: {found}"


@pytest.fixture
def hostile(db):
    """A published issue in which every text field of every row holds one of the payloads."""
    cache.clear()
    eu = OrganisationFactory(acronym="EU", slug="eu", name='European "Union" <b onclick=x()>')
    issue = IssueFactory(published=True, slug="hostile", title=f"Newsletter {PAYLOADS[0]}")
    Issue.objects.filter(pk=issue.pk).update(foreword="".join(PAYLOADS))
    rows = []
    for index, payload in enumerate(PAYLOADS):
        mark = label(index)
        person = PersonFactory(name=f"{mark} {payload}"[:200], slug=f"person-{index}")
        event = EventFactory(
            title=f"{mark} {payload}", slug=f"event-{index}", summary=f"{mark} {payload}"
        )
        ParticipationFactory(event=event, person=person)
        topic = TopicFactory(name=f"{mark} {payload}"[:100], slug=f"topic-{index}")
        article = ArticleFactory(
            published=True,
            issue=issue,
            slug=f"article-{index}",
            title=f"{mark} {payload}",
            standfirst=f"{mark} {payload} about the EU",
            body=f"<p>{mark} EU</p>{payload}",
        )
        # Past the model's sanitising, as a row from before it, or edited in the database, is.
        Article.objects.filter(pk=article.pk).update(body=f"<p>{mark} EU</p>{payload}")
        article.people.add(person)
        article.events.add(event)
        article.topics.add(topic)
        article.organisations.add(eu)
        photo = PhotoFactory(
            caption=f"{mark} {payload} with {person.name}",
            credit=payload[:200],
            alt_text=f"{mark} {payload}"[:300],
            event=event,
        )
        PhotoPersonFactory(photo=photo, person=person)
        ArticlePhotoFactory(article=article, photo=photo)
        rows.append((index, payload, article, person, event, topic))
    # A term each article uses (its label), worded by a payload: in <abbr title> and the glossary.
    for index, payload, article, *_ in rows:
        TermFactory(abbreviation=label(index), expansion=payload[:300])
        record_terms(article)
    return issue, rows


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_pages_show_the_text_and_run_none_of_it(client, hostile):
    issue, rows = hostile
    pages = {
        "home": reverse("newsletters:home"),
        "issue": issue.get_absolute_url(),
        "issues": reverse("newsletters:issue-list"),
        "people": reverse("people:person-list"),
        "events": reverse("events:event-list"),
        "topics": reverse("newsletters:topic-list"),
        "glossary": reverse("newsletters:glossary"),
        "organisations": reverse("people:organisation-list"),
        "organisation": reverse("people:organisation-detail", kwargs={"slug": "eu"}),
    }
    for index, _payload, article, person, event, topic in rows:
        pages[f"article {index}"] = article.get_absolute_url()
        pages[f"person {index}"] = person.get_absolute_url()
        pages[f"event {index}"] = event.get_absolute_url()
        pages[f"topic {index}"] = topic.get_absolute_url()
    issue_page = ""
    for where, url in pages.items():
        markup = get(client, url)
        assert_harmless(markup, where)
        assert "{% debug %}" not in markup or "wsgi.input" not in markup
        if where == "issue":
            issue_page = markup
    # The payloads were shown as text, not dropped: every article, caption and credit is there.
    for index, _payload, *_ in rows:
        assert issue_page.count(label(index)) >= 4, label(index)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in issue_page


@pytest.mark.parametrize("kind", ["articles", "people", "events"])
def test_search_with_each_payload_as_the_query(client, hostile, kind):
    _issue, rows = hostile
    url = reverse("newsletters:search")
    for index, payload, *_ in rows:
        response = client.get(url, {"q": f"{label(index)} {payload}", "type": kind})
        assert response.status_code == 200
        markup = response.content.decode()
        assert_harmless(markup, f"search {kind} {index}")
        assert f"<mark>{label(index).lower()}</mark>" in markup.lower(), (kind, index)


def feed_summaries(xml):
    root = ElementTree.fromstring(xml)
    namespace = {"atom": "http://www.w3.org/2005/Atom"}
    for entry in root.findall("atom:entry", namespace):
        title = entry.find("atom:title", namespace)
        assert title.get("type") in (None, "text")
        summary = entry.find("atom:summary", namespace)
        if summary is not None:
            yield summary.get("type"), summary.text or ""


def test_feeds_carry_the_text_as_text(client, hostile):
    for name in ("newsletters:article-feed", "newsletters:issue-feed"):
        response = client.get(reverse(name))
        assert response.status_code == 200
        for kind, text in feed_summaries(response.content):
            # A reader renders type="html" summaries as markup: they must hold escaped text.
            markup = text if kind == "html" else html.escape(text)
            assert_harmless(markup, name)
            assert "<" not in markup


def export_bytes(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_html_and_email_exports_run_nothing(client, hostile, download):
    issue, rows = hostile
    public = download(client, reverse("newsletters:issue-download", args=[issue.slug, "html"]))
    assert public.status_code == 200
    assert "script-src" not in public["Content-Security-Policy"]
    assert "default-src 'none'" in public["Content-Security-Policy"]
    markup = export_bytes(public).decode()
    assert_harmless(markup, "html export", data_images=True, forms=False)
    assert all(label(index) in markup for index, *_ in rows)

    client.force_login(UserFactory(is_superuser=True))
    email = download(client, reverse("admin:newsletters_issue_export", args=[issue.pk, "email"]))
    assert email.status_code == 200
    markup = export_bytes(email).decode()
    assert_harmless(markup, "e-mail export", data_images=True, forms=False)
    assert all(label(index) in markup for index, *_ in rows)


def test_pdf_has_the_text_and_no_script_or_hostile_link(client, hostile, download):
    issue, rows = hostile
    response = download(client, reverse("newsletters:issue-download", args=[issue.slug, "pdf"]))
    assert response.status_code == 200
    data = export_bytes(response)
    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    assert label(len(rows) - 1) in text
    assert b"/JavaScript" not in data and b"/JS " not in data and b"/Launch" not in data
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            uri = str(action.get("/URI", "")).lower()
            assert not uri.startswith(("javascript:", "vbscript:", "data:")), uri


def test_rich_text_filters_sanitise_what_they_print():
    template = Template("{% load safety text %}{{ value|sanitized }}|{{ value|richtext }}")
    for payload in PAYLOADS:
        assert_harmless(template.render(Context({"value": payload})), payload)


def test_highlight_and_abbreviations_escape_plain_text():
    glossary = Acronyms({"EU": 'European "Union" <script>'})
    for payload in PAYLOADS:
        for output in (
            highlight(payload, ["script", "alert", "img"]),
            excerpt(payload, ["script"]),
            abbreviate(f"EU {payload}", glossary),
        ):
            assert_harmless(str(output), payload)
            assert "<script" not in output


def test_imported_article_bodies_are_stored_sanitised(db):
    IssueFactory(slug="imported")
    headers = ["issue", "slug", "section", "position", "title", "standfirst", "body"]
    data = tablib.Dataset(headers=headers)
    for index, payload in enumerate(PAYLOADS):
        title = f"{label(index)} {payload}"
        data.append(["imported", f"a-{index}", "feature", index + 1, title, "", payload])
    result = ArticleResource().import_data(data)
    assert import_errors(result) == []
    assert Article.objects.count() == len(PAYLOADS)
    for article in Article.objects.all():
        assert_harmless(article.body, f"stored body of {article.slug}")
        assert "<script" not in article.body and "onerror" not in article.body
        # Plain-text fields keep what was typed; every page escapes them.
        assert article.title.startswith("Payload")


def test_imported_people_and_event_summaries_show_as_text(client, db):
    payload = '<img src=x onerror=alert(1)><script>alert("x")</script>'
    people = tablib.Dataset(headers=["slug", "name", "biography"])
    people.append(["imported-person", f"Imported {payload}", payload])
    assert import_errors(PersonResource().import_data(people)) == []
    person = Person.objects.get(slug="imported-person")
    events = tablib.Dataset(
        headers=["slug", "kind", "title", "start_date", "date_precision", "summary"]
    )
    events.append(["imported-event", "other", f"Imported {payload}", "2017-05-17", "day", payload])
    result = EventResource().import_data(events)
    assert import_errors(result) == []
    event = Event.objects.get(slug="imported-event")
    shown_in_published_work(person, event)
    for url in (person.get_absolute_url(), event.get_absolute_url()):
        markup = get(client, url)
        assert_harmless(markup, url)
        assert "&lt;script&gt;" in markup
