"""A project database in a file (or a PostgreSQL database of its own) that real worker
processes (``manage.py db_worker``) send from, and an SMTP server that can hold one message."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

from tests.settings_process import ROOT, clean_env

SETUP = """
import django
django.setup()
from tests.factories import ArticleFactory, ArticlePhotoFactory, IssueFactory, PhotoFactory
from tests.factories import UserFactory
from tests.factories.mailing import SubscriberFactory
from newsletters.mailing.sending import mailing_start
issue = IssueFactory(published=True, cover_photo=PhotoFactory(caption="Cover"))
for article in ArticleFactory.create_batch(2, published=True, issue=issue):
    ArticlePhotoFactory(article=article)
SubscriberFactory.create_batch({readers}, confirmed=True)
publisher = UserFactory(role="Publisher", email="head.of.office@unlops.example.org")
print(mailing_start(issue=issue, by=publisher).pk)
"""


class HoldingInbox:
    """Accepts every message until the ``hold_at``-th; that one and all after it wait and are
    never accepted: the worker's every SMTP session hangs there when a test kills it."""

    def __init__(self, hold_at=None):
        self.rcpts, self.hold_at, self.seen = [], hold_at, 0
        self.holding = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.hold_at and self.seen >= self.hold_at:
            self.holding.set()
            await asyncio.sleep(60)
            return "451 4.3.0 Not accepted"
        self.rcpts.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"

    def counts(self):
        return Counter(self.rcpts)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Project:
    """The project run as processes against one database, mailing to ``smtp_port``."""

    def __init__(self, tmp_path, smtp_port, engine="sqlite", **env):
        self.engine, self.name = engine, f"unlops_kill_{uuid.uuid4().hex[:8]}"
        if engine == "sqlite":
            self.path = tmp_path / "project.sqlite3"
            url = f"sqlite:///{self.path}"
        else:
            url = f"postgres://unlops:unlops@127.0.0.1:5432/{self.name}"
            self._admin(f"CREATE DATABASE {self.name}")
        self.env = clean_env(
            DATABASE_URL=url,
            DJANGO_SECRET_KEY="x",
            DJANGO_DEBUG="0",
            DJANGO_SECURE_SSL_REDIRECT="0",
            DJANGO_PLAIN_STATIC="1",
            DJANGO_CACHE="locmem",
            MEDIA_ROOT=str(tmp_path / "media"),
            DJANGO_EMAIL_BACKEND="smtp",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
            DJANGO_SITE_URL="https://newsletter.example.org",
            DJANGO_MAILING_RATE_PER_SECOND="0",
            **env,
        )

    @staticmethod
    def _admin(sql):
        import psycopg

        with psycopg.connect(
            "postgresql://unlops:unlops@127.0.0.1:5432/postgres", autocommit=True
        ) as conn:
            conn.execute(sql)

    def drop(self):
        if self.engine == "postgres":
            self._admin(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")

    def run(self, *args, timeout=180):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def manage(self, *args):
        return self.run("manage.py", *args)

    def prepare(self, readers):
        self.manage("migrate", "-v0")
        return int(self.run("-c", SETUP.format(readers=readers)).strip().splitlines()[-1])

    def start_worker(self):
        return subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "mail"]
            + ["--no-startup-delay", "--interval", "0.2", "--no-reload", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def query(self, sql, *params):
        if self.engine == "sqlite":
            import sqlite3

            with sqlite3.connect(self.path) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"].replace("postgres://", "postgresql://")) as c:
            return c.execute(sql.replace("?", "%s"), params).fetchall()

    def wait_until_done(self, mailing_id, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.query("SELECT status FROM mailing_mailing WHERE id = ?", mailing_id) == [
                ("done",)
            ]:
                return True
            time.sleep(0.3)
        return False


def wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def kill(process):
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            kill(process)
