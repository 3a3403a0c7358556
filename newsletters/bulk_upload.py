"""Many photos at once: pick the files, each is checked and stored as a photo, then one grid to
write their captions, credits and alt texts.

The files become photos as soon as they are uploaded, so a grid refused for a missing alt text
shows the same pictures again with its errors: nothing has to be chosen twice. A file that is not
an acceptable picture is named with the reason, and the others are kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from unlops.images import PictureFormField

from .chooser import photo_label, thumbnail_url
from .models import Photo

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class BulkUploadForm(forms.Form):
    images = forms.FileField(
        label=_("Pictures"),
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF; choose as many as you like, up to 50 at a time."),
    )


class PhotoTextsForm(forms.ModelForm):
    """One photo's texts in the grid."""

    class Meta:
        model = Photo
        fields = ["caption", "credit", "alt_text", "taken_on", "place"]
        widgets = {
            "caption": forms.Textarea(attrs={"rows": 3}),
            "alt_text": forms.Textarea(attrs={"rows": 2}),
            "taken_on": forms.DateInput(attrs={"type": "date"}),
        }


PhotoTextsFormSet = forms.modelformset_factory(Photo, form=PhotoTextsForm, extra=0)


def store_uploads(files):
    """(photos made, [(file name, reason)] refused), each file checked as the photo form does."""
    field = PictureFormField()
    made, refused = [], []
    for upload in files:
        try:
            checked = field.clean(upload)
        except ValidationError as error:
            refused.append((upload.name, " ".join(error.messages)))
            continue
        made.append(Photo.objects.create(image=checked, caption="", credit="", alt_text=""))
    return made, refused


class BulkUploadViewsMixin:
    """The bulk upload's two pages on the photo admin."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.bulk_upload_view), name="newsletters_photo_bulk_upload"),
            path("upload/texts/", view(self.bulk_texts_view), name="newsletters_photo_bulk_texts"),
            *super().get_urls(),
        ]

    def _page(self, request, template, context):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media + context.get("form_media", forms.Media()),
            **context,
        }
        return TemplateResponse(request, template, context)

    def bulk_upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BulkUploadForm()
        if request.method == "POST":
            files = request.FILES.getlist("images")
            if not files:
                form = BulkUploadForm(data={})
                form.add_error("images", _("Choose at least one picture."))
            elif len(files) > MAX_FILES:
                form = BulkUploadForm(data={})
                form.add_error(
                    "images", _("Upload at most %(n)d pictures at a time.") % {"n": MAX_FILES}
                )
            else:
                return self._stored(request, files)
        title = _("Upload several photos")
        return self._page(
            request,
            "admin/newsletters/photo_bulk_upload.html",
            {"form": form, "title": title, "form_media": form.media},
        )

    def _stored(self, request, files):
        with transaction.atomic():
            made, refused = store_uploads(files)
            for photo in made:
                self.log_addition(request, photo, [{"added": {}}])
        for name, reason in refused:
            messages.error(
                request,
                _("“%(name)s” was not added: %(reason)s") % {"name": name, "reason": reason},
            )
        if not made:
            return redirect("admin:newsletters_photo_bulk_upload")
        messages.success(
            request,
            ngettext(
                "%(count)d photo uploaded: write its caption, credit and alt text.",
                "%(count)d photos uploaded: write their captions, credits and alt texts.",
                len(made),
            )
            % {"count": len(made)},
        )
        ids = ",".join(str(photo.pk) for photo in made)
        return redirect(
            f"{reverse('admin:newsletters_photo_bulk_texts')}?{urlencode({'ids': ids})}"
        )

    def _grid_photos(self, request):
        ids = [part for part in request.GET.get("ids", "").split(",") if part.isdigit()][:MAX_FILES]
        photos = Photo.objects.filter(pk__in=ids).order_by("pk")
        # Only what this user may change: a released photo is the publishers'.
        return [photo.pk for photo in photos if self.has_change_permission(request, photo)]

    def bulk_texts_view(self, request):
        allowed = self._grid_photos(request)
        if not allowed:
            raise PermissionDenied
        queryset = Photo.objects.filter(pk__in=allowed).order_by("pk")
        formset = PhotoTextsFormSet(request.POST or None, queryset=queryset)
        if request.method == "POST" and formset.is_valid():
            with transaction.atomic():
                for form in formset.forms:
                    if form.has_changed():
                        form.save()
                        self.log_change(request, form.instance, [{"changed": {}}])
            messages.success(
                request,
                ngettext("%(count)d photo saved.", "%(count)d photos saved.", len(formset.forms))
                % {"count": len(formset.forms)},
            )
            return redirect("admin:newsletters_photo_changelist")
        rows = [
            {
                "form": form,
                "thumbnail": thumbnail_url(form.instance),
                "label": photo_label(form.instance),
            }
            for form in formset.forms
        ]
        return self._page(
            request,
            "admin/newsletters/photo_bulk_texts.html",
            {
                "formset": formset,
                "rows": rows,
                "title": _("Captions, credits and alt texts"),
                "form_media": formset.media,
            },
        )
