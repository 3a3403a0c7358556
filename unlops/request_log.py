"""One log record per request, with a request id that goes back to the client and the proxy.

Logged by "unlops.requests" at INFO; with DJANGO_LOG_FORMAT=json (production's default) each
record is one JSON line (python-json-logger, configured in settings.LOGGING).
"""

import contextvars
import logging
import re
import time
import uuid

from django.core.signals import request_finished
from django.db import connection
from django.utils.functional import empty

logger = logging.getLogger("unlops.requests")

HEADER = "X-Request-ID"
# What a proxy's id may look like (nginx's $request_id, a UUID, a trace id); anything else is
# replaced, so a client cannot write into the log through the header.
_VALID_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")

# Paths whose segments after these prefixes are secrets: preview links, and the readers'
# confirmation and unsubscription links.
SECRET_PATHS = re.compile(r"(/(?:preview|newsletter/confirm|newsletter/unsubscribe)/)[^/]+")
MASK = "…"

request_id_var = contextvars.ContextVar("request_id", default=None)


def forget_request_id(**kwargs):
    # Not when the middleware returns: Django logs a 404 or 500 after that, and a streamed
    # response is still being sent.
    request_id_var.set(None)


request_finished.connect(forget_request_id, dispatch_uid="unlops-forget-request-id")


def masked_path(path):
    return SECRET_PATHS.sub(rf"\g<1>{MASK}", path)


def incoming_id(request):
    given = request.headers.get(HEADER, "")
    return given if _VALID_ID.fullmatch(given) else uuid.uuid4().hex


def client_address(request):
    # Imported here: settings.LOGGING loads this module's filter before the apps (axes) are ready.
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request)


def signed_in_user_id(request):
    """The user's id, if the request has already looked the user up: never a query for it."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty:
        return None
    return wrapped.pk if wrapped.is_authenticated else None


def response_size(response):
    if not response.streaming:
        return len(response.content)
    length = response.get("Content-Length")
    return int(length) if length and length.isdigit() else None


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestIdFilter(logging.Filter):
    """Give every record logged while a request is answered that request's id."""

    def filter(self, record):
        request_id = request_id_var.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


class RequestLogMiddleware:
    """First in MIDDLEWARE (after the health probe), so it times and logs everything below."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id = incoming_id(request)
        request_id_var.set(request_id)
        queries = QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response[HEADER] = request_id
        path = masked_path(request.path)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "db_queries": queries.count,
                "user_id": signed_in_user_id(request),
                "client": client_address(request),
                "size": response_size(response),
            },
        )
        return response
