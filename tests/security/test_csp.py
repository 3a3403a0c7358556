"""The Content-Security-Policy header: strict on the public site, a nonce for the admin's editor,
inline styles only where they cannot be avoided, and the HTML export's own stricter policy kept."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from newsletters.export.views import HTML_POLICY
from tests.factories import UserFactory
from tests.site.world import make_world
from tests.test_production import PRODUCTION, settings_under
from unlops.content_policy import ContentSecurityPolicyMiddleware

pytestmark = pytest.mark.django_db

PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


HOME_HEADER = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def policy(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.fixture
def world(db):
    cache.clear()
    yield make_world()
    cache.clear()


def public_urls(world):
    return [
        reverse("newsletters:home"),
        world.issue.get_absolute_url(),
        world.article.get_absolute_url(),
        world.person.get_absolute_url(),
        world.event.get_absolute_url(),
        reverse("events:event-list"),
        reverse("people:person-list"),
        reverse("people:organisation-list"),
        reverse("newsletters:glossary"),
        reverse("newsletters:topic-list"),
        reverse("newsletters:search") + "?q=peacekeeping",
    ]


def test_public_pages_get_the_strict_policy_even_from_the_cache(client, world):
    for url in public_urls(world):
        for _ in range(2):  # The second time the page comes from the cache.
            response = client.get(url)
            assert response.status_code == 200, url
            assert policy(response) == PUBLIC_POLICY, url
    assert policy(client.get(reverse("newsletters:article-feed"))) == PUBLIC_POLICY
    # In the order of the settings, the same from every server process.
    assert client.get(reverse("newsletters:home"))["Content-Security-Policy"] == HOME_HEADER


def test_public_pages_need_no_inline_script_or_style(client, world):
    """What a strict policy would block: inline scripts, <style> blocks, style attributes."""
    pages = [client.get(url).content.decode() for url in public_urls(world)]
    pages += [client.get("/no-such-page/").content.decode(), render_to_string("500.html")]
    for url, markup in zip([*public_urls(world), "404", "500"], pages, strict=True):
        scripts = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", markup)
        assert [s for s in scripts if "application/ld+json" not in s] == [], url
        assert "<style" not in markup, url
        assert not re.search(r"<[^>]+\sstyle=", markup), url
        assert not re.search(r"<[^>]+\son\w+=", markup), url


def test_admin_editor_import_map_carries_the_nonce_of_the_header(client):
    client.force_login(UserFactory(role="Contributor"))
    response = client.get(reverse("admin:newsletters_article_add"))
    assert response.status_code == 200
    directives = policy(response)
    nonces = [value for value in directives["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1 and "'unsafe-inline'" not in directives["script-src"]
    nonce = nonces[0][len("'nonce-") : -1]
    markup = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in markup
    # Every inline script of the page is the nonced import map; the rest are files.
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", markup)
    assert inline == [f'<script type="importmap" nonce="{nonce}">']
    # The admin's own templates write <style> blocks: inline styles are allowed there only.
    assert "'unsafe-inline'" in directives["style-src"]


def test_each_request_gets_a_new_nonce(client):
    client.force_login(UserFactory(role="Contributor"))
    url = reverse("admin:newsletters_article_add")
    first, second = (policy(client.get(url))["script-src"] for _ in range(2))
    assert first != second


def test_admin_pages_without_the_editor_carry_no_nonce(client):
    client.force_login(UserFactory(role="Contributor"))
    directives = policy(client.get(reverse("admin:index")))
    assert directives["script-src"] == ["'self'"]


def test_html_export_download_keeps_its_own_stricter_policy(client, world, download):
    url = reverse("newsletters:issue-download", args=[world.issue.slug, "html"])
    response = download(client, url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == HTML_POLICY


def test_the_error_page_is_held_to_the_strict_policy_too():
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse(status=500))
    request = RequestFactory().get("/issues/broken/")
    middleware.process_request(request)
    response = middleware.process_response(request, HttpResponse(status=500))
    assert policy(response) == PUBLIC_POLICY
    admin = RequestFactory().get(reverse("admin:index"))
    middleware.process_request(admin)
    response = middleware.process_response(admin, HttpResponse(status=500))
    assert "'unsafe-inline'" in policy(response)["style-src"]
    assert "'unsafe-inline'" not in policy(response)["script-src"]


def test_pictures_on_object_storage_are_allowed_by_img_src():
    code = "print(json.dumps(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']))"
    bucket = {**PRODUCTION, "AWS_STORAGE_BUCKET_NAME": "unlops-media"}
    assert settings_under(code, **PRODUCTION) == ["'self'", "data:"]
    assert settings_under(code, **bucket) == ["'self'", "data:", "https://*.amazonaws.com"]
    assert settings_under(code, **bucket, AWS_S3_ENDPOINT_URL="https://s3.example:9000") == [
        "'self'",
        "data:",
        "https://s3.example:9000",
        "https://*.s3.example:9000",
    ]


def test_the_admin_export_page_has_no_inline_handler_and_loads_its_own_script(admin_client):
    response = admin_client.get(reverse("admin:people_person_export"))
    assert response.status_code == 200
    markup = response.content.decode()
    assert 'class="select-toggle"' in markup
    assert not re.search(r"<[^>]+\son\w+=", markup)
    inline = re.findall(r"<script\b(?![^>]*\bsrc=)[^>]*>", markup)
    assert inline == []
    assert re.search(r'<script src="/static/js/admin-export\.js" defer>', markup)
    script = Path(finders.find("js/admin-export.js")).read_text()
    assert "select-toggle" in script and "selectable-field-export-row" in script
    assert policy(response)["script-src"] == ["'self'"]
