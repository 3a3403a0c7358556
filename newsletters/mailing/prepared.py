"""The bytes of one mailing's message, made once and addressed per recipient.

Python's email package spends about two milliseconds turning a 60 kB edition into bytes, over and
over for the same text: at 10,000 readers that is most of a send. The copies of one mailing differ
only in four places (recipient, Message-ID, date, unsubscribe link), so the message is made once
with markers there and each copy is the same bytes with the markers replaced. It is used only
where it is exact: Django's SMTP backend, ASCII addresses and links, and parts sent as 8bit or
7bit text (in quoted-printable or base64 a marker could be split or encoded). Anything else takes
the ordinary path, and tests/mailing/test_prepared.py proves both give the same message.
"""

from email.utils import formatdate

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address

from .edition import UNSUBSCRIBE_PLACEHOLDER

RECIPIENT = "unlops-recipient@placeholder.invalid"
MESSAGE_ID = "<unlops-message-id@placeholder.invalid>"
DATE = "unlops-date-placeholder"
MARKERS_IN_A_MESSAGE = 3  # the List-Unsubscribe header, the text part and the HTML part


class PreparedBytes:
    """What ``EmailMessage.message()`` gives the SMTP backend: an object with ``as_bytes``."""

    def __init__(self, template, *, to, message_id, unsubscribe):
        self.template, self.to = template, to
        self.message_id, self.unsubscribe = message_id, unsubscribe

    def as_bytes(self, unixfrom=False, linesep="\n"):
        data = self.template.serialised(linesep)
        date = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        for marker, value in [
            (UNSUBSCRIBE_PLACEHOLDER, self.unsubscribe),
            (RECIPIENT, self.to),
            (MESSAGE_ID, self.message_id),
            (DATE, date),
        ]:
            data = data.replace(marker.encode(), value.encode())
        return data


class Template:
    """One message with markers where the copies differ; its bytes kept per line ending."""

    def __init__(self, message):
        self.message = message
        self._bytes = {}

    def serialised(self, linesep):
        if linesep not in self._bytes:
            self._bytes[linesep] = self.message.message().as_bytes(linesep=linesep)
        return self._bytes[linesep]

    def usable(self):
        data = self.serialised("\r\n")
        encoded = b"quoted-printable" in data.lower() or b"base64" in data.lower()
        return not encoded and data.count(UNSUBSCRIBE_PLACEHOLDER.encode()) == (
            MARKERS_IN_A_MESSAGE
        )


def applies(connection, *, to, unsubscribe, html_unsubscribe):
    """Whether a copy to ``to`` can be the template's bytes with its markers replaced."""
    return (
        isinstance(connection, SmtpBackend)
        and to.isascii()
        and unsubscribe.isascii()
        and html_unsubscribe == unsubscribe  # nothing in the link that HTML would escape
        and sanitize_address(to, "utf-8") == to
    )
