from django.contrib.sitemaps import Sitemap

from .models import Organisation, Person


class PersonSitemap(Sitemap):
    def items(self):
        return Person.objects.published().order_by("sort_key", "pk").only("slug")


class OrganisationSitemap(Sitemap):
    def items(self):
        return Organisation.objects.published().order_by("sort_key", "pk").only("slug")
