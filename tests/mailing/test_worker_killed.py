"""A real worker process killed mid-send and started again: everyone gets exactly one copy."""

import pytest
from aiosmtpd.controller import Controller

from tests.mailing.worker_process import HoldingInbox, Project, free_port, kill, stop, wait_for

READERS = 120
HELD_FROM = 47  # The server accepts nothing from this message on, until the worker is dead.
SESSIONS = 3


def postgres_available():
    try:
        import psycopg

        psycopg.connect(
            "postgresql://unlops:unlops@127.0.0.1:5432/postgres", connect_timeout=2
        ).close()
    except Exception:  # noqa: BLE001 - any failure means no server to test against
        return False
    return True


@pytest.mark.parametrize(
    "engine",
    [
        "sqlite",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not postgres_available(), reason="no PostgreSQL on 5432"),
        ),
    ],
)
def test_a_worker_killed_mid_send_then_restarted_sends_everyone_one_copy(tmp_path, engine):
    inbox = HoldingInbox(hold_at=HELD_FROM)
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    # A short lease, so the restarted worker takes the dead one's batch back soon.
    project = Project(
        tmp_path,
        port,
        engine,
        DJANGO_MAILING_BATCH_SIZE="10",
        DJANGO_MAILING_CLAIM_LEASE_SECONDS="2",
        DJANGO_MAILING_CONNECTIONS=str(SESSIONS),
    )
    worker = None
    try:
        mailing_id = project.prepare(READERS)
        worker = project.start_worker()
        assert inbox.holding.wait(120), worker.stderr.read() if worker.poll() else "no send"
        # Until every session of the worker waits on the server (each has sent its message).
        assert wait_for(lambda: inbox.seen >= HELD_FROM + SESSIONS - 1)
        kill(worker)

        accepted = HELD_FROM - 1
        assert len(inbox.rcpts) == accepted
        # Every copy the server accepted was marked before its session sent the next.
        assert project.query(
            "SELECT count(*) FROM mailing_delivery WHERE mailing_id = ? AND status = 'sent'",
            mailing_id,
        ) == [(accepted,)]

        inbox.hold_at = None
        project.manage("resume_mailings")
        worker = project.start_worker()
        assert project.wait_until_done(mailing_id)
        rows = project.query(
            "SELECT status, count(*) FROM mailing_delivery WHERE mailing_id = ? GROUP BY status",
            mailing_id,
        )
    finally:
        if worker is not None:
            stop(worker)
        controller.stop()
        project.drop()

    counts = inbox.counts()
    assert len(counts) == READERS
    assert set(counts.values()) == {1}
    assert rows == [("sent", READERS)]
