"""Review comments: what a reviewer asks to change in an article or an issue, and the answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .content import Article, Issue

COMMENT_MAX_LENGTH = 2000


class ReviewCommentQuerySet(models.QuerySet):
    def open(self):
        """Threads still waiting: top-level comments nobody has resolved."""
        return self.filter(parent__isnull=True, resolved_at__isnull=True)

    def on(self, item):
        """Comments on ``item``, an article or an issue (not on the issue's articles)."""
        key = "issue" if isinstance(item, Issue) else "article"
        return self.filter(**{key: item})

    def blocking(self, item):
        """Open threads that keep ``item`` from publication: an issue's own and its articles'."""
        if isinstance(item, Issue):
            return self.open().filter(Q(issue=item) | Q(article__issue=item))
        return self.open().filter(article=item)


class ReviewComment(models.Model):
    """A comment on a whole article or issue, or on one of its fields; answers hang from it."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    issue = models.ForeignKey(
        Issue,
        verbose_name=_("issue"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_comments",
    )
    field = models.CharField(
        _("field"), max_length=50, blank=True, help_text=_("Empty: the comment is on the whole.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("answer to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answers",
    )
    # The draft revision that was open when the comment was made (None: on the live version). It
    # stays with the revision once published or discarded, readable in the item's history.
    revision = models.ForeignKey(
        "newsletters.Revision",
        verbose_name=_("on revision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The version of the item the comment was made on (``Workflow.version``), so a comment stays
    # tied to the text it was about after later saves.
    item_version = models.PositiveIntegerField(_("on version"), default=1)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.CharField(
        _("resolution"),
        max_length=300,
        blank=True,
        help_text=_("Why it was closed, when a publisher published over it."),
    )

    objects = ReviewCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        constraints = [
            models.CheckConstraint(
                condition=(Q(article__isnull=False) & Q(issue__isnull=True))
                | (Q(article__isnull=True) & Q(issue__isnull=False)),
                name="review_comment_on_one_item",
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "parent"], name="review_comment_open")]

    def __str__(self):
        return self.body[:60]

    @property
    def item(self):
        return self.article if self.article_id else self.issue

    @property
    def author_name(self):
        user = self.author
        return (user.get_full_name() or user.get_username()) if user else _("someone")

    @property
    def is_open(self):
        return self.parent_id is None and self.resolved_at is None
