"""The load balancer's health check: database, cache, stored files and the task queue.

Built on django-health-check's checks and view. Anyone gets a terse answer (200 "ok" or 503
"unavailable"); which part failed, and why, only staff or a caller with DJANGO_HEALTH_TOKEN see.
"""

import dataclasses
import hmac

from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.db.models import Case, F, Min, When
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check import checks
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView, MediaType

# The storage probe writes here; backups skip the folder (a probe may vanish while listed).
PROBE_FOLDER = "health-check"


class InRequestThread:
    """Run a synchronous check in the thread answering the request, not in a pool thread.

    There it uses the request's own database connection, which Django closes or recycles after
    the request; a pool thread would keep one open per thread.
    """

    async def run(self):
        await sync_to_async(self.check)()


@dataclasses.dataclass
class Database(InRequestThread, checks.Database):
    label = "database"

    def check(self):
        checks.Database.run(self)


@dataclasses.dataclass
class Cache(checks.Cache):
    """Set and read back a key in the site's cache (Redis across servers)."""

    label = "cache"


@dataclasses.dataclass
class Storage(InRequestThread, checks.Storage):
    """Write, read back and delete a small file in the default storage (disk or S3)."""

    label = "storage"

    def get_file_name(self):
        return f"{PROBE_FOLDER}/{super().get_file_name().rsplit('/', 1)[-1]}"

    def check(self):
        checks.Storage.run(self)


def oldest_waiting_since():
    """When the task that has waited longest to run became due; None if none is waiting."""
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=F("run_after"),
    )
    return DBTaskResult.objects.ready().aggregate(since=Min(due_since))["since"]


@dataclasses.dataclass
class Queue(InRequestThread, HealthCheck):
    """The task table answers, and no task due to run has waited so long that the workers
    (manage.py db_worker) must be down or stuck."""

    label = "queue"

    def check(self):
        try:
            since = oldest_waiting_since()
        except Exception as error:
            raise ServiceUnavailable("the task table cannot be read") from error
        limit = settings.HEALTH_QUEUE_MAX_WAIT_SECONDS
        if since is None or not limit:
            return
        waited = (timezone.now() - since).total_seconds()
        if waited > limit:
            raise ServiceUnavailable(
                f"the oldest task due has waited {waited / 60:.0f} minutes (limit "
                f"{limit / 60:g}): are the queue workers (manage.py db_worker) running?"
            )


def token_matches(request):
    expected = settings.HEALTH_CHECK_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return bool(expected and scheme.lower() == "bearer" and hmac.compare_digest(given, expected))


def wants_json(request):
    if request.GET.get("format") == "json":
        return True
    try:
        for media in MediaType.parse_header(request.headers.get("Accept", "*/*")):
            if media.mime_type in {"application/json", "application/*"}:
                return True
            if media.mime_type in {"text/plain", "text/*", "text/html", "*/*"}:
                return False
    except ValueError:  # an Accept header we cannot read: plain text
        pass
    return False


class HealthView(HealthCheckView):
    """200 when every check passes, else 503 (a load balancer's "take me out")."""

    checks = (Database, Cache, Storage, Queue)

    async def get(self, request, *args, **kwargs):
        with self.get_executor() as executor:
            self.results = [await check.get_result(executor) for check in self.get_checks()]
        healthy = not any(result.error for result in self.results)
        status = 200 if healthy else 503
        word = "ok" if healthy else "unavailable"
        details = None
        if token_matches(request) or getattr(request, "health_details_for_staff", False):
            details = {
                result.check.label: "OK" if result.error is None else str(result.error)
                for result in self.results
            }
        if wants_json(request):
            body = {"status": word} if details is None else {"status": word, "checks": details}
            return JsonResponse(body, status=status)
        lines = [word, *(f"{name}: {text}" for name, text in (details or {}).items())]
        return HttpResponse("\n".join(lines) + "\n", status=status, content_type="text/plain")


health = HealthView.as_view()


def health_for_staff(request):
    """The URLconf's way in, for requests with a session: staff see the details.

    The user is looked up here, in the request's thread: the checks run in an event loop, where
    the lazy user (held in a context variable by the acting-user middleware) cannot load.
    """
    user = request.user
    request.health_details_for_staff = user.is_active and user.is_staff
    return async_to_sync(health)(request)


class HealthCheckMiddleware:
    """Answer the probe at HEALTH_CHECK_PATH before any other middleware.

    So the probe skips the https redirect and the host check (a load balancer often asks over
    plain http, by the server's address), the page cache, sessions and the request log. A request
    carrying a session cookie goes on to the same view through the URLconf, where staff see the
    details.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != settings.HEALTH_CHECK_PATH or (
            settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return self.get_response(request)
        return async_to_sync(health)(request)
