from django.views.generic import DetailView, ListView

from .models import Organisation, Person


class PersonListView(ListView):
    model = Person
    paginate_by = 100


class PersonDetailView(DetailView):
    queryset = Person.objects.prefetch_related("appointments__organisation")


class OrganisationDetailView(DetailView):
    queryset = Organisation.objects.select_related("parent")
