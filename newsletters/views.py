from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event
from people.models import Person
from unlops.views import QueryFormMixin

from . import search as site_search
from .export.views import public_downloads
from .figures import figure_photos
from .forms import SearchForm
from .glossary import load_glossary
from .models import Article, Issue, Topic
from .photos import arrange_photos, photos_prefetch


def with_photos_arranged(article):
    """``article`` with its photos placed for its page: lead_photo, inset_photos, more_photos."""
    article.lead_photo, article.inset_photos, article.more_photos = arrange_photos(
        article.article_photos.all()
    )
    return article


def looking_ahead(issue, articles):
    """The events the issue's articles present as coming, each said to be upcoming as of the
    issue's period (or since cancelled), apart from what the issue reports as done."""
    events = (
        Event.objects.published()
        .filter(articles__in=articles.values("pk"))
        .filter(Q(status=Event.Status.PLANNED) | Q(start_date__gt=issue.period_end))
        .distinct()
        .order_by(F("start_date").asc(nulls_last=True), "title")
    )
    events = list(events)
    for event in events:
        event.status_note = event.status_label(issue=issue)
    return events


class PublishedIssueMixin:
    def get_queryset(self):
        return Issue.objects.published().select_related("cover_photo")


class HomeView(TemplateView):
    template_name = "newsletters/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        issues = list(Issue.objects.published().select_related("cover_photo")[:4])
        issue = issues[0] if issues else None
        today = timezone.localdate()
        public = Event.objects.published()
        # What happened is what is known to have been held; a plan is never listed as past.
        past = public.held_by(today).order_by("-start_date", "title")
        context.update(
            issue=issue,
            earlier_issues=issues[1:],
            contents=(
                issue.articles.published().only("pk", "title", "slug", "section", "issue__slug")
                if issue
                else []
            ),
            recent_visits=past.visits()[:6],
            recent_events=past.exclude(kind=Event.Kind.HIGH_LEVEL_VISIT)[:6],
            coming_events=public.coming_from(today).order_by("start_date", "title")[:6],
        )
        return context


class IssueListView(PublishedIssueMixin, ListView):
    """The archive: every published issue, grouped by the year its period ends."""

    context_object_name = "issues"


class IssueDetailView(PublishedIssueMixin, DetailView):
    context_object_name = "issue"
    public_figures = True  # Photos placed in a text: only public ones (a preview: all).

    def visible_articles(self, issue):
        return issue.articles.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["articles"] = [
            with_photos_arranged(article)
            for article in self.visible_articles(self.object).prefetch_related(photos_prefetch())
        ]
        figure_photos(context["articles"], public=self.public_figures)
        context["glossary"] = load_glossary()
        context["downloads"] = public_downloads(self.object)
        context["looking_ahead"] = looking_ahead(self.object, self.visible_articles(self.object))
        return context


class ArticleDetailView(DetailView):
    context_object_name = "article"
    public_figures = True

    def visible_articles(self, issue):
        return issue.articles.published()

    def get_object(self, queryset=None):
        people = Person.objects.prefetch_related("appointments")
        return get_object_or_404(
            (queryset if queryset is not None else Article.objects.published())
            .select_related("issue")
            .prefetch_related(
                photos_prefetch(),
                Prefetch("people", queryset=people),
                "topics",
                "corrections",
                Prefetch("events", queryset=Event.objects.order_by("start_date", "title")),
            ),
            issue__slug=self.kwargs["issue_slug"],
            slug=self.kwargs["slug"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        article = self.object
        day = article.issue.period_end
        siblings = list(
            self.visible_articles(article.issue).only("pk", "title", "slug", "issue__slug")
        )
        index = next(i for i, sibling in enumerate(siblings) if sibling.pk == article.pk)
        for sibling in siblings:
            sibling.issue = article.issue
        with_photos_arranged(article)
        figure_photos([article], public=self.public_figures)
        # Inside the issue, an event is what the issue knew of it: upcoming as of its period.
        for event in article.events.all():
            event.status_note = event.status_label(issue=article.issue)
        context.update(
            issue=article.issue,
            people=[(person, person.described_on(day)) for person in article.people.all()],
            previous_article=siblings[index - 1] if index > 0 else None,
            next_article=siblings[index + 1] if index + 1 < len(siblings) else None,
            glossary=load_glossary(),
        )
        return context


class GlossaryView(TemplateView):
    """Every abbreviation published work shows: organisations' acronyms and terms, A to Z."""

    template_name = "newsletters/glossary.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(glossary=load_glossary(), **kwargs)


class TopicListView(ListView):
    context_object_name = "topics"
    template_name = "newsletters/topic_list.html"

    def get_queryset(self):
        public = Article.objects.published().values("pk")
        return Topic.objects.annotate(
            article_count=Count("articles", filter=Q(articles__in=public))
        ).filter(article_count__gt=0)


class TopicDetailView(QueryFormMixin, ListView):
    """A topic's published articles, latest issue first."""

    paginate_by = 20
    context_object_name = "articles"
    template_name = "newsletters/topic_detail.html"

    @cached_property
    def topic(self):
        return get_object_or_404(Topic.objects.published(), slug=self.kwargs["slug"])

    def get_queryset(self):
        return (
            self.topic.articles.published()
            .select_related("issue")
            .order_by("-issue__period_end", "-issue__number", "position", "pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


def search(request):
    form = SearchForm(request.GET)
    if not form.is_valid() and form.has_error("type"):
        raise Http404("No such kind of result.")
    query, kind = form.cleaned_data["q"], form.cleaned_data["type"]
    context = {"search_query": query, "kinds": [], "page_obj": None, "kind": kind}
    if query:
        results = site_search.search(query)
        counts = {name: results[name].count() for name in site_search.KINDS}
        context["kinds"] = [
            (name, label, counts[name]) for name, label in site_search.KINDS.items()
        ]
        if not kind:
            kind = next((name for name in site_search.KINDS if counts[name]), "articles")
        context.update(
            kind=kind,
            page_obj=site_search.paginate(results[kind], form.cleaned_data["page"], counts[kind]),
            terms=site_search.terms(query),
        )
    return render(request, "newsletters/search.html", context)
