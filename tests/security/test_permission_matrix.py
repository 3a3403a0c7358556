"""Every role × every admin model × every action × the row's state, as one table.

``SPEC`` is the office's rule written down: for each model and action, the least role that may do
it, per state of the row. The test performs each action through the admin as each role would (the
form a browser posts, the list action, the button, the import, the restore, the recovery) and
reads the database: the effect happened exactly when the spec says so. A model registered in the
admin, or an action added to one, without a line here fails ``test_the_spec_covers_every_model
_and_action``.

States: "draft" (nothing released shows the row), "review" (only work in review shows it),
"scheduled" (work set to go public later shows it), "published" (public work shows it).
"""

import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from PIL import Image

from events.models import Participation
from newsletters.models import Issue, Revision, Status
from tests import queue
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    EventFactory,
    IssueFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoFactory,
    TermFactory,
    TopicFactory,
    UserFactory,
    shown_in_published_work,
)
from tests.security.admin_forms import change_form_data
from tests.security.matrix_spec import COVERED_ELSEWHERE, NOBODY, SPEC, STATES

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "contributor", "editor", "publisher", "superuser"]
RANK = {role: rank for rank, role in enumerate(ROLES)}


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def article_in(state, **kwargs):
    if state == "draft":
        return ArticleFactory(**kwargs)
    if state == "review":
        return ArticleFactory(status=Status.REVIEW, **kwargs)
    return ArticleFactory(**{state: True}, **kwargs)


def shown_by(state, obj):
    """``obj`` made to be in ``state`` by what an article in that state shows."""
    if state != "draft":
        shown_in_published_work(obj, article=article_in(state))
    return obj


def issue_in(state):
    traits = {"draft": {}, "review": {"in_review": True}}.get(state, {state: True})
    issue = IssueFactory(**traits)
    status = Status.DRAFT if state in {"draft", "review"} else Status.PUBLISHED
    ArticleFactory(issue=issue, status=status)  # Complete, so that publishing it can succeed.
    return issue


MAKERS = {
    "newsletters.article": article_in,
    "newsletters.issue": issue_in,
    "newsletters.photo": lambda state: shown_by(state, PhotoFactory()),
    "newsletters.topic": lambda state: shown_by(state, TopicFactory()),
    "newsletters.term": lambda state: shown_by(state, TermFactory()),
    "people.person": lambda state: shown_by(state, PersonFactory()),
    "people.organisation": lambda state: shown_by(state, OrganisationFactory()),
    "people.appointment": lambda state: AppointmentFactory(person=shown_by(state, PersonFactory())),
    "events.event": lambda state: shown_by(state, EventFactory()),
    "events.participation": lambda state: ParticipationFactory(
        event=shown_by(state, EventFactory())
    ),
}

# The text a change writes, and which field it goes in.
CHANGED_FIELD = {
    "newsletters.article": "title",
    "newsletters.issue": "title",
    "newsletters.photo": "caption",
    "newsletters.topic": "name",
    "newsletters.term": "expansion",
    "people.person": "name",
    "people.organisation": "name",
    "people.appointment": "title",
    "events.event": "title",
    "events.participation": "role",
}
NEW_VALUE = {"events.participation": Participation.Role.BRIEFER}
# An appointment's title is part of its natural key: an import changing it adds a new one.
IMPORTED_FIELD = {"people.appointment": "note"}


def new_value(label):
    return NEW_VALUE.get(label, "Changed by the permission matrix")


