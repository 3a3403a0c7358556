from functools import reduce
from operator import or_

from django.db.models import Case, Prefetch, Q, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from unlops.sorting import collation_key, sort_key
from unlops.views import QueryFormMixin

from .forms import PersonFilterForm
from .models import Appointment, Organisation, Person


def initial(text):
    """The A–Z letter a name files under: 'Š' under S, digits and signs under '#'."""
    letter = collation_key(text)[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


# Names filed under "#" come after Z, on every page of the directory.
UNDER_A_LETTER = Case(When(sort_key__regex=r"^[a-z]", then=0), default=1)


def appointments_prefetch():
    return Prefetch("appointments", queryset=Appointment.objects.select_related("organisation"))


def published_articles(person_or_organisation):
    """Published articles through the reverse relation; the rule stays in Article's QuerySet."""
    return person_or_organisation.articles.published()


class PersonListView(QueryFormMixin, ListView):
    """The people directory, A to Z, optionally of one organisation."""

    paginate_by = 100
    context_object_name = "people"
    query_form_class = PersonFilterForm

    @cached_property
    def of_organisation(self):
        people = Person.objects.published()
        if self.query["organisation"]:
            people = people.filter(appointments__organisation=self.query["organisation"]).distinct()
        return people

    @cached_property
    def letters(self):
        """{letter: [the first characters filed under it]}, for the letters names start with."""
        firsts = (
            self.of_organisation.annotate(first=Substr("sort_key", 1, 1))
            .order_by()
            .values_list("first", flat=True)
            .distinct()
        )
        letters = {}
        for first in firsts:
            letters.setdefault(initial(first or "#"), []).append(first)
        return letters

    @property
    def letter(self):
        """The letter asked for, if any name starts with it."""
        return self.query["letter"] if self.query["letter"] in self.letters else ""

    def get_queryset(self):
        people = self.of_organisation
        if self.letter:
            people = people.filter(
                reduce(or_, (Q(sort_key__startswith=first) for first in self.letters[self.letter]))
            )
        return people.order_by(UNDER_A_LETTER, "sort_key", "sort_name", "pk").prefetch_related(
            appointments_prefetch()
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(context["people"])
        for person in people:
            person.letter = initial(person.sort_key or person.name)
            current = person.current_appointments()
            person.current = current[0] if current else None
        context["people"] = people
        context.update(
            letters=sorted(self.letters, key=lambda letter: (letter == "#", letter)),
            letter=self.letter,
            organisation=self.query["organisation"],
            organisations=Organisation.objects.filter(
                appointments__person__in=Person.objects.published()
            ).distinct(),
        )
        return context


class PersonDetailView(DetailView):
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.published().prefetch_related(appointments_prefetch())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        today = timezone.localdate()
        appointments = sorted(
            person.appointments.all(),
            key=lambda a: (a.start_date is not None, a.start_date or a.end_date, a.pk),
        )
        public_articles = published_articles(person).select_related("issue")
        photos = (
            person.photos.published()
            .prefetch_related(
                "pictured__person",
                Prefetch(
                    "articles",
                    queryset=person.articles.model.objects.published().select_related("issue"),
                    to_attr="public_articles",
                ),
            )
            .order_by("-taken_on", "-pk")
        )
        context.update(
            title=person.described_on(today),
            appointments=appointments,
            articles=public_articles.order_by("-issue__period_end", "-issue__number", "position"),
            participations=person.participations.published()
            .select_related("event")
            .order_by("-event__start_date", "event__title"),
            photos=list(photos),
        )
        return context


class OrganisationListView(ListView):
    """Every public organisation, A to Z (the glossary of abbreviations is the newsletter's)."""

    context_object_name = "organisations"
    template_name = "people/organisation_list.html"

    def get_queryset(self):
        return Organisation.objects.published().select_related("parent")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisations = sorted(context["organisations"], key=lambda o: sort_key(o.name))
        public = {organisation.pk for organisation in organisations}
        for organisation in organisations:
            # Named only if public itself: a parent is not made public by its children.
            if organisation.parent_id not in public:
                organisation.parent = None
        context["organisations"] = organisations
        return context


class OrganisationDetailView(DetailView):
    context_object_name = "organisation"
    events_shown = 20

    def get_queryset(self):
        return Organisation.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        appointments = list(
            organisation.appointments.published()
            .select_related("person")
            .order_by("person__sort_key", "-start_date", "pk")
        )
        current = [a for a in appointments if a.is_current]
        former = [a for a in appointments if a.has_ended]
        events = organisation.events.published().order_by("-start_date", "title")
        public = Organisation.objects.published()
        context.update(
            # Shown only if public themselves: a parent is not made public by its children.
            parent=public.filter(pk=organisation.parent_id).first()
            if organisation.parent_id
            else None,
            children=organisation.children.published(),
            current_appointments=current,
            former_appointments=former,
            events=events[: self.events_shown],
            event_count=events.count(),
            articles=published_articles(organisation)
            .select_related("issue")
            .order_by("-issue__period_end", "-issue__number", "position")[:20],
        )
        return context
