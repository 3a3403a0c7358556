from django.urls import path

from unlops.cache import cache_public_page

from . import views

app_name = "events"

urlpatterns = [
    path("", cache_public_page(views.EventListView.as_view()), name="event-list"),
    path("<slug:slug>/", cache_public_page(views.EventDetailView.as_view()), name="event-detail"),
]