def admin_url(obj, name, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


def client_as(client, role):
    if role == "superuser":
        client.force_login(UserFactory(is_superuser=True))
    elif role != "anonymous":
        client.force_login(UserFactory(role=role.title()))
    return client


def stored(obj):
    return type(obj)._default_manager.filter(pk=obj.pk).first()


# Each action: perform it as ``client``; return True if it took effect. ``staff`` is a superuser's
# client, used only to read the forms a browser would have been shown.


def do_change(obj, client, staff):
    label = obj._meta.label_lower
    data = change_form_data(staff.get(admin_url(obj, "change", obj.pk)))
    field = CHANGED_FIELD[label]
    data[field] = new_value(label)
    client.post(admin_url(obj, "change", obj.pk), data)
    current = stored(obj)
    return current is not None and getattr(current, field) == new_value(label)


ADD_CHANGES = {
    "newsletters.article": lambda obj: {"slug": "added-by-matrix", "position": 99},
    "newsletters.issue": lambda obj: {"slug": "added-by-matrix", "number": 999},
    "newsletters.topic": lambda obj: {"slug": "added-by-matrix", "name": "Added by matrix"},
    "newsletters.term": lambda obj: {"abbreviation": "ADDED"},
    "people.person": lambda obj: {"slug": "added-by-matrix"},
    "people.organisation": lambda obj: {"slug": "added-by-matrix", "acronym": ""},
    "people.appointment": lambda obj: {"title": "Added by the matrix"},
    "events.event": lambda obj: {"slug": "added-by-matrix"},
    "events.participation": lambda obj: {"role": Participation.Role.HOST},
    "newsletters.photo": lambda obj: {"image": SimpleUploadedFile("added.jpg", jpeg())},
}


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def do_add(obj, client, staff):
    label = obj._meta.label_lower
    data = change_form_data(staff.get(admin_url(obj, "change", obj.pk)))
    for key in [key for key in data if "-" in key]:
        del data[key]  # Inline rows belong to the existing row, not to the new one.
    for prefix in {key.split("-")[0] for key in change_form_data(staff.get(admin_url(obj, "add")))}:
        data.setdefault(f"{prefix}-TOTAL_FORMS", 0)
        data.setdefault(f"{prefix}-INITIAL_FORMS", 0)
    data.pop("loaded_version", None)
    data.update(ADD_CHANGES[label](obj))
    before = type(obj)._default_manager.count()
    client.post(admin_url(obj, "add"), data)
    return type(obj)._default_manager.count() == before + 1


def do_delete(obj, client, staff):
    client.post(admin_url(obj, "delete", obj.pk), {"post": "yes"})
    return stored(obj) is None


def run_list_action(obj, client, action, **extra):
    return client.post(
        admin_url(obj, "changelist"),
        {"action": action, "_selected_action": [obj.pk], "index": 0, **extra},
    )


def do_bulk_delete(obj, client, staff):
    run_list_action(obj, client, "delete_selected", post="yes")
    return stored(obj) is None


def do_restore(obj, client, staff):
    field = CHANGED_FIELD[obj._meta.label_lower]
    setattr(obj, field, "An earlier wording")
    obj.save()
    setattr(obj, field, "The later wording")
    obj.save()
    old = obj.history.filter(**{field: "An earlier wording"}).latest("history_date")
    url = admin_url(obj, "simple_history", obj.pk, old.history_id)
    client.post(url, change_form_data(staff.get(url)))
    if getattr(stored(obj), field) == "An earlier wording":
        return True
    # Published work is restored as its draft revision, beside the live version.
    revision = Revision.objects.of(obj).open().first()
    return revision is not None and revision.snapshot["fields"][field] == "An earlier wording"


def do_recover(obj, client, staff):
    pk = obj.pk
    type(obj)._default_manager.filter(pk=pk).delete()
    record = obj.history.filter(history_type="-").latest("history_date")
    client.post(admin_url(obj, "recover", record.history_id))
    return type(obj)._default_manager.filter(pk=pk).exists()


def do_import(obj, client, staff):
    model_admin = admin.site._registry[type(obj)]
    resource = model_admin.resource_classes[0]()
    dataset = resource.export(queryset=type(obj)._default_manager.filter(pk=obj.pk))
    field = IMPORTED_FIELD.get(obj._meta.label_lower, CHANGED_FIELD[obj._meta.label_lower])
    column = dataset.headers.index(field)
    row = list(dataset[0])
    row[column] = new_value(obj._meta.label_lower)
    dataset[0] = row
    upload = io.BytesIO(dataset.csv.encode())
    upload.name = "rows.csv"
    preview = client.post(
        admin_url(obj, "import"), {"format": "0", "import_file": upload, "resource": ""}
    )
    confirm = getattr(preview, "context", None) and preview.context.get("confirm_form")
    if confirm:
        data = {name: confirm[name].value() for name in confirm.fields}
        client.post(admin_url(obj, "process_import"), data)
    return getattr(stored(obj), field) == NEW_VALUE.get(
        obj._meta.label_lower, "Changed by the permission matrix"
    )


def do_export(obj, client, staff):
    response = client.get(admin_url(obj, "export"))
    return response.status_code == 200 and "form" in (response.context or {})


def list_action(name, target_status=None):
    def do(obj, client, staff):
        response = run_list_action(obj, client, name)
        if target_status == Status.PUBLISHED:
            confirmed(response, obj, client)
        if target_status is None:  # A download: the export's page, which waits for the worker.
            if response.status_code == 302 and "/export/" in response["Location"]:
                response = queue.download(client, response["Location"])
            return response.get("Content-Disposition", "").startswith("attachment")
        return stored(obj).status == target_status

    return do


def confirmed(response, obj, client):
    """An issue is published only through its confirmation page: confirm it where led there."""
    publish = admin_url(obj, "publish", obj.pk) if isinstance(obj, Issue) else None
    if publish and response.status_code == 302 and response["Location"] == publish:
        client.post(publish, {"publish_anyway": "1"})


def move(target_status):
    def do(obj, client, staff):
        response = client.post(admin_url(obj, "move", obj.pk, target_status))
        confirmed(response, obj, client)
        return stored(obj).status == target_status

    return do


def do_publish(obj, client, staff):
    client.post(admin_url(obj, "publish", obj.pk), {"publish_anyway": "1"})
    return stored(obj).status == Status.PUBLISHED


def do_desk_reorder(obj, client, staff):
    first = obj.articles.get()
    second = ArticleFactory(issue=obj, status=first.status)
    client.post(admin_url(obj, "desk_reorder", obj.pk), {"order": [second.pk, first.pk]})
    return list(obj.articles.order_by("position").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]


def do_revoke_previews(obj, client, staff):
    before = obj.preview_revocations
    client.post(admin_url(obj, "revoke_previews", obj.pk))
    return stored(obj).preview_revocations == before + 1


def do_export_file(obj, client, staff):
    response = queue.download(client, admin_url(obj, "export", obj.pk, "html"))
    return response.get("Content-Disposition", "").startswith("attachment")


def do_chooser(obj, client, staff):
    response = client.get(reverse("admin:newsletters_photo_chooser"))
    return response.status_code == 200 and f'data-photo-id="{obj.pk}"' in response.content.decode()


def do_figures(obj, client, staff):
    response = client.get(reverse("admin:newsletters_photo_figures"), {"id": obj.pk})
    return response.status_code == 200 and str(obj.pk) in response.json()["photos"]


def do_chooser_upload(obj, client, staff):
    before = type(obj)._default_manager.count()
    fields = {"alt_text": "A", "caption": "Uploaded by the matrix", "credit": "UN"}
    data = {f"chooser-{name}": value for name, value in fields.items()}
    data["chooser-image"] = SimpleUploadedFile("chosen.jpg", jpeg())
    client.post(reverse("admin:newsletters_photo_chooser_upload"), data)
    return type(obj)._default_manager.count() == before + 1


def do_bulk_upload(obj, client, staff):
    before = type(obj)._default_manager.count()
    files = [SimpleUploadedFile("one.jpg", jpeg()), SimpleUploadedFile("two.jpg", jpeg())]
    client.post(reverse("admin:newsletters_photo_bulk_upload"), {"images": files})
    return type(obj)._default_manager.count() == before + 2


def do_bulk_texts(obj, client, staff):
    url = f"{reverse('admin:newsletters_photo_bulk_texts')}?ids={obj.pk}"
    data = {"form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 1, "form-0-id": obj.pk}
    for name in ("caption", "credit", "alt_text", "place"):
        data[f"form-0-{name}"] = getattr(obj, name)
    data["form-0-caption"] = new_value("newsletters.photo")
    client.post(url, data)
    return stored(obj).caption == new_value("newsletters.photo")


ACTIONS = {
    "add": do_add,
    "change": do_change,
    "delete": do_delete,
    "bulk_delete": do_bulk_delete,
    "restore": do_restore,
    "recover": do_recover,
    "import": do_import,
    "export": do_export,
    "submit_for_review": list_action("submit_for_review", Status.REVIEW),
    "send_back_to_draft": list_action("send_back_to_draft", Status.DRAFT),
    "publish_articles": list_action("publish_articles", Status.PUBLISHED),
    "unpublish_articles": list_action("unpublish_articles", Status.DRAFT),
    "publish_issues": list_action("publish_issues", Status.PUBLISHED),
    "unpublish_issues": list_action("unpublish_issues", Status.DRAFT),
    "download_pdf": list_action("download_pdf"),
    "download_html": list_action("download_html"),
    "move:draft": move(Status.DRAFT),
    "move:review": move(Status.REVIEW),
    "move:published": move(Status.PUBLISHED),
    "revoke_previews": do_revoke_previews,
    "publish": do_publish,
    "desk_reorder": do_desk_reorder,
    "export_file": do_export_file,
    "chooser": do_chooser,
    "chooser_upload": do_chooser_upload,
    "figures": do_figures,
    "bulk_upload": do_bulk_upload,
    "bulk_texts": do_bulk_texts,
}


def cases():
    for (label, action), rule in SPEC.items():
        for state in STATES:
            least = (
                rule.get(state) if isinstance(rule, dict) else (rule if state == "draft" else None)
            )
            if least is None:
                continue  # Not a move from this state (already there), or state does not matter.
            for role in ROLES:
                allowed = least != NOBODY and RANK[role] >= RANK[least]
                yield pytest.param(
                    label, action, state, role, allowed, id=f"{label}-{action}-{state}-{role}"
                )


@pytest.fixture
def staff():
    """A superuser's browser, to read the forms the acting user would be shown."""
    staff = Client()
    staff.force_login(UserFactory(is_superuser=True))
    return staff


@pytest.mark.parametrize(("label", "action", "state", "role", "allowed"), list(cases()))
def test_permission_matrix(client, staff, label, action, state, role, allowed):
    obj = MAKERS[label](state)
    assert ACTIONS[action](obj, client_as(client, role), staff) is allowed


def available_actions(model_admin):
    """What the admin offers on a model, named as in SPEC."""
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    names = {"add", "change", "delete"}
    for action in model_admin.get_actions(request):
        names.add(
            {"delete_selected": "bulk_delete", "export_admin_action": "export"}.get(action, action)
        )
    urls = {pattern.name for pattern in model_admin.get_urls() if pattern.name}
    info = f"{model_admin.opts.app_label}_{model_admin.opts.model_name}"
    for suffix, name in [
        ("simple_history", "restore"),
        ("recover", "recover"),
        ("import", "import"),
        ("revoke_previews", "revoke_previews"),
        ("chooser", "chooser"),
        ("chooser_upload", "chooser_upload"),
        ("figures", "figures"),
        ("bulk_upload", "bulk_upload"),
        ("bulk_texts", "bulk_texts"),
        ("publish", "publish"),
        ("desk_reorder", "desk_reorder"),
    ]:
        if f"{info}_{suffix}" in urls:
            names.add(name)
    for pattern in model_admin.get_urls():
        if pattern.name == f"{info}_export":
            # django-import-export's export page, or an issue's export as a file.
            names.add("export_file" if "<str:fmt>" in str(pattern.pattern) else "export")
    if f"{info}_move" in urls:
        names.update({"move:draft", "move:review", "move:published"})
    if any(
        pattern.pattern.describe().find("export/<str:fmt>") >= 0
        for pattern in model_admin.get_urls()
    ):
        names.add("export_file")
    return names


def test_the_spec_covers_every_model_and_action():
    missing = []
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in COVERED_ELSEWHERE:
            continue
        for action in available_actions(model_admin):
            if (label, action) not in SPEC:
                missing.append(f"{label}: {action}")
    assert missing == [], "Give these a row in tests/security/matrix_spec.py"


def test_every_spec_row_names_a_real_action():
    registered = {model._meta.label_lower: ma for model, ma in admin.site._registry.items()}
    for label, action in SPEC:
        assert action in available_actions(registered[label]), (label, action)
        assert action in ACTIONS, action


@pytest.mark.parametrize("role", ["contributor", "editor", "publisher"])
def test_sign_in_throttling_records_are_for_superusers_only(client, role):
    client_as(client, role)
    for label in sorted(label for label in COVERED_ELSEWHERE if label.startswith("axes.")):
        app_label, model_name = label.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        assert client.get(url).status_code == 403, url
