"""The e-mail edition of an issue: subject, HTML and plain text, the same for every reader.

A stand-in until the e-mail edition work lands; it keeps to the contract that sending reads:
``render_edition(issue, *, language="en") -> Edition``. Parts that differ per reader are written
as ``UNSUBSCRIBE_PLACEHOLDER``, which the message builder replaces for each recipient.
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from newsletters.export import formats
from newsletters.export.documents import render_source

UNSUBSCRIBE_PLACEHOLDER = "{{ unsubscribe_url }}"


@dataclass(frozen=True)
class Edition:
    subject: str
    html: str
    text: str


def issue_links(issue):
    """The absolute addresses of the web issue and of its PDF."""
    web = settings.SITE_URL + issue.get_absolute_url()
    pdf = settings.SITE_URL + reverse(
        "newsletters:issue-download", kwargs={"slug": issue.slug, "fmt": "pdf"}
    )
    return web, pdf


def render_edition(issue, *, language="en"):
    with translation.override(language):
        source = render_source(issue, formats.get("email"))
        web, pdf = issue_links(issue)
        subject = issue.masthead
        footer = (
            '<div style="max-width:600px;margin:0 auto;padding:16px 24px;'
            'font-family:Arial,Helvetica,sans-serif;font-size:13px;color:#56616b;">'
            f'<p style="margin:0 0 8px;"><a href="{escape(web)}" style="color:#00689d;">'
            f"{escape(_('Read this issue on the web'))}</a> · "
            f'<a href="{escape(pdf)}" style="color:#00689d;">{escape(_("Download the PDF"))}</a>'
            "</p>"
            f'<p style="margin:0;">{escape(_("You receive this newsletter as you asked."))} '
            f'<a href="{UNSUBSCRIBE_PLACEHOLDER}" style="color:#00689d;">'
            f"{escape(_('Unsubscribe in one click'))}</a></p></div>"
        )
        html = source.html.replace("</body>", footer + "</body>", 1)
        lines = [subject, "", _("Read this issue on the web: %(url)s") % {"url": web}]
        lines += [_("Download the PDF: %(url)s") % {"url": pdf}, ""]
        for article in source.content.articles:
            lines.append(article.title)
            if article.standfirst:
                lines.append(article.standfirst)
            lines += [settings.SITE_URL + article.get_absolute_url(), ""]
        lines += [_("Unsubscribe in one click: %(url)s") % {"url": UNSUBSCRIBE_PLACEHOLDER}]
        return Edition(subject=subject, html=html, text="\n".join(lines) + "\n")
