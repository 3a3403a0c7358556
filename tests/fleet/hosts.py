"""The parts of a fleet the fleet test starts and stops: an S3 server, a database, app servers.

Everything listens on 127.0.0.1 at a free port and is stopped by the test, even when it fails.
The servers' logs (moto.log, a/gunicorn.log, b/gunicorn.log) stay in the test's tmp_path.
"""

import json
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path

import boto3
import psycopg
import pytest
import redis
import requests

from tests.settings_process import ROOT, clean_env

POSTGRES = "postgres://unlops:unlops@127.0.0.1:5432"
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 13  # The fleet test's own: it empties this one only.
BUCKET = "unlops-fleet"
PASSWORD = "unlops-test-password"  # tests/factories/accounts.py


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(url, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{url} stopped at start (exit {process.returncode}):\n{tail(log)}")
        try:
            requests.get(url, timeout=10, allow_redirects=False)
            return
        except requests.RequestException:
            time.sleep(0.2)
    pytest.fail(f"{url} did not answer within {timeout} s:\n{tail(log)}")


def tail(log, lines=40):
    try:
        return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@contextmanager
def processes(*commands):
    """Server processes, each (args, env, log, url), all answering when this yields; all
    stopped on the way out, whatever happened."""
    children = []
    try:
        for args, env, log, _url in commands:
            with open(log, "wb") as out:
                children.append(
                    subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
                )
        for child, (_args, _env, log, url) in zip(children, commands, strict=True):
            wait_until_answering(url, child, log)
        yield children
    finally:
        for child in children:
            child.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; moto's too
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait(timeout=10)


@contextmanager
def moto_server(folder):
    """moto's standalone S3 server, with the bucket made."""
    executable = shutil.which("moto_server", path=str(Path(sys.executable).parent))
    if executable is None:
        pytest.skip("moto_server is not installed (moto[server] in requirements-dev.txt)")

    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    args = [executable, "-H", "127.0.0.1", "-p", str(port)]
    with processes((args, clean_env(), folder / "moto.log", f"{endpoint}/moto-api/")):
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)
        yield endpoint, client


@contextmanager
def throwaway_database():
    """A new PostgreSQL database, dropped at the end."""
    try:
        admin = psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 (user unlops) cannot be reached: {error}")
    name = f"unlops_fleet_{secrets.token_hex(4)}"
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield f"{POSTGRES}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def redis_db():
    """The fleet's Redis database, empty at the start and emptied at the end."""
    client = redis.Redis(*REDIS, db=REDIS_DB, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS[0]}:{REDIS[1]} cannot be reached: {error}")
    client.flushdb()
    try:
        yield f"redis://127.0.0.1:6379/{REDIS_DB}", client
    finally:
        client.flushdb()
        client.close()


def host_env(folder, *, database, redis_url, endpoint, port=None):
    """One host's environment: shared database, cache and bucket; its own folders."""
    for part in ("media", "static", "import-tmp", "tmp"):
        (folder / part).mkdir(parents=True, exist_ok=True)
    env = clean_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="fleet-test-secret-key-shared-by-both-hosts",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_PLAIN_STATIC="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DJANGO_CACHE="redis",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        AWS_STORAGE_BUCKET_NAME=BUCKET,
        AWS_S3_ENDPOINT_URL=endpoint,
        AWS_S3_REGION_NAME="us-east-1",
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        DJANGO_IMPORT_TMP_ROOT=str(folder / "import-tmp"),
        TMPDIR=str(folder / "tmp"),
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="4",
        GUNICORN_ACCESS_LOG="",
        GUNICORN_GRACEFUL_TIMEOUT="2",
    )
    if port is not None:
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
    return env


