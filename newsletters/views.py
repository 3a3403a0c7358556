from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Issue, Topic


class HomeView(TemplateView):
    template_name = "newsletters/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["issue"] = Issue.objects.published().first()
        return context


class IssueListView(ListView):
    queryset = Issue.objects.published()


class IssueDetailView(DetailView):
    queryset = Issue.objects.published()


class ArticleDetailView(DetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Article.objects.published().select_related("issue"),
            issue__slug=self.kwargs["issue_slug"],
            slug=self.kwargs["slug"],
        )


class TopicDetailView(DetailView):
    model = Topic
