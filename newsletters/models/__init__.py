"""The newsletter's models, one module per job; imported from here as before."""

from .content import Article, ArticleQuerySet, Issue, IssueQuerySet, Topic, TopicQuerySet
from .glossary import Term, TermQuerySet
from .photos import ArticleFigure, ArticlePhoto, Photo, PhotoPerson, PhotoQuerySet
from .review import ReviewComment, ReviewCommentQuerySet
from .revisions import Correction, Revision, RevisionQuerySet
from .workflow import Status, Workflow, rich_text_field

__all__ = [
    "Article",
    "ArticleFigure",
    "ArticlePhoto",
    "ArticleQuerySet",
    "Correction",
    "Issue",
    "IssueQuerySet",
    "Photo",
    "PhotoPerson",
    "PhotoQuerySet",
    "Revision",
    "RevisionQuerySet",
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
