"""Backup and restore: a round trip loses nothing; a bad archive changes nothing."""

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

import factory
import pytest
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from events.models import Event
from newsletters.models import Article, Issue, Photo
from people.models import Person
from tests.factories import (
    AppointmentFactory,
    ArticleFactory,
    ArticlePhotoFactory,
    IssueFactory,
    ParticipationFactory,
    PersonFactory,
    PhotoPersonFactory,
    TopicFactory,
    UserFactory,
)
from unlops.backup import backed_up_models, media_files


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _forget_content_types():
    """A flush makes content types anew inside the test's transaction, which then rolls back."""
    yield
    ContentType.objects.clear_cache()


def flush():
    # PostgreSQL truncates no table with deferred checks pending in the same transaction.
    connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def model_counts():
    return {m._meta.label_lower: m._default_manager.count() for m in backed_up_models()}


def media_digests():
    digests = {}
    for name in media_files():
        with default_storage.open(name, "rb") as fh:
            digests[name] = hashlib.sha256(fh.read()).hexdigest()
    return digests


def texts():
    return {
        "bodies": sorted(Article.objects.values_list("slug", "body", "standfirst")),
        "people": sorted(Person.objects.values_list("slug", "name", "sort_name", "biography")),
        "captions": sorted(Photo.objects.values_list("image", "caption", "credit")),
        "users": sorted(
            User.objects.values_list("username", "first_name", "last_name", "password")
        ),
        "memberships": sorted(User.objects.values_list("username", "groups__name")),
        "history": sorted(
            Article.history.values_list("id", "history_type", "title", "history_user__username")
        ),
        "deleted_people": sorted(Person.history.filter(history_type="-").values_list("id", "name")),
        "status_changed_by": sorted(
            Issue.objects.values_list("slug", "status_changed_by__username")
        ),
    }


@pytest.fixture
def content(db):
    """Every kind of row the office keeps, with diacritics, images and history."""
    editor = UserFactory(username="zoe", first_name="Zoë", last_name="Ægidius", role="Editor")
    publisher = UserFactory(role="Publisher")
    lacroix = PersonFactory(
        name="Ivan Šimonović",
        biography="Assistant Secretary-General for Human Rights — “Šibenik” born.",
        portrait=factory.django.ImageField(filename="simonovic.png", format="PNG", color="teal"),
    )
    AppointmentFactory(person=lacroix)
    ParticipationFactory(person=lacroix)
    issue = IssueFactory(published=True, status_changed_by=publisher)
    for article in ArticleFactory.create_batch(2, published=True, issue=issue):
        use = ArticlePhotoFactory(article=article)
        PhotoPersonFactory(photo=use.photo, person=lacroix)
        article.topics.add(TopicFactory())
        article.people.add(lacroix)
    article = Article.objects.first()
    article.body = "<p>Jean-Pierre Lacroix a rencontré Federica Mogherini à Bruxelles.</p>"
    article._history_user = editor
    article.save()
    gone = PersonFactory(name="Hervé Ladsous")
    gone.delete()  # its history outlives it and must survive the round trip
    return {"editor": editor}


def test_backup_and_restore_round_trip_loses_nothing(content, tmp_path, settings):
    before = (model_counts(), texts(), media_digests())
    assert len(before[2]) == 3 and any(name.startswith("people/") for name in before[2])
    archive = tmp_path / "site.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())
    flush()
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not User.objects.exists() and not media_files()
    assert Group.objects.count() == 3  # `migrate` made the role groups again

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out, stderr=io.StringIO())

    assert "every media file matches" in out.getvalue()
    assert (model_counts(), texts(), media_digests()) == before
    assert Group.objects.count() == 3
    editor = User.objects.get(username="zoe")
    assert editor.check_password("unlops-test-password")
    assert editor.has_perm("newsletters.review_article")
    assert Event.objects.get().participations.get().person.name == "Ivan Šimonović"


