from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Article, Issue, Topic


class PagesSitemap(Sitemap):
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


class IssueSitemap(Sitemap):
    def items(self):
        return Issue.objects.published().order_by("-period_end", "-number")

    def lastmod(self, issue):
        return issue.updated_at

    def get_latest_lastmod(self):
        # For the index: one aggregate, not a pass over every issue.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ArticleSitemap(Sitemap):
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


class TopicSitemap(Sitemap):
    def items(self):
        return Topic.objects.published().order_by("name")
