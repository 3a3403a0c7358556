"""Back up the database content and media to one archive, and restore it on a fresh install.

Generic over the installed apps, so it imports none of them. The archive (tar.gz) holds:

- ``manifest.json``: format, date, the code's version and migrations, rows per model, and the
  SHA-256 of every other member;
- ``data/NNN-app.model.json``: one fixture per model, loaded by ``loaddata``;
- ``media/<name>``: every file in the default storage (local folder or S3 bucket).

Rows keep their primary keys, so history records and who-did-what stay linked, even to rows since
deleted. Only references to rows that ``migrate`` creates itself (content types, permissions, the
role groups) are written as natural keys, so they meet the rows of the new database.
"""

import datetime
import hashlib
import io
import json
import os
import posixpath
import tarfile
import tempfile
import tomllib
import zlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import audit
from .health import PROBE_FOLDER

FORMAT = "unlops-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024

# Recreated by `migrate` (content types, permissions), or not worth keeping (sessions,
# sign-in attempts, which a restore must not replay as lockouts).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission"}
# Rows `migrate` creates too: matched by natural key, so a restore updates them.
MATCHED_BY_NATURAL_KEY = {"auth.group"}
# References to these are written as natural keys (their primary keys differ between databases).
NATURAL_TARGETS = {ContentType, Permission, Group}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the person running it."""


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def app_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as fh:
            return tomllib.load(fh)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def backed_up_models():
    """Every concrete model whose rows the backup holds, each before the ones that need it."""
    app_list = []
    for app_config in apps.get_app_configs():
        if app_config.label in EXCLUDED_APPS:
            continue
        models = [
            model
            for model in app_config.get_models()
            if model._meta.label_lower not in EXCLUDED_MODELS
            and model._meta.managed
            and not model._meta.proxy
            and not model._meta.swapped
        ]
        if models:
            app_list.append((app_config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _refers_to_natural_targets(model):
    fields = [*model._meta.fields, *model._meta.many_to_many]
    return any(
        field.remote_field and field.remote_field.model in NATURAL_TARGETS for field in fields
    )


def applied_migrations(using=DEFAULT_DB_ALIAS):
    loader = MigrationLoader(connections[using])
    return sorted(f"{app}.{name}" for app, name in loader.applied_migrations)


def _walk(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for directory in sorted(directories):
        if not folder and directory == PROBE_FOLDER:
            continue  # the health check's probe files, each gone a moment after it is written
        yield from _walk(storage, posixpath.join(folder, directory) if folder else directory)


def media_files(storage=None):
    storage = storage or default_storage
    try:
        return list(_walk(storage))
    except FileNotFoundError:  # a local media folder not created yet
        return []


class _Hashing:
    """A file wrapper that hashes what is read through it."""

    def __init__(self, fh):
        self.fh, self.digest = fh, hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.digest.update(data)
        return data

    def hexdigest(self):
        return self.digest.hexdigest()


def _add(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def create_backup(output, *, using=DEFAULT_DB_ALIAS):
    """Write the archive to ``output`` (a path); return the manifest."""
    output = Path(output)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "app_version": app_version(),
        "database_vendor": connections[using].vendor,
        "migrations": applied_migrations(using),
        "models": {},
        "files": {},
        "media": {},
    }
    partial = output.with_name(f".{output.name}.partial")
    try:
        # One transaction, so every fixture sees the same moment.
        with transaction.atomic(using=using), tarfile.open(partial, "w:gz") as tar:
            _snapshot(using)
            for index, model in enumerate(backed_up_models(), start=1):
                label = model._meta.label_lower
                natural_primary = label in MATCHED_BY_NATURAL_KEY
                queryset = model._default_manager.using(using).order_by("pk")
                data = serializers.serialize(
                    "json",
                    queryset.iterator(chunk_size=500),
                    use_natural_foreign_keys=natural_primary or _refers_to_natural_targets(model),
                    use_natural_primary_keys=natural_primary,
                ).encode()
                manifest["models"][label] = count = queryset.count()
                if count:  # loaddata warns about an empty fixture
                    member = f"data/{index:03d}-{label}.json"
                    _add(tar, member, data)
                    manifest["files"][member] = _sha256(data)
            for name in media_files():
                info = tarfile.TarInfo(f"media/{name}")
                info.size, info.mode = default_storage.size(name), 0o644
                info.mtime = int(timezone.now().timestamp())
                with default_storage.open(name, "rb") as fh:
                    source = _Hashing(fh)
                    tar.addfile(info, source)
                manifest["media"][name] = {"sha256": source.hexdigest(), "size": info.size}
            _add(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def _snapshot(using):
    connection = connections[using]
    # READ COMMITTED would let a save made during the backup show in some tables and not others.
    if connection.vendor == "postgresql" and len(connection.atomic_blocks) == 1:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


def _safe_name(name):
    parts = name.split("/")
    return bool(name) and not name.startswith("/") and ".." not in parts and "" not in parts


def _unpack(path, workdir):
    """Copy every regular file of the archive under ``workdir``; return their SHA-256 by name."""
    digests = {}
    with tarfile.open(path, "r:gz") as tar:
        for member in tar:
            if not member.isfile() or not _safe_name(member.name):
                continue  # a link or an unsafe name: not ours, and missing from what is checked
            target = Path(workdir) / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with tar.extractfile(member) as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            digests[member.name] = digest.hexdigest()
    return digests


def read_archive(path, workdir):
    """Unpack ``path`` into ``workdir`` and check it against its manifest; return the manifest.

    Nothing in the database or the storage changes here: a damaged or foreign file stops the
    restore before it starts.
    """
    try:
        digests = _unpack(path, workdir)
    except FileNotFoundError as error:
        raise BackupError(f"No such file: {path}.") from error
    except (tarfile.TarError, OSError, EOFError, zlib.error) as error:
        raise BackupError(f"{path} is not a backup archive (a .tar.gz): {error}.") from error

    try:
        manifest = json.loads((Path(workdir) / MANIFEST).read_bytes())
        ok = MANIFEST in digests and manifest.get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        ok = False
    if not ok:
        raise BackupError(f"{path} is not a backup made by `manage.py backup` (no manifest).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a backup of format version {manifest.get('format_version')}; "
            f"this version of the site reads version {FORMAT_VERSION}."
        )

    expected = dict(manifest["files"])
    expected.update({f"media/{name}": entry["sha256"] for name, entry in manifest["media"].items()})
    damaged = [
        member
        for member, digest in expected.items()
        if not (member.startswith(("data/", "media/")) and digests.get(member) == digest)
    ]
    if damaged:
        listed = ", ".join(damaged[:5]) + (" …" if len(damaged) > 5 else "")
        raise BackupError(
            f"{path} is damaged: {len(damaged)} file(s) missing or not matching the manifest "
            f"({listed}). Nothing was restored."
        )
    return manifest


def existing_content(using=DEFAULT_DB_ALIAS):
    """What the database and media already hold, beyond what `migrate` creates itself."""
    found = {}
    for model in backed_up_models():
        label = model._meta.label_lower
        if label in MATCHED_BY_NATURAL_KEY:
            continue
        count = model._default_manager.using(using).count()
        if count:
            found[label] = count
    media = len(media_files())
    if media:
        found["media files"] = media
    return found


def _check_migrations(manifest, using):
    loader = MigrationLoader(connections[using])
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    installed = {config.label for config in apps.get_app_configs()}
    unknown = sorted(
        migration
        for migration in set(manifest["migrations"]) - known
        if migration.split(".")[0] in installed  # an app removed since has no say
    )
    if unknown:
        raise BackupError(
            "The backup was made by a newer version of the site (migrations unknown here: "
            f"{', '.join(unknown[:5])}). Update the code first."
        )
    applied = {f"{app}.{name}" for app, name in loader.applied_migrations}
    if known - applied:
        raise BackupError("The database is not fully migrated: run `manage.py migrate` first.")


def restore_backup(path, *, force=False, using=DEFAULT_DB_ALIAS, log=None):
    """Bring back the database content and media from the archive at ``path``.

    Refuses a database or storage that already holds content unless ``force``; then the database
    is flushed first and media files absent from the backup are deleted at the end. The data load
    is one transaction: if anything fails, the database is left as it was.
    """
    log = log or (lambda message: None)
    with tempfile.TemporaryDirectory(prefix="unlops-restore-") as workdir:
        manifest = read_archive(path, workdir)
        _check_migrations(manifest, using)
        found = existing_content(using)
        if found and not force:
            raise _already_has_content(found)
        fixtures = [str(Path(workdir) / member) for member in sorted(manifest["files"])]
        written = []
        try:
            # The audit trail comes back as the backup holds it: loading records nothing.
            with transaction.atomic(using=using), audit.suppressed():
                if force and found:
                    log("Erasing the current database content…")
                    # Rows a caller's open transaction wrote must pass their deferred checks
                    # first: PostgreSQL refuses to TRUNCATE a table with pending trigger events.
                    connections[using].check_constraints()
                    call_command("flush", interactive=False, database=using, verbosity=0)
                log(f"Loading {sum(manifest['models'].values())} rows…")
                call_command("loaddata", *fixtures, database=using, verbosity=0)
                _check_counts(manifest, using)
                log(f"Writing {len(manifest['media'])} media files…")
                _write_media(manifest, workdir, written)
        except BackupError:
            _forget_files(written)
            raise
        except Exception as error:
            _forget_files(written)
            raise BackupError(f"The restore failed and changed nothing: {error}") from error
        finally:
            # Content types created and rolled back (by a flush) must not linger in the cache.
            ContentType.objects.clear_cache()
    if force:
        for name in media_files():
            if name not in manifest["media"]:
                default_storage.delete(name)
    return manifest


def _already_has_content(found):
    media = found.pop("media files", 0)
    largest = sorted(found.items(), key=lambda item: -item[1])[:3]
    listed = ", ".join(f"{count} {label}" for label, count in largest)
    return BackupError(
        f"The site already has content: {sum(found.values())} rows ({listed}, …) and "
        f"{media} media files. Restore into a fresh, migrated database with empty "
        "media, or pass --force to erase the current content first."
    )


def _write_media(manifest, workdir, written):
    """Store the backup's media files, each read back and compared; ``written`` collects their
    names so that a failed restore can delete them."""
    for name, entry in manifest["media"].items():
        if default_storage.exists(name):
            default_storage.delete(name)
        with open(Path(workdir) / "media" / name, "rb") as fh:
            stored = default_storage.save(name, File(fh, name=name))
        written.append(stored)
        if stored != name:
            raise BackupError(f"The storage renamed {name} to {stored}.")
        with default_storage.open(name, "rb") as fh:
            digest = hashlib.sha256()
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != entry["sha256"]:
            raise BackupError(f"{name} reads back differently from the backup.")


def _forget_files(written):
    for name in written:
        default_storage.delete(name)


def _check_counts(manifest, using):
    wrong = []
    for label, expected in manifest["models"].items():
        try:
            model = apps.get_model(label)
        except LookupError:
            wrong.append(f"{label} (unknown here)")
            continue
        count = model._default_manager.using(using).count()
        # Rows matched by natural key may meet rows the new database had already.
        if count != expected and not (label in MATCHED_BY_NATURAL_KEY and count >= expected):
            wrong.append(f"{label}: {count} instead of {expected}")
    if wrong:
        raise BackupError("The loaded rows do not match the manifest: " + "; ".join(wrong))


def default_backup_name():
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"unlops-backup-{stamp}.tar.gz"
