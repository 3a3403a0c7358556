"""The Content-Security-Policy header (django-csp), with the admin's one allowance.

The policy itself is settings.CONTENT_SECURITY_POLICY. Scripts never run inline anywhere; the
admin's inline import map carries the request's nonce (the `with_csp_nonce` filter of the
safety tag library). Styles
are the site's own files on the public site; only the admin (Django's own templates,
django-import-export and django-simple-history write <style> blocks and style attributes) may also
use inline styles. A response that already has a policy, such as an HTML export download, keeps
its own.
"""

from functools import cache

from csp.constants import HEADER, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.urls import NoReverseMatch, reverse


@cache
def _admin_prefix():
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return None


def allows_inline_styles(request):
    prefix = _admin_prefix()
    return bool(prefix and request.path_info.startswith(prefix))


def in_settings_order(header):
    """The directives in the order the settings list them (django-csp's order changes with each
    process), so that the header reads the same from every server."""
    order = list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    parts = [part.strip() for part in header.split(";") if part.strip()]
    rank = {name: index for index, name in enumerate(order)}
    return "; ".join(sorted(parts, key=lambda part: rank.get(part.split()[0], len(order))))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        had_policy = HEADER in response
        response = super().process_response(request, response)
        if not had_policy and HEADER in response:
            response[HEADER] = in_settings_order(response[HEADER])
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if allows_inline_styles(request):
            update = dict(parts.update or {})
            update["style-src"] = [*update.get("style-src", []), UNSAFE_INLINE]
            parts.update = update
        return parts
