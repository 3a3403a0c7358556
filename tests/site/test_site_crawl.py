"""A visitor who follows every link from the home page meets no error and nothing unpublished."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest

from tests.site.world import HIDDEN

pytestmark = pytest.mark.django_db

MOST_PAGES = 400
SKIP = ("/admin/", "/media/", "/static/")
# Issue downloads are files made by WeasyPrint (seconds each), checked in tests/export.
DOWNLOADS = "/download/"


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"a", "link"} and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag in {"img", "source"}:
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.found.append(candidate.split()[0])
            if attrs.get("src"):
                self.found.append(attrs["src"])


def links(base, html):
    parser = Links()
    parser.feed(html)
    for href in parser.found:
        url = urlsplit(urljoin(base, href))
        if url.netloc in {"", "testserver"} and url.scheme in {"", "http"}:
            yield url.path + (f"?{url.query}" if url.query else "")


def test_crawl_from_home_meets_no_error_and_no_hidden_content(client, world):
    seen = {"/"}
    queue = deque(["/"])
    media = set()
    crawled = 0
    while queue and crawled < MOST_PAGES:
        path = queue.popleft()
        response = client.get(path)
        crawled += 1
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith(("text/html", "application/atom+xml")):
            continue
        html = response.content.decode()
        assert HIDDEN not in html, path
        for link in links(path, html):
            if link.startswith("/media/"):
                media.add(link)
            elif not link.startswith(SKIP) and DOWNLOADS not in link and link not in seen:
                seen.add(link)
                queue.append(link)
    assert crawled > 30
    # Pictures are renditions, never an original upload.
    assert media and all(link.startswith("/media/renditions/") for link in media)
    for link in sorted(media)[:10]:
        response = client.get(link)
        assert response.status_code == 200, link
