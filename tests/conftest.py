import contextvars
import email
import email.policy
import socket

import pytest
from django.core.cache import cache
from django.core.handlers.base import BaseHandler

from tests import queue
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


_handling_request = contextvars.ContextVar("handling_request", default=False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The database rolls back after each test; the cache is emptied as well, so that no record
    of an export build (whose task rolled back) or a pending refresh outlives its test."""
    cache.clear()


@pytest.fixture(autouse=True)
def _no_export_built_on_request(monkeypatch):
    """Across the whole suite, no request (public, preview or admin) lays out an export: the
    builder raises while one is handled. Tests that need the file run the queue's worker."""
    from newsletters.export import documents, pipeline

    handle = BaseHandler.get_response

    def get_response(self, request):
        token = _handling_request.set(True)
        try:
            return handle(self, request)
        finally:
            _handling_request.reset(token)

    def guarded(builder):
        def build(*args, **kwargs):
            if _handling_request.get():
                raise queue.BuiltOnRequest("An export was built while a request was handled.")
            return builder(*args, **kwargs)

        return build

    monkeypatch.setattr(BaseHandler, "get_response", get_response)
    monkeypatch.setattr(documents, "build", guarded(documents.build))
    monkeypatch.setattr(pipeline, "build", guarded(pipeline.build))


@pytest.fixture
def run_queued_tasks(db):
    return queue.run_queued_tasks


@pytest.fixture
def download(run_queued_tasks):
    return queue.download


@pytest.fixture
def published_issue(db):
    """A public issue with a cover photo and two public articles, each with one photo."""
    issue = IssueFactory(published=True, cover_photo=PhotoFactory(caption="Cover"))
    for article in ArticleFactory.create_batch(2, published=True, issue=issue):
        ArticlePhotoFactory(article=article)
    return issue


class Inbox:
    """What the in-process SMTP server received: aiosmtpd envelopes, parsed on reading."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        return [
            (
                envelope.rcpt_tos,
                email.message_from_bytes(envelope.content, policy=email.policy.default),
            )
            for envelope in self.envelopes
        ]


@pytest.fixture
def smtp_server(settings, monkeypatch):
    """A real SMTP server on 127.0.0.1 at a free port, and the settings that send to it."""
    from aiosmtpd.controller import Controller
    from django.core.mail.utils import DNS_NAME

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)  # No DNS look-up.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://newsletter.example.org"
    yield inbox
    controller.stop()
