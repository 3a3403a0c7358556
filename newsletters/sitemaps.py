from django.db.models import Max
from django.urls import reverse

from unlops.sitemaps import PagedSitemap

from .models import Article, Issue, Topic


class PagesSitemap(PagedSitemap):
    """The public pages that are not about one row."""

    def items(self):
        return [
            "newsletters:home",
            "newsletters:issue-list",
            "newsletters:topic-list",
            "newsletters:glossary",
            "people:person-list",
            "people:organisation-list",
            "events:event-list",
        ]

    def location(self, name):
        return reverse(name)


class IssueSitemap(PagedSitemap):
    def items(self):
        return Issue.objects.published().order_by("-period_end", "-number")

    def lastmod(self, issue):
        return issue.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, not a pass over every issue.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(PagedSitemap):
    def items(self):
        return (
            Article.objects.published()
            .select_related("issue")
            .order_by("-issue__period_end", "position", "pk")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class TopicSitemap(PagedSitemap):
    def items(self):
        return Topic.objects.published().order_by("name")
