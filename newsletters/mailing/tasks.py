"""The queue's tasks (django-tasks, on the "mail" queue): run by ``manage.py db_worker``."""

from django_tasks import task

from . import sending


@task(queue_name="mail")
def send_test(mailing_id):
    return sending.send_test(mailing_id)


@task(queue_name="mail")
def send_mailing(mailing_id):
    done, resume_at = sending.deliver(mailing_id)
    if not done:
        # Copies wait for a retry: the worker is free meanwhile, this task comes back for them.
        send_mailing.using(run_after=resume_at).enqueue(mailing_id)
    return done
