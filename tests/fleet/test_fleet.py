"""Two app servers (gunicorn, as `make serve` runs it) sharing one PostgreSQL database, one Redis
and one S3 bucket (moto's server), and nothing else: what one host does, the other serves.

Skipped, with the reason, only when PostgreSQL, Redis or moto cannot be reached or is not
installed. Every process it starts is stopped, and the database, Redis db and bucket it uses
are thrown away, even when it fails.
"""

import hashlib
import io
import re
from contextlib import ExitStack

import pytest
import requests
from PIL import Image

from tests.fleet.hosts import (
    BUCKET,
    Browser,
    app_servers,
    django_script,
    form_fields,
    host_env,
    manage,
    moto_server,
    on_disk,
    redis_db,
    throwaway_database,
)

pytestmark = pytest.mark.fleet

# The seed's facts (/work/shared/seed/facts.json): the new head of peacekeeping in Brussels.
SETUP = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from tests.factories import ArticleFactory, IssueFactory, UserFactory
from newsletters.preview import preview_url
UserFactory(username="fleet-publisher", role="Publisher")
issue = IssueFactory(published=True)
live = ArticleFactory(issue=issue, published=True, slug="lacroix-in-brussels")
draft_issue = IssueFactory(slug="next-issue")
draft = ArticleFactory(issue=draft_issue, slug="draft-on-mali", title="Draft on Mali")
print(json.dumps({
    "live": live.pk, "live_url": live.get_absolute_url(),
    "draft": draft.pk, "draft_issue_url": draft_issue.get_absolute_url(),
    "preview": preview_url(draft_issue), "preview_html": preview_url(draft_issue, "html"),
}))
"""

TERMS_CSV = (
    b"abbreviation,expansion,kind,organisation\nCSDP,Common Security and Defence Policy,policy,\n"
)
BACKUP_AND_WIPE = (
    "from django.core.management import call_command; "
    "call_command('backup', output={archive!r}); call_command('flush', interactive=False)"
)
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def jpeg(colour, size=(1000, 640)):
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def keys(s3):
    found = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return sorted(entry["Key"] for entry in found)


def s3_bytes(s3, key):
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def upload_photo(editor, caption, colour):
    response = editor.submit(
        "/admin/newsletters/photo/add/",
        "#photo_form",
        fields={
            "caption": caption,
            "credit": "UNLOPS",
            "alt_text": caption,
            "_continue": "1",
        },
        files={"image": ("brussels.jpg", jpeg(colour), "image/jpeg")},
    )
    return int(re.search(r"/photo/(\d+)/change/", response.headers["Location"])[1])


def edit_article(editor, pk, **fields):
    editor.submit(
        f"/admin/newsletters/article/{pk}/change/",
        "#article_form",
        fields={**fields, "_continue": "1"},
    )


def pictures(html):
    """The media addresses a page shows, in its src and srcset attributes."""
    return sorted(set(re.findall(r'(/media/[^"\s,]+)', html.replace("&amp;", "&"))))


@pytest.fixture
def fleet(tmp_path):
    """Database, Redis, S3 and two hosts; everything stopped and thrown away at the end."""
    with ExitStack() as stack:
        redis_url, redis = stack.enter_context(redis_db())
        database = stack.enter_context(throwaway_database())
        endpoint, s3 = stack.enter_context(moto_server(tmp_path))
        shared = {"database": database, "redis_url": redis_url, "endpoint": endpoint}
        setup = host_env(tmp_path / "setup", **shared)
        made = django_script(setup, SETUP, timeout=180)
        a, b = stack.enter_context(app_servers(tmp_path / "a", tmp_path / "b", **shared))
        yield {
            "a": a,
            "b": b,
            "a_env": host_env(tmp_path / "a", **shared),
            "s3": s3,
            "endpoint": endpoint,
            "redis": redis,
            "made": made,
            "folders": [tmp_path / "a", tmp_path / "b"],
            "tmp": tmp_path,
        }


def test_two_hosts_serve_one_site(fleet):
    s3, made = fleet["s3"], fleet["made"]
    editor = Browser(fleet["a"])
    editor.sign_in("fleet-publisher")
    reader = Browser(fleet["b"])

    # (a) A photo uploaded through host A, shown by a published article, is served by host B.
    photo = upload_photo(editor, "Jean-Pierre Lacroix in Brussels", (30, 90, 160))
    edit_article(
        editor,
        made["live"],
        **{"article_photos-0-photo": str(photo), "article_photos-0-placement": "full"},
    )
    page = reader.get(made["live_url"])
    assert page.status_code == 200
    shown = [name for name in pictures(page.text) if name.startswith("/media/renditions/")]
    assert shown, "the article page on host B shows no rendition of the photo"
    for address in shown:
        picture = reader.get(address)
        assert picture.status_code == 200, address
        assert not picture.history, "streamed by host B, not a redirect to the bucket"
        assert picture.headers["Content-Type"].startswith("image/")
        assert picture.content == s3_bytes(s3, address.removeprefix("/media/"))
    assert on_disk(fleet["folders"][0]) == on_disk(fleet["folders"][1]) == []

    # (b) An edit through A is seen through B at once, though B had the page in the cache.
    assert reader.get(made["live_url"]).status_code == 200
    cached = hashlib.md5(f"{fleet['b']}{made['live_url']}".encode()).hexdigest()  # unlops.cache
    assert fleet["redis"].keys(f"*unlops:page:*:{cached}"), "B kept no page in the shared Redis"
    edit_article(
        editor, made["live"], standfirst="Lacroix briefs the Political and Security Committee."
    )
    assert "Political and Security Committee" in reader.get(made["live_url"]).text

    check_private_files(fleet, editor, reader)
    check_backup_and_restore(fleet, reader, shown)

    # (b) Unpublished through A: B answers 404 at once, for the page and its pictures. (The
    # restore left no session behind: sessions are not backed up.)
    editor.sign_in("fleet-publisher")
    editor.submit(
        "/admin/newsletters/article/",
        "#changelist-form",
        fields={
            "action": "unpublish_articles",
            "_selected_action": str(made["live"]),
        },
    )
    assert reader.get(made["live_url"]).status_code == 404
    for address in shown:
        assert reader.get(address).status_code == 404, address
    # Nothing of the site's files was kept on either host's disk: all went to the bucket.
    assert on_disk(fleet["folders"][0]) == on_disk(fleet["folders"][1]) == []


def check_private_files(fleet, editor, reader):
    """(c) A draft's photo, a preview's export, an import's file: private in the bucket too."""
    s3, made, b = fleet["s3"], fleet["made"], fleet["b"]
    photo = upload_photo(editor, "Briefing on Mali", (160, 40, 40))
    edit_article(
        editor,
        made["draft"],
        **{"article_photos-0-photo": str(photo), "article_photos-0-placement": "full"},
    )
    # The preview link opens the draft, with its pictures under a grant; nothing else does.
    preview = reader.get(made["preview"])
    assert preview.status_code == 200
    draft_pictures = [name for name in pictures(preview.text) if "grant=" in name]
    assert draft_pictures, "the preview shows no picture of the draft"
    for address in draft_pictures:
        assert reader.get(address).status_code == 200, address
        assert reader.get(address.split("?")[0]).status_code == 404, address
    assert reader.get(made["draft_issue_url"]).status_code == 404
    # No host builds an export on a request: B says it is being prepared, a worker (a third
    # process, with A's settings) builds it into the bucket, and B then serves it.
    export = reader.get(made["preview_html"])
    assert export.status_code == 503 and b"being prepared" in export.content
    worker = ("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload")
    manage(fleet["a_env"], *worker)
    export = reader.get(made["preview_html"])
    assert export.status_code == 200 and b"Draft on Mali" in export.content

    # An import waits between preview (on A) and confirm (on B) in the bucket.
    previewed = editor.submit(
        "/admin/newsletters/term/import/",
        "=",
        fields={"format": "0", "resource": "0"},
        files={"import_file": ("terms.csv", TERMS_CSV, "text/csv")},
        expect=200,
    )
    confirm = form_fields(previewed.text, "process_import")
    assert confirm, "no confirm form after the import's preview"

    stored = keys(s3)
    originals = [key for key in stored if key.startswith("photos/")]
    exports = [key for key in stored if key.startswith("exports/")]
    imports = [key for key in stored if key.startswith("import-tmp/")]
    assert len(originals) == 2 and exports and len(imports) == 1, stored
    for key in stored:
        grants = s3.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
        assert not {grant["Grantee"].get("URI") for grant in grants} & PUBLIC_GRANTEES, key
        assert anonymous_get(fleet, key) == 403, key
    # The check can fail: a public object is read by anyone.
    s3.put_object(Bucket=BUCKET, Key="control.txt", Body=b"public", ACL="public-read")
    assert anonymous_get(fleet, "control.txt") == 200
    s3.delete_object(Bucket=BUCKET, Key="control.txt")

    # Through the site, no one gets them but by the app's checks.
    for key in [*originals, *exports, *imports]:
        assert reader.get(f"/media/{key}").status_code == 404, key

    colleague = Browser(b)
    colleague.sign_in("fleet-publisher")
    for key in exports + imports:
        assert colleague.get(f"/media/{key}").status_code == 404, key
    colleague.post("/admin/newsletters/term/process_import/", confirm)
    assert "CSDP" in colleague.get("/admin/newsletters/term/?q=CSDP").text
    assert not [key for key in keys(s3) if key.startswith("import-tmp/")]


def anonymous_get(fleet, key):
    return requests.get(f"{fleet['endpoint']}/{BUCKET}/{key}", timeout=10).status_code


def check_backup_and_restore(fleet, reader, shown):
    """(d) A backup made with one host's settings brings back database and bucket."""
    s3, made, env = fleet["s3"], fleet["made"], fleet["a_env"]
    archive = fleet["tmp"] / "backup.tar.gz"
    before = {key: s3_bytes(s3, key) for key in keys(s3)}
    # The backup, then the database wiped, as a new server would find it.
    manage(env, "shell", "-c", BACKUP_AND_WIPE.format(archive=str(archive)))
    for key in keys(s3):
        s3.delete_object(Bucket=BUCKET, Key=key)
    fleet["redis"].flushdb()
    assert reader.get(made["live_url"]).status_code == 404
    assert reader.get(shown[0]).status_code == 404

    manage(env, "restore", str(archive))
    assert {key: s3_bytes(s3, key) for key in keys(s3)} == before
    page = reader.get(made["live_url"])
    assert page.status_code == 200 and "Political and Security Committee" in page.text
    for address in shown:
        picture = reader.get(address)
        assert picture.status_code == 200, address
        assert picture.content == before[address.removeprefix("/media/")]
