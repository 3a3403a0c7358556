"""One reader's copy of the e-mail edition: rendered once per mailing, addressed per recipient.

Nothing is added to follow the reader: no tracking picture, links as the edition wrote them.
"""

import re
from email.header import Header
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import edition as editions
from .tokens import unsubscribe_url

PLACEHOLDER = editions.UNSUBSCRIBE_PLACEHOLDER
TAG_NAME_THEN_SPACE = re.compile(r"(<[a-zA-Z][a-zA-Z0-9]*) ")
LONG_TEXT = re.compile(r">([^<]{200,})<")


def short_lines(html):
    """``html`` with a line break after each tag's name, where a space is worth the same.

    Mail allows lines of 998 bytes; Django quoted-printable encodes a part with a longer one, which
    costs most of the time of building a message and triples its lines. Inside a tag any white
    space is alike, so the markup means exactly what it meant; so is it between words of text,
    outside preformatted text (none in the edition, and then long text is left alone)."""
    html = TAG_NAME_THEN_SPACE.sub("\\1\n", html)
    if "<pre" in html or "pre-wrap" in html:
        return html
    return LONG_TEXT.sub(lambda text: ">" + "\n".join(_lines(text[1])) + "<", html)


def _lines(text, width=400):
    line, lines = "", []
    for word in text.split(" "):
        if line and len(line) + len(word) >= width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def issue_links(issue):
    """The absolute addresses of the web issue and of its PDF."""
    pdf = reverse("newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": "pdf"})
    return settings.SITE_URL + issue.get_absolute_url(), settings.SITE_URL + pdf


def message_domain():
    """The domain of Message-IDs: the sender's, so replies and bounces point at our own name."""
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(">") or "localhost"


class EditionMessage(EmailMultiAlternatives):
    """A message whose subject is MIME-encoded once per mailing, not once per recipient.

    Encoding a non-ASCII subject is the dearest step of building a message in Python's email
    package. ``subject`` stays plain text for backends that read it (django-anymail's APIs);
    only the MIME message uses the encoded form, which decodes to the same text."""

    encoded_subject = None

    def message(self, **kwargs):
        if not self.encoded_subject:
            return super().message(**kwargs)
        subject, self.subject = self.subject, self.encoded_subject
        try:
            return super().message(**kwargs)
        finally:
            self.subject = subject


def encoded(subject):
    if subject.isascii():
        return None
    return Header(subject, "utf-8").encode(linesep=" ")


class MessageBuilder:
    """Builds the messages of one mailing; each language's edition is rendered once."""

    def __init__(self, issue, *, subject_prefix=""):
        self.issue = issue
        self.subject_prefix = subject_prefix
        self.domain = message_domain()
        self.links = issue_links(issue)
        self._editions = {}
        self._subjects = {}

    def edition(self, language):
        if language not in self._editions:
            rendered = editions.render_edition(self.issue, language=language)
            self._editions[language] = self._with_footer(rendered, language)
        return self._editions[language]

    def _with_footer(self, rendered, language):
        """An edition that lacks a link the message must carry gets it in a short footer."""
        html, text = rendered.html, rendered.text
        web, pdf = self.links
        missing = [(label, url) for label, url in self._link_labels(web, pdf) if url not in html]
        if PLACEHOLDER not in html:
            missing.append((_("Unsubscribe in one click"), PLACEHOLDER))
        if missing:
            links = " · ".join(
                f'<a href="{escape(url)}">{escape(label)}</a>' for label, url in missing
            )
            footer = (
                f'<p style="font-family:Arial,Helvetica,sans-serif;font-size:13px;">{links}</p>'
            )
            html = (
                html.replace("</body>", footer + "</body>", 1)
                if "</body>" in html
                else html + footer
            )
        text_missing = [
            (label, url) for label, url in self._link_labels(web, pdf) if url not in text
        ]
        if PLACEHOLDER not in text:
            text_missing.append((_("Unsubscribe in one click"), PLACEHOLDER))
        text += "".join(f"\n{label}: {url}" for label, url in text_missing)
        return editions.Edition(subject=rendered.subject, html=short_lines(html), text=text)

    @staticmethod
    def _link_labels(web, pdf):
        return [(_("Read this issue on the web"), web), (_("Download the PDF"), pdf)]

    def build(self, *, to, unsubscribe, language="en", connection=None):
        """The message to ``to``, its unsubscribe link ``unsubscribe``; and its Message-ID."""
        edition = self.edition(language if language in dict(settings.LANGUAGES) else "en")
        message_id = make_msgid(domain=self.domain)
        subject = f"{self.subject_prefix}{edition.subject}"
        if subject not in self._subjects:
            self._subjects[subject] = encoded(subject)
        message = EditionMessage(
            subject=subject,
            body=edition.text.replace(PLACEHOLDER, unsubscribe),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            connection=connection,
            headers={
                "Message-ID": message_id,
                # RFC 8058: a mail client's one-click button POSTs to this address, no sign-in.
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.encoded_subject = self._subjects[subject]
        message.attach_alternative(
            edition.html.replace(PLACEHOLDER, escape(unsubscribe)), "text/html"
        )
        return message, message_id

    def for_subscriber(self, subscriber, *, connection=None):
        return self.build(
            to=subscriber.email,
            unsubscribe=unsubscribe_url(subscriber),
            language=subscriber.language,
            connection=connection,
        )
