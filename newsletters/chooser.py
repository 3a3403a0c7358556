"""The photo chooser: a searchable grid of thumbnails in a modal, with an upload tab.

Its two endpoints belong to the photo admin (``admin:newsletters_photo_chooser`` and
``…_chooser_upload``): staff only, the grid for those who may view photos, the upload for those
who may add them. The grid shows renditions, never an original.
"""

import datetime
import re

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from unlops import media
from unlops.renditions import renditions

from .models import Photo

PER_PAGE = 24
THUMBNAIL_CROP = "4:3"
_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def thumbnail_url(photo, *, width=480, crop=THUMBNAIL_CROP):
    """A small rendition of ``photo`` cut around its focal point; never the original upload."""
    if not photo or not photo.image:
        return ""
    found = renditions(photo.image, widths=(width,), crop=crop, focus=photo.focal_point)
    return media.url(found[0][2]["jpg"]) if found else ""


def photo_label(photo):
    """The photo's caption, or its file's name while it has none (just uploaded in bulk)."""
    if photo.caption:
        return str(photo)
    return _("%(name)s (no caption yet)") % {"name": photo.image.name.rpartition("/")[2]}


def _date_q(term):
    """A term that is a year (2017), a month (2017-05) or a day (2017-05-05) finds by date."""
    if _YEAR.fullmatch(term):
        return Q(taken_on__year=int(term))
    month = _MONTH.fullmatch(term)
    if month and 1 <= int(month.group(2)) <= 12:
        return Q(taken_on__year=int(month.group(1)), taken_on__month=int(month.group(2)))
    try:
        return Q(taken_on=datetime.date.fromisoformat(term))
    except ValueError:
        return None


def search_photos(queryset, query):
    """Photos whose caption, credit, alt text, place, people pictured, credited organisation or
    event hold every word of ``query``; a word that is a date finds photos taken then."""
    for term in query.split()[:10]:
        found = (
            Q(caption__icontains=term)
            | Q(credit__icontains=term)
            | Q(alt_text__icontains=term)
            | Q(place__icontains=term)
            | Q(people__name__icontains=term)
            | Q(credit_organisation__name__icontains=term)
            | Q(credit_organisation__acronym__iexact=term)
            | Q(event__title__icontains=term)
        )
        dated = _date_q(term)
        queryset = queryset.filter(found | dated if dated is not None else found)
    return queryset.distinct()


class ChooserUploadForm(forms.ModelForm):
    """The chooser's upload tab: a picture and the texts every published photo needs."""

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "taken_on", "place"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2})}


def photo_json(photo):
    return {"id": photo.pk, "label": photo_label(photo), "thumbnail": thumbnail_url(photo)}


class ChooserViewsMixin:
    """The chooser's views on the photo admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("chooser/", view(self.chooser_view), name="newsletters_photo_chooser"),
            path(
                "chooser/upload/",
                view(self.chooser_upload_view),
                name="newsletters_photo_chooser_upload",
            ),
            *super().get_urls(),
        ]

    def chooser_view(self, request):
        """The chooser's grid (``?q=`` searches, ``?page=`` turns); the whole modal unless
        ``?results=1`` asks for the grid alone, as the search box does while typing."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:200]
        photos = search_photos(
            Photo.objects.select_related("credit_organisation").order_by("-created_at", "-pk"),
            query,
        )
        page = Paginator(photos, PER_PAGE).get_page(request.GET.get("page"))
        cards = [
            {"photo": photo, "label": photo_label(photo), "thumbnail": thumbnail_url(photo)}
            for photo in page
        ]
        template = (
            "admin/newsletters/photo_chooser_results.html"
            if request.GET.get("results")
            else "admin/newsletters/photo_chooser.html"
        )
        context = {
            "query": query,
            "page": page,
            "cards": cards,
            "may_upload": self.has_add_permission(request),
            "upload_form": ChooserUploadForm(prefix="chooser"),
        }
        response = TemplateResponse(request, template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    def chooser_upload_view(self, request):
        """Upload a photo from inside the chooser: JSON of the new photo, or the form again
        with its errors (status 400) for the modal to show."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ChooserUploadForm(request.POST, request.FILES, prefix="chooser")
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/newsletters/photo_chooser_upload.html",
                {"upload_form": form},
                status=400,
            )
        photo = form.save()
        self.log_addition(request, photo, [{"added": {}}])
        return JsonResponse(photo_json(photo), status=201)