def manage(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def django_script(env, code, timeout=60):
    """Run ``code`` after django.setup() with ``env``; it prints one JSON value last."""
    script = "import django, json; django.setup()\n" + code
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def app_servers(*folders, **shared):
    """gunicorn with gunicorn.conf.py, as `make serve` runs it, one per folder: each on its own
    port, with its own media, static and temporary folders. Yields their addresses."""
    commands = []
    for folder in folders:
        port = free_port()
        env = host_env(folder, port=port, **shared)
        args = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
        commands.append((args, env, folder / "gunicorn.log", f"http://127.0.0.1:{port}/"))
    with processes(*commands):
        yield [url.rstrip("/") for *_rest, url in commands]


# Browsing ---------------------------------------------------------------------------------------


class FormFields(HTMLParser):
    """The name–value pairs a browser would submit from ``form``: "#id", "=action" (exactly) or
    a part of its action."""

    def __init__(self, form):
        super().__init__(convert_charrefs=True)
        self.form, self.inside, self.pairs = form, False, []
        self._select = self._textarea = None

    def _opens(self, attrs):
        action = attrs.get("action") or ""
        if self.form.startswith("#"):
            return attrs.get("id") == self.form[1:]
        if self.form.startswith("="):
            return action == self.form[1:]
        return self.form in action

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = self._opens(attrs)
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._input(name, attrs)
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._select["options"].append([attrs.get("value"), "selected" in attrs, ""])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def _input(self, name, attrs):
        kind = attrs.get("type", "text")
        if kind in {"submit", "button", "image", "reset", "file"}:
            return
        if kind in {"checkbox", "radio"} and "checked" not in attrs:
            return
        self.pairs.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._select is not None and self._select["options"]:
            self._select["options"][-1][2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.pairs.append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            options = [
                (v if v is not None else text.strip(), on)
                for v, on, text in self._select["options"]
            ]
            chosen = [value for value, on in options if on]
            if not chosen and options and not self._select["multiple"]:
                chosen = [options[0][0]]
            self.pairs.extend((self._select["name"], value) for value in chosen)
            self._select = None


def form_fields(html, form):
    parser = FormFields(form)
    parser.feed(html)
    return parser.pairs


class Browser:
    """A signed-in staff member, or an anonymous reader, on one host."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def _over_plain_http(self, response):
        """Production cookies are Secure; the fleet speaks http on 127.0.0.1, as behind a TLS
        proxy on the same machine, so they are sent back anyway."""
        for cookie in self.session.cookies:
            cookie.secure = False
        return response

    def get(self, path, **kwargs):
        return self._over_plain_http(self.session.get(self.base + path, timeout=60, **kwargs))

    def submit(self, path, form, *, fields=None, files=None, action=None, expect=302):
        """Fill in the form on ``path`` as a browser would, change ``fields``, post it."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        pairs = form_fields(page.text, form)
        assert pairs, f"no form {form} on {path}"
        return self.post(action or path, pairs, fields=fields, files=files, expect=expect)

    def post(self, path, pairs, *, fields=None, files=None, expect=302):
        """Post ``pairs`` (a form's) with ``fields`` changed and this session's CSRF token."""
        fields = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken"), **(fields or {})}
        pairs = [(name, value) for name, value in pairs if name not in fields]
        for name, value in fields.items():
            pairs.extend((name, item) for item in (value if isinstance(value, list) else [value]))
        response = self.session.post(
            self.base + path,
            data=pairs,
            files=files,
            headers={"Referer": self.base + path},
            allow_redirects=False,
            timeout=60,
        )
        self._over_plain_http(response)
        assert response.status_code == expect, (path, response.status_code, errors(response))
        return response

    def sign_in(self, username):
        self.submit(
            "/admin/login/?next=/admin/",
            "#login-form",
            fields={"username": username, "password": PASSWORD},
        )
        assert self.get("/admin/").status_code == 200


def errors(response):
    """The admin's error notes on a refused form, to say why a post failed."""
    text = response.text
    found = [part.split("</ul>")[0] for part in text.split('class="errorlist')[1:]]
    return found or text[:2000]


def on_disk(folder):
    """Files a host wrote under its own folders (there should be none of the site's media)."""
    return sorted(
        str(path.relative_to(folder))
        for part in ("media", "import-tmp")
        for path in (folder / part).rglob("*")
        if path.is_file()
    )
