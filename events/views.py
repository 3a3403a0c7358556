from django.db.models import F, Max, Min, Prefetch, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from people.models import Organisation
from unlops.dates import DatePrecision, format_date
from unlops.sorting import sort_key
from unlops.views import QueryFormMixin

from .chart import month_chart
from .forms import EventFilterForm
from .models import Event, Participation


def heading(event):
    """The heading an event is listed under: its month, or its year if that is all we know.

    The list puts an event known only to its year after that year's months (newest_first), so
    that its heading never splits a month's."""
    span = event.date_span
    if not span.known:
        return _("Date unknown")
    if event.date_precision == DatePrecision.YEAR:
        return _("%(year)s, month not known") % {"year": format_date(span.start, span.precision)}
    return format_date(span.start, DatePrecision.MONTH)


def reports():
    """The published articles that mention an event, latest issue first, for what they said of
    it; reached through the reverse relation, as this layer does not import the newsletters."""
    articles = Event.articles.field.model.objects.published()
    return Prefetch(
        "articles",
        queryset=articles.select_related("issue")
        .only("id", "issue__id", "issue__period_start", "issue__period_end")
        .order_by("-issue__period_end", "-issue__number"),
        to_attr="reports",
    )


def latest_report(event):
    """The issue that last reported the event, or None."""
    return event.reports[0].issue if event.reports else None


class EventListView(QueryFormMixin, ListView):
    """The timeline of events, newest first, filtered by year, kind, organisation and place."""

    paginate_by = 50
    context_object_name = "events"
    query_form_class = EventFilterForm

    @cached_property
    def matching(self):
        """The events that pass the filters, unordered: the list pages them, the chart counts."""
        query = self.query
        events = Event.objects.published()
        if query["year"]:
            events = events.filter(start_date__year=query["year"])
        if query["kind"]:
            events = events.filter(kind=query["kind"])
        if query["organisation"]:
            events = events.filter(organisations=query["organisation"])
        if query["place"]:
            events = events.filter(
                Q(city__iexact=query["place"]) | Q(country__iexact=query["place"])
            )
        return events

    def get_queryset(self):
        return self.matching.newest_first().prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person").order_by("position", "pk"),
            ),
            reports(),
        )

    def filter_labels(self):
        """The filters applied, as the page names them."""
        query = self.query
        labels = {}
        if query["year"]:
            labels["year"] = query["year"]
        if query["kind"]:
            labels["kind"] = Event.Kind(query["kind"]).label
        if query["organisation"]:
            labels["organisation"] = query["organisation"].short_name
        if query["place"]:
            labels["place"] = query["place"]
        return labels

    def years(self):
        """From the latest year to the earliest, by two aggregates rather than a date per row."""
        bounds = Event.objects.published().aggregate(
            first=Min("start_date"), last=Max("start_date")
        )
        if bounds["first"] is None:
            return []
        return list(range(bounds["last"].year, bounds["first"].year - 1, -1))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        places = set()
        public = Event.objects.published()
        for city, country in public.order_by().values_list("city", "country").distinct():
            places.update(place for place in (city, country) if place)
        for event in context["events"]:
            event.heading = heading(event)
            event.status_note = event.status_label(reported_in=latest_report(event))
            event.visitors = [
                p for p in event.participations.all() if p.role == Participation.Role.VISITOR
            ]
        query = self.query
        context.update(
            chart=month_chart(self.matching, query["year"]),
            years=self.years(),
            kinds=Event.Kind.choices,
            organisations=Organisation.objects.filter(events__in=public)
            .distinct()
            .values("slug", "name", "acronym"),
            places=sorted(places, key=sort_key),
            year=query["year"],
            kind=query["kind"],
            organisation=query["organisation"],
            place=query["place"],
            filters=self.filter_labels(),
        )
        return context


class EventDetailView(DetailView):
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.published()
            .with_participants()
            .prefetch_related("participations__person__appointments", "organisations")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        roles = {}
        labels = dict(Participation.Role.choices)
        for participation in event.participations.all():
            person = participation.person
            # The title held during the event, as far as its dates are known; today's if undated.
            person.title_then = person.described_on(event.start_date, until=event.end_date)
            roles.setdefault(str(labels[participation.role]), []).append(person)
        photos = (
            event.photos.published()
            .prefetch_related("pictured__person")
            .order_by(F("taken_on").asc(nulls_last=True), "pk")
        )
        articles = list(
            event.articles.published()
            .select_related("issue")
            .order_by("-issue__period_end", "-issue__number", "position")
        )
        event.status_note = event.status_label(reported_in=articles[0].issue if articles else None)
        public = Event.objects.published()
        context.update(
            # Shown only if public themselves: a larger event is not made public by its parts.
            parent=public.filter(pk=event.parent_id).first() if event.parent_id else None,
            sub_events=list(
                event.sub_events.published().with_participants().order_by("start_date", "title")
            ),
            roles=list(roles.items()),
            articles=articles,
            photos=list(photos),
        )
        return context
