from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Article, Issue

LIMIT = 50


class ArticleFeed(Feed):
    feed_type = Atom1Feed
    subtitle = _("Articles of the newsletter, the latest issue first.")
    link = reverse_lazy("newsletters:home")

    def author_name(self):
        return settings.PUBLISHER["name"]

    def title(self):
        return gettext("%(name)s: Newsletter articles") % {"name": settings.PUBLISHER["name"]}

    def items(self):
        return (
            Article.objects.published()
            .select_related("issue")
            .prefetch_related("topics")
            .order_by("-issue__published_at", "-issue__number", "position", "pk")[:LIMIT]
        )

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom marks the summary type="html": a reader would run markup typed into the standfirst.
        return escape(article.standfirst)

    def item_pubdate(self, article):
        return max(filter(None, [article.published_at, article.issue.published_at]))

    def item_updateddate(self, article):
        return article.updated_at

    def item_categories(self, article):
        return [topic.name for topic in article.topics.all()]


class IssueFeed(Feed):
    feed_type = Atom1Feed
    subtitle = _("Each new issue of the newsletter.")
    link = reverse_lazy("newsletters:issue-list")

    def author_name(self):
        return settings.PUBLISHER["name"]

    def title(self):
        return gettext("%(name)s: Newsletter issues") % {"name": settings.PUBLISHER["name"]}

    def items(self):
        return Issue.objects.published().order_by("-published_at", "-number")[:LIMIT]

    def item_title(self, issue):
        return f"{issue.title} | {issue.period_display}"

    def item_description(self, issue):
        return gettext("Issue %(number)s of the newsletter, covering %(period)s.") % {
            "number": issue.number,
            "period": issue.period_display,
        }

    def item_pubdate(self, issue):
        return issue.published_at

    def item_updateddate(self, issue):
        return issue.updated_at
