"""The photo admin's side of photos placed in a text: what the editor shows of each figure, and
where a photo is used (its article photos, the texts that place it, the covers it makes)."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .chooser import photo_label, thumbnail_url
from .models import Photo

MOST_AT_ONCE = 50


class FigureViewsMixin:
    """``admin:newsletters_photo_figures``: ``?id=1&id=2`` → the thumbnail, caption and credit
    of each, for the editor's figures (staff who may view photos; renditions only)."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.figures_view)
        return [path("figures/", view, name="newsletters_photo_figures"), *super().get_urls()]

    def figures_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        ids = [value for value in request.GET.getlist("id") if value.isdigit()][:MOST_AT_ONCE]
        photos = Photo.objects.filter(pk__in=ids)
        response = JsonResponse(
            {
                "photos": {
                    str(photo.pk): {
                        "label": photo_label(photo),
                        "thumbnail": thumbnail_url(photo),
                        "credit": photo.credit_line,
                    }
                    for photo in photos
                }
            }
        )
        response["Cache-Control"] = "private, no-store"
        return response


def photo_uses(photo):
    """(address in the admin, label) of every use of ``photo``, in three queries."""

    def change(model, pk):
        return reverse(f"admin:newsletters_{model}_change", args=[pk])

    uses = [
        (change("article", use.article_id), use.article)
        for use in photo.article_uses.select_related("article")
    ]
    uses += [
        (
            change("article", use.article_id),
            _("%(article)s (in the text)") % {"article": use.article},
        )
        for use in photo.figure_uses.select_related("article")
    ]
    uses += [
        (change("issue", issue.pk), _("Cover of %(issue)s") % {"issue": issue})
        for issue in photo.cover_of.all()
    ]
    return uses


def uses_list(photo):
    uses = photo_uses(photo) if photo.pk else []
    if not uses:
        return _("Not used yet.")
    return format_html("<ul>{}</ul>", format_html_join("", '<li><a href="{}">{}</a></li>', uses))
