from django.views.generic import DetailView, ListView

from .models import Event


class EventListView(ListView):
    model = Event
    paginate_by = 50


class EventDetailView(DetailView):
    queryset = Event.objects.with_participants()
