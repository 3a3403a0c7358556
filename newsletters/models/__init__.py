"""The newsletter's models, one module per job; imported from here as before."""

from .content import Article, ArticleQuerySet, Issue, IssueQuerySet, Topic, TopicQuerySet
from .glossary import Term, TermQuerySet
from .photos import ArticlePhoto, Photo, PhotoPerson, PhotoQuerySet
from .review import ReviewComment, ReviewCommentQuerySet
from .workflow import Status, Workflow, rich_text_field

__all__ = [
    "Article",
    "ArticlePhoto",
    "ArticleQuerySet",
    "Issue",
    "IssueQuerySet",
    "Photo",
    "PhotoPerson",
    "PhotoQuerySet",
    "ReviewComment",
    "ReviewCommentQuerySet",
    "Status",
    "Term",
    "TermQuerySet",
    "Topic",
    "TopicQuerySet",
    "Workflow",
    "rich_text_field",
]
