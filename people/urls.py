from django.urls import path

from unlops.cache import cache_public_page

from . import views

app_name = "people"

urlpatterns = [
    path("", cache_public_page(views.PersonListView.as_view()), name="person-list"),
    path(
        "organisations/",
        cache_public_page(views.OrganisationListView.as_view()),
        name="organisation-list",
    ),
    path(
        "organisations/<slug:slug>/",
        cache_public_page(views.OrganisationDetailView.as_view()),
        name="organisation-detail",
    ),
    path("<slug:slug>/", cache_public_page(views.PersonDetailView.as_view()), name="person-detail"),
]
