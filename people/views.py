import unicodedata
from functools import reduce
from operator import or_

from django.db.models import Prefetch, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView, ListView

from unlops import sorting
from unlops.views import QueryFormMixin

from .forms import PersonFilterForm
from .models import Appointment, Organisation, Person


def initial(text):
    """The A–Z letter a name files under: 'Š' under S, digits and signs under '#'."""
    letter = unicodedata.normalize("NFKD", text[:1])[:1].upper()
    return letter if "A" <= letter <= "Z" else "#"


def sort_key(text):
    """Text without its accents, case-folded, to sort names as a reader expects."""
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).casefold()


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
            self.of_organisation.annotate(first=Substr("sort_name", 1, 1))
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
                reduce(or_, (Q(sort_name__startswith=first) for first in self.letters[self.letter]))
            )
        return people.prefetch_related(appointments_prefetch())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        people = list(context["people"])
        for person in people:
            person.letter = initial(person.sort_name or person.name)
            current = person.appointments_on(today)
            person.current = current[0] if current else None
        # Databases sort "Š" after "Z"; within the page, it files under S like the letter links.
        people.sort(key=lambda p: (p.letter == "#", p.letter, sort_key(p.sort_name or p.name)))
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
        for appointment in appointments:
            appointment.is_current = appointment.is_held_on(today)
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
        organisations = sorted(context["organisations"], key=lambda o: sorting.sort_key(o.name))
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
        today = timezone.localdate()
        appointments = list(
            organisation.appointments.published()
            .select_related("person")
            .order_by("person__sort_name", "-start_date", "pk")
        )
        current = [a for a in appointments if a.is_held_on(today)]
        former = [a for a in appointments if a.end_date and a.end_date < today]
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
