from unlops.sitemaps import PagedSitemap

from .models import Organisation, Person


class PersonSitemap(PagedSitemap):
    def items(self):
        return Person.objects.published().order_by("sort_key", "pk").only("slug")


class OrganisationSitemap(PagedSitemap):
    def items(self):
        return Organisation.objects.published().order_by("sort_key", "pk").only("slug")
