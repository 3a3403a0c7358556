"""The photo library in the admin: the photo's form with its focal point, the photo chooser
widget used wherever a photo is picked, and the inlines of photos and the people they show."""

from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from unlops import media
from unlops.admin_filters import UsedRelatedFilter
from unlops.admin_history import HistoryAdmin
from unlops.admin_public import PublicRowAdminMixin, PublicRowInlineMixin
from unlops.admin_sortable import SortableAdminBase, SortableTabularInline
from unlops.kept_uploads import KeepsUploadsMixin, kept_field
from unlops.renditions import renditions

from .bulk_upload import BulkUploadViewsMixin
from .chooser import ChooserViewsMixin, photo_label, thumbnail_url
from .figure_admin import FigureViewsMixin, uses_list
from .models import ArticlePhoto, Photo, PhotoPerson


class PhotoChooserWidget(forms.Widget):
    """A photo picked in the library's modal chooser: a hidden id, a preview, two buttons."""

    template_name = "admin/newsletters/photo_chooser_widget.html"

    class Media:
        css = {"all": ["css/admin-photos.css"]}
        js = ["js/admin-photo-chooser.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        photo = None
        if value not in (None, ""):
            photo = Photo.objects.filter(pk=value).first()
        context["photo"] = photo
        context["thumbnail"] = thumbnail_url(photo) if photo else ""
        context["label"] = photo_label(photo) if photo else ""
        context["chooser_url"] = reverse("admin:newsletters_photo_chooser")
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates folder, which the default form renderer does not search.
        return render_to_string(template_name, context)


class PhotoChooserMixin:
    """For a model admin or inline with a foreign key to Photo: pick it in the chooser."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and getattr(db_field, "related_model", None) is Photo:
            # In place of the select (and its add/change links, which the chooser replaces).
            formfield.widget = PhotoChooserWidget()
        return formfield


class ArticlePhotoInline(PhotoChooserMixin, PublicRowInlineMixin, SortableTabularInline):
    model = ArticlePhoto
    ordering = ["position"]
    extra = 1
    fields = ["photo", "placement"]


class PhotoPersonInline(PublicRowInlineMixin, SortableTabularInline):
    model = PhotoPerson
    ordering = ["position"]
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person"]


class FocalPointField(forms.FloatField):
    """A fraction from 0 to 1, set by clicking the picture (admin-focal-point.js); the middle
    when left empty, as on a form posted without it."""

    def __init__(self, **kwargs):
        kwargs.update(required=False, min_value=0, max_value=1, step_size=None)
        super().__init__(**kwargs)
        self.widget.attrs.update(step="0.01")

    def to_python(self, value):
        value = super().to_python(value)
        return 0.5 if value is None else value


class PhotoForm(KeepsUploadsMixin, forms.ModelForm):
    """The photo's form: a picture chosen before a refused save (no alt text) is kept."""

    kept_upload_fields = ("image",)
    image_kept = kept_field()

    class Meta:
        model = Photo
        fields = "__all__"


@admin.register(Photo)
class PhotoAdmin(
    ChooserViewsMixin,
    FigureViewsMixin,
    BulkUploadViewsMixin,
    SortableAdminBase,
    PublicRowAdminMixin,
    HistoryAdmin,
):
    list_display = ["preview", "__str__", "credit", "taken", "dimensions"]
    list_display_links = ["preview", "__str__"]
    list_filter = [("credit_organisation", UsedRelatedFilter)]
    search_fields = ["caption", "credit", "alt_text", "place", "people__name"]
    date_hierarchy = "taken_on"
    autocomplete_fields = ["credit_organisation", "event"]
    inlines = [PhotoPersonInline]
    form = PhotoForm
    readonly_fields = ["focal_point", "dimensions", "used_in"]
    fieldsets = [
        (None, {"fields": ["image", "image_kept", "focal_point", "dimensions", "alt_text"]}),
        (
            _("Focal point"),
            {
                "fields": [("focal_point_x", "focal_point_y")],
                "description": _(
                    "Click the picture above where it matters most (a face, the speaker): "
                    "covers, cards and shared links are cut around that point. Or type it: "
                    "0 is the left or top edge, 1 the right or bottom."
                ),
            },
        ),
        (_("Caption"), {"fields": ["caption", "credit", "credit_organisation"]}),
        (_("Where and when"), {"fields": [("taken_on", "taken_on_precision"), "place", "event"]}),
        (_("Where it is used"), {"fields": ["used_in"]}),
    ]

    class Media:
        css = {"all": ["css/admin-photos.css"]}
        js = ["js/admin-focal-point.js"]

    def get_list_tools(self, request):
        tools = super().get_list_tools(request)
        if self.has_add_permission(request):
            url = reverse("admin:newsletters_photo_bulk_upload")
            tools.insert(0, {"url": url, "label": _gettext("Upload several photos")})
        return tools

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.kept_upload_owner = request.user.pk
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"focal_point_x", "focal_point_y"}:
            kwargs["form_class"] = FocalPointField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("preview"))
    def preview(self, photo):
        url = thumbnail_url(photo, width=480)
        if not url:
            return ""
        # The link's only content: its alt text names the photo for screen readers.
        return format_html('<img src="{}" alt="{}" class="photo-list-thumb">', url, photo.alt_text)

    @admin.display(description=_("picture"))
    def focal_point(self, photo):
        if not photo.pk or not photo.image:
            return "—"
        found = renditions(photo.image, widths=(800,))
        if not found:
            return "—"
        return render_to_string(
            "admin/newsletters/photo_focal_point.html",
            {"photo": photo, "src": media.url(found[-1][2]["jpg"])},
        )

    @admin.display(description=_("date taken"), ordering="taken_on")
    def taken(self, photo):
        return photo.taken_on_display

    @admin.display(description=_("size in pixels"))
    def dimensions(self, photo):
        return f"{photo.width} × {photo.height}" if photo.width else ""

    @admin.display(description=_("used in"))
    def used_in(self, photo):
        return uses_list(photo) if photo.pk else "—"
