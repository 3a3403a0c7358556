from django.urls import path

from unlops.cache import cache_public_page

from . import feeds, preview, views
from .export import views as export_views

app_name = "newsletters"

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("issues/", cache_public_page(views.IssueListView.as_view()), name="issue-list"),
    path(
        "issues/<slug:slug>/",
        cache_public_page(views.IssueDetailView.as_view()),
        name="issue-detail",
    ),
    path(
        "issues/<slug:slug>/download/<str:fmt>/",
        export_views.issue_download,
        name="issue-download",
    ),
    path(
        "issues/<slug:issue_slug>/<slug:slug>/",
        cache_public_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path("topics/", cache_public_page(views.TopicListView.as_view()), name="topic-list"),
    path(
        "topics/<slug:slug>/",
        cache_public_page(views.TopicDetailView.as_view()),
        name="topic-detail",
    ),
    # Previews are signed, expiring, private: never cached, never indexed.
    path("preview/<str:token>/", preview.preview, name="preview"),
    path(
        "preview/<str:token>/articles/<slug:slug>/",
        preview.preview_article,
        name="preview-article",
    ),
    path("preview/<str:token>/<str:fmt>/", preview.preview_download, name="preview-download"),
    path("glossary/", cache_public_page(views.GlossaryView.as_view()), name="glossary"),
    path("search/", cache_public_page(views.search), name="search"),
    path("feeds/articles/", cache_public_page(feeds.ArticleFeed()), name="article-feed"),
    path("feeds/issues/", cache_public_page(feeds.IssueFeed()), name="issue-feed"),
]
