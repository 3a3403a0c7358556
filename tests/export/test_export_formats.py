"""The format registry: every format complete, and every list of formats read from it."""

import dataclasses

import pytest
from django.contrib.admin.sites import site
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.management import call_command
from django.template.loader import get_template
from django.urls import reverse

from newsletters.export import formats
from newsletters.export.documents import FONT_TYPES
from newsletters.export.formats import ExportError, ExportFormat, ImageProfile
from newsletters.management.commands.export_issue import Command
from newsletters.models import Issue
from newsletters.preview import make_token, read_token
from tests.factories import UserFactory

ENTRIES = [pytest.param(entry, id=str(entry)) for entry in formats.FORMATS]


@pytest.mark.parametrize("entry", ENTRIES)
def test_every_format_is_complete(entry):
    for name in ("key", "label", "description", "template", "extension", "mime_type"):
        assert str(getattr(entry, name)).strip(), name
    assert get_template(entry.template)
    assert entry.stylesheet is None or finders.find(entry.stylesheet)
    assert entry.font_files is None or entry.font_files in FONT_TYPES
    assert isinstance(entry.profile, ImageProfile)
    assert min(entry.profile.full, entry.profile.inset, entry.profile.cover) > 0
    assert 1 <= entry.profile.quality <= 95
    assert entry.pdf_variant is None or entry.laid_out
    assert not entry.public_link or entry.public
    # Preview links carry no ?variant=: they offer the plain formats only.
    assert not (entry.variant and entry.preview_label)


def test_keys_and_variants_are_unique_and_each_variant_has_its_format():
    pairs = [(entry.key, entry.variant) for entry in formats.FORMATS]
    assert len(pairs) == len(set(pairs))
    for key, variant in pairs:
        assert (key, "") in pairs
        assert formats.get(key, variant).variant == variant


def test_unknown_formats_and_variants_are_refused():
    with pytest.raises(ExportError, match="Unknown format 'docx': choose from pdf, html, email"):
        formats.get("docx")
    with pytest.raises(ExportError, match="Unknown variant 'ua' for html: PDF takes 'ua' or 'a'"):
        formats.get("html", "ua")


def test_the_command_offers_the_registry():
    parser = Command().create_parser("manage.py", "export_issue")
    options = {action.dest: action for action in parser._actions}
    assert options["fmt"].choices == sorted(formats.keys())
    assert options["variant"].choices == formats.variants()


def test_the_admin_offers_the_registry(rf, export_issue):
    issue = export_issue[0]
    model_admin = site._registry[Issue]
    urls = [url for _label, url, _description in model_admin.export_links(issue)]
    assert urls == [
        reverse("admin:newsletters_issue_export", args=[issue.pk, entry.key]) + entry.query_string
        for entry in formats.FORMATS
    ]
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True)
    actions = {name for name in model_admin.get_actions(request) if name.startswith("download")}
    assert actions == {entry.action_name for entry in formats.admin_actions()}


def test_previews_offer_the_registry(export_issue):
    link = read_token(make_token(export_issue[0]))
    assert [label for label, _url in link.downloads()] == [
        entry.preview_label for entry in formats.previews()
    ]


def test_the_issue_page_links_the_registry(client, export_issue):
    issue = export_issue[0]
    cache.clear()
    page = client.get(issue.get_absolute_url()).content.decode()
    for entry in formats.public_links():
        url = reverse("newsletters:issue-download", args=[issue.slug, entry.key])
        assert f'href="{url}{entry.query_string}">{entry.public_link}</a>' in page


# Adding a format is a change in one place: an entry in the registry (and its own template).

TEXT = ExportFormat(
    key="text",
    label="Plain text",
    description="The issue as plain text",
    template="newsletters/export/plain.txt",
    extension="txt",
    mime_type="text/plain; charset=utf-8",
    profile=dataclasses.replace(formats.get("email").profile),
    public=True,
    public_link="Plain text",
    preview_label="Plain text preview",
    admin_action=True,
)
TEMPLATE = (
    "{{ issue.title }}\n{% for block in content.blocks %}\n{{ block.article.title }}\n{% endfor %}"
)


@pytest.fixture
def text_format(monkeypatch, settings, tmp_path):
    (tmp_path / "newsletters" / "export").mkdir(parents=True)
    (tmp_path / TEXT.template).write_text(TEMPLATE)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, TEXT))
    cache.clear()
    return TEXT


def body(response):
    return b"".join(response.streaming_content).decode()


def test_a_new_format_is_offered_everywhere(client, export_issue, text_format, tmp_path, download):
    issue, articles, _ = export_issue
    # The command.
    output = tmp_path / "issue.txt"
    call_command("export_issue", issue.slug, "--format", "text", "-o", str(output), verbosity=0)
    assert articles[0].title in output.read_text()
    # The public download and the issue page's link to it.
    download_url = reverse("newsletters:issue-download", args=[issue.slug, "text"])
    response = download(client, download_url)
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].endswith('-newsletter-issue-export.txt"')
    assert articles[0].title in body(response)
    assert (
        f'href="{download_url}">Plain text</a>'
        in client.get(issue.get_absolute_url()).content.decode()
    )
    # The admin: a button on the issue's page and an action on the list.
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_issue"))
    client.force_login(viewer)
    button = reverse("admin:newsletters_issue_export", args=[issue.pk, "text"])
    change = reverse("admin:newsletters_issue_change", args=[issue.pk])
    assert f'href="{button}"' in client.get(change).content.decode()
    assert articles[0].title in body(download(client, button))
    changelist = client.get(reverse("admin:newsletters_issue_changelist")).content.decode()
    assert "Download as Plain text, drafts included" in changelist
    response = client.post(
        reverse("admin:newsletters_issue_changelist"),
        {"action": "download_text", "_selected_action": [issue.pk]},
    )
    assert response["Location"] == button
    response = download(client, button)
    assert response["Content-Disposition"].endswith('-issue-export-preview.txt"')
    # A preview link.
    link = read_token(make_token(issue))
    assert ("Plain text preview", link.download_url(TEXT)) in link.downloads()
    client.logout()
    assert articles[0].title in body(download(client, link.download_url(TEXT)))


def test_a_format_the_public_may_not_download(client, export_issue, text_format, monkeypatch):
    private = dataclasses.replace(TEXT, public=False, public_link="")
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS[:-1], private))
    issue = export_issue[0]
    download = reverse("newsletters:issue-download", args=[issue.slug, "text"])
    assert client.get(download).status_code == 404
    assert download not in client.get(issue.get_absolute_url()).content.decode()