def test_restore_refuses_a_site_with_content_unless_forced(content, tmp_path):
    archive = tmp_path / "site.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    before = model_counts()

    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive))

    ArticleFactory(title="Written after the backup")
    call_command("restore", str(archive), force=True, stdout=io.StringIO(), stderr=io.StringIO())
    assert model_counts() == before
    assert not Article.objects.filter(title="Written after the backup").exists()


def rewrite_archive(source, target, change):
    """Copy the archive, letting ``change(name, data)`` replace a member's bytes."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for member in old:
            data = change(member.name, old.extractfile(member).read())
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


@pytest.fixture
def archive(content, tmp_path):
    path = tmp_path / "site.tar.gz"
    call_command("backup", output=str(path), stdout=io.StringIO())
    return path


def damage_a_portrait(name, data):
    return data[:-10] + b"0" * 10 if name.startswith("media/people/") else data


def claim_a_newer_version(name, data):
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"].append("newsletters.9999_from_the_future")
    return json.dumps(manifest).encode()


def archive_escaping_its_folder(path, good):
    """A valid archive plus a media file whose name climbs out of the media folder."""
    payload = b"written outside"
    rewrite_archive(good, path, claim_a_file_outside(payload))
    with tarfile.open(path, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar]
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo("media/../../outside.txt")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
        for member, data in members:
            tar.addfile(member, io.BytesIO(data))


def claim_a_file_outside(payload):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        digest = hashlib.sha256(payload).hexdigest()
        manifest["media"]["../../outside.txt"] = {"sha256": digest, "size": len(payload)}
        return json.dumps(manifest).encode()

    return change


def foreign_archive(path):
    with tarfile.open(path, "w:gz") as tar:
        data = json.dumps([{"model": "auth.user", "fields": {"username": "intruder"}}]).encode()
        info = tarfile.TarInfo("data.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path, good: rewrite_archive(good, path, damage_a_portrait), "damaged.*people/"),
        (lambda path, good: path.write_bytes(b"not an archive"), "not a backup archive"),
        (lambda path, good: path.write_bytes(good.read_bytes()[:900]), "not a backup archive"),
        (lambda path, good: foreign_archive(path), "not a backup made by"),
        (lambda path, good: rewrite_archive(good, path, claim_a_newer_version), "newer version"),
        (lambda path, good: None, "No such file"),
        (archive_escaping_its_folder, r"damaged.*media/\.\./\.\./outside\.txt"),
    ],
    ids=[
        "damaged-media",
        "garbage",
        "truncated",
        "foreign",
        "newer-version",
        "missing",
        "path-traversal",
    ],
)
def test_a_bad_archive_is_refused_and_changes_nothing(archive, tmp_path, make, message):
    """Checked before the content check, even with --force: nothing is erased for a bad file."""
    bad = tmp_path / "bad.tar.gz"
    make(bad, archive)
    before = (model_counts(), texts(), media_digests())
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), force=True)
    assert (model_counts(), texts(), media_digests()) == before
    assert not (tmp_path / "outside.txt").exists()
    assert not any(Path(tempfile.gettempdir()).glob("outside.txt"))


def test_a_load_that_fails_leaves_the_database_as_it_was(archive, tmp_path):
    """Even with --force: the flush is undone with the failed load."""
    before = (model_counts(), texts())
    with tarfile.open(archive, "r:gz") as tar:
        member = next(name for name in tar.getnames() if name.endswith("newsletters.article.json"))
        rows = json.loads(tar.extractfile(member).read())
    rows[0]["fields"]["issue"] = 987654  # no such issue
    broken = json.dumps(rows).encode()

    def break_articles(name, data):
        if name == member:
            return broken
        if name == "manifest.json":  # consistent, so only the load itself can fail
            manifest = json.loads(data)
            manifest["files"][member] = hashlib.sha256(broken).hexdigest()
            return json.dumps(manifest).encode()
        return data

    bad = tmp_path / "bad.tar.gz"
    rewrite_archive(archive, bad, break_articles)
    with pytest.raises(CommandError, match="changed nothing"):
        call_command("restore", str(bad), force=True, stderr=io.StringIO())
    assert (model_counts(), texts()) == before
