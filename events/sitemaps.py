from unlops.sitemaps import PagedSitemap

from .models import Event


class EventSitemap(PagedSitemap):
    def items(self):
        return Event.objects.published().order_by("-start_date", "pk").only("slug")
