"""The confirmation mail of a subscription, in the reader's language (English or French)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from unlops.publisher import publisher_details

from .tokens import confirm_url


def send_confirmation(subscriber):
    """Mail ``subscriber`` their confirmation link; raises if the mail server refuses it."""
    language = subscriber.language if subscriber.language in {"en", "fr"} else "en"
    context = {
        "subscriber": subscriber,
        "confirm_url": confirm_url(subscriber),
        "hours": settings.MAILING_CONFIRM_LINK_SECONDS // 3600,
        "publisher": publisher_details(),
        "site_url": settings.SITE_URL,
    }
    subject = render_to_string(f"mailing/email/confirm_subject_{language}.txt", context)
    body = render_to_string(f"mailing/email/confirm_{language}.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        # Not a bulk message: an auto-reply to it would reach no one.
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.send(fail_silently=False)
