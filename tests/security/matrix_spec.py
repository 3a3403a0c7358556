"""The office's rules as a table: who, at least, may do each admin action, by the row's state.

C, E, P, S: contributor, editor, publisher, superuser; NOBODY: not even a superuser (the database
protects it). A single role means the state does not matter (checked on a draft). A state left
out of a dict is not a case: the action would not move the row (a draft sent back to draft).

The rule behind the rows: drafts are their writers', work in review is the editors', and anything
a publisher has released (published, or scheduled to be) and whatever it shows (people, photos,
events, topics, terms, appointments, participants) is the publishers' to change, delete or move;
each role also needs the model permission its group holds (newsletters/roles.py).
"""

C, E, P, S = "contributor", "editor", "publisher", "superuser"
NOBODY = "nobody"
STATES = ["draft", "review", "scheduled", "published"]


def by_state(draft, review, released):
    return {"draft": draft, "review": review, "scheduled": released, "published": released}


# Rows shown by released work need the publish right; others need the model permission.
EDITORS_UNTIL_RELEASED = by_state(E, E, P)
CONTRIBUTORS_UNTIL_RELEASED = by_state(C, C, P)

SPEC = {
    # Articles: contributors write drafts, editors handle review, publishers what is released.
    ("newsletters.article", "add"): C,
    ("newsletters.article", "change"): by_state(C, E, P),
    # Restoring released work makes its draft revision: anyone's who may propose a change.
    ("newsletters.article", "restore"): by_state(C, E, C),
    ("newsletters.article", "delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.article", "bulk_delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.article", "recover"): C,
    ("newsletters.article", "import"): by_state(C, E, P),
    ("newsletters.article", "export"): C,
    ("newsletters.article", "submit_for_review"): {"draft": C, "scheduled": P, "published": P},
    ("newsletters.article", "send_back_to_draft"): {"review": E, "scheduled": P, "published": P},
    ("newsletters.article", "publish_articles"): {"draft": P, "review": P},
    ("newsletters.article", "unpublish_articles"): {"scheduled": P, "published": P},
    ("newsletters.article", "move:review"): {"draft": C, "scheduled": P, "published": P},
    ("newsletters.article", "move:draft"): {"review": E, "scheduled": P, "published": P},
    ("newsletters.article", "move:published"): {"draft": P, "review": P},
    ("newsletters.article", "revoke_previews"): P,
    # Issues: editors prepare them, publishers publish, unpublish and change released ones.
    ("newsletters.issue", "add"): E,
    ("newsletters.issue", "change"): EDITORS_UNTIL_RELEASED,
    ("newsletters.issue", "restore"): by_state(E, E, E),
    ("newsletters.issue", "delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.issue", "bulk_delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.issue", "recover"): E,
    ("newsletters.issue", "publish_issues"): {"draft": P, "review": P},
    ("newsletters.issue", "unpublish_issues"): {"scheduled": P, "published": P},
    ("newsletters.issue", "move:review"): {"draft": E, "scheduled": P, "published": P},
    ("newsletters.issue", "move:draft"): {"review": E, "scheduled": P, "published": P},
    ("newsletters.issue", "move:published"): {"draft": P, "review": P},
    # The confirmation page every publish goes through, and the desk's order of the articles
    # (the issue's own articles here: drafts in a draft or review issue, else published).
    ("newsletters.issue", "publish"): {"draft": P, "review": P},
    ("newsletters.issue", "desk_reorder"): by_state(C, C, P),
    ("newsletters.issue", "download_pdf"): C,
    ("newsletters.issue", "download_html"): C,
    ("newsletters.issue", "export_file"): C,
    ("newsletters.issue", "revoke_previews"): P,
    # Photos: contributors upload and caption them until released work shows them. A photo in
    # use by any article cannot be deleted at all (the article would lose it).
    ("newsletters.photo", "add"): C,
    ("newsletters.photo", "change"): CONTRIBUTORS_UNTIL_RELEASED,
    ("newsletters.photo", "restore"): CONTRIBUTORS_UNTIL_RELEASED,
    ("newsletters.photo", "delete"): by_state(E, NOBODY, NOBODY),
    ("newsletters.photo", "bulk_delete"): by_state(E, NOBODY, NOBODY),
    ("newsletters.photo", "recover"): C,
    # The photo library: the chooser's grid needs the view right, uploads (from the chooser or
    # in bulk) the add right, and the grid of texts after a bulk upload the change right.
    ("newsletters.photo", "chooser"): C,
    ("newsletters.photo", "chooser_upload"): C,
    # What the editor shows of each photo placed in a text: the view right, as the chooser.
    ("newsletters.photo", "figures"): C,
    ("newsletters.photo", "bulk_upload"): C,
    ("newsletters.photo", "bulk_texts"): CONTRIBUTORS_UNTIL_RELEASED,
    # Topics: anyone files under a new one; editors rename or remove them.
    ("newsletters.topic", "add"): C,
    ("newsletters.topic", "change"): EDITORS_UNTIL_RELEASED,
    ("newsletters.topic", "delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.topic", "bulk_delete"): EDITORS_UNTIL_RELEASED,
    # Terms of the glossary: contributors add and word them until released work uses them.
    ("newsletters.term", "add"): C,
    ("newsletters.term", "change"): CONTRIBUTORS_UNTIL_RELEASED,
    ("newsletters.term", "restore"): CONTRIBUTORS_UNTIL_RELEASED,
    ("newsletters.term", "delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.term", "bulk_delete"): EDITORS_UNTIL_RELEASED,
    ("newsletters.term", "recover"): C,
    ("newsletters.term", "import"): CONTRIBUTORS_UNTIL_RELEASED,
    ("newsletters.term", "export"): C,
    # People and organisations: editors keep them; only publishers delete them.
    ("people.person", "add"): E,
    ("people.person", "change"): EDITORS_UNTIL_RELEASED,
    ("people.person", "restore"): EDITORS_UNTIL_RELEASED,
    ("people.person", "delete"): P,
    ("people.person", "bulk_delete"): P,
    ("people.person", "recover"): E,
    ("people.person", "import"): EDITORS_UNTIL_RELEASED,
    ("people.person", "export"): C,
    ("people.organisation", "add"): E,
    ("people.organisation", "change"): EDITORS_UNTIL_RELEASED,
    ("people.organisation", "restore"): EDITORS_UNTIL_RELEASED,
    ("people.organisation", "delete"): P,
    ("people.organisation", "bulk_delete"): P,
    ("people.organisation", "recover"): E,
    ("people.organisation", "import"): EDITORS_UNTIL_RELEASED,
    ("people.organisation", "export"): C,
    # An appointment is part of its person's page: it follows the person's state.
    ("people.appointment", "add"): EDITORS_UNTIL_RELEASED,
    ("people.appointment", "change"): EDITORS_UNTIL_RELEASED,
    ("people.appointment", "restore"): EDITORS_UNTIL_RELEASED,
    ("people.appointment", "delete"): by_state(P, P, P),
    ("people.appointment", "bulk_delete"): by_state(P, P, P),
    ("people.appointment", "recover"): EDITORS_UNTIL_RELEASED,
    ("people.appointment", "import"): EDITORS_UNTIL_RELEASED,
    ("people.appointment", "export"): C,
    # Events, and their participants, which follow the event's state.
    ("events.event", "add"): E,
    ("events.event", "change"): EDITORS_UNTIL_RELEASED,
    ("events.event", "restore"): EDITORS_UNTIL_RELEASED,
    ("events.event", "delete"): EDITORS_UNTIL_RELEASED,
    ("events.event", "bulk_delete"): EDITORS_UNTIL_RELEASED,
    ("events.event", "recover"): E,
    ("events.event", "import"): EDITORS_UNTIL_RELEASED,
    ("events.event", "export"): C,
    ("events.participation", "add"): EDITORS_UNTIL_RELEASED,
    ("events.participation", "change"): EDITORS_UNTIL_RELEASED,
    ("events.participation", "delete"): EDITORS_UNTIL_RELEASED,
    ("events.participation", "bulk_delete"): EDITORS_UNTIL_RELEASED,
}

# Accounts and groups have their own table (tests/security/test_user_admin.py); sign-in
# throttling records are superusers' only (their admin is django-axes's own); the audit trail and
# notification preferences have theirs (tests/security/test_audit_admin.py,
# tests/newsletters/test_notifications.py); mailings are read-only, for publishers only
# (tests/mailing/test_send_admin.py); the queue's task records are superusers' only
# (tests/security/test_queue_admin.py); subscribers, publishers' only whatever the state, have
# theirs (tests/mailing/test_subscriber_admin.py, which checks it names every action).
COVERED_ELSEWHERE = {
    "mailing.mailing",
    "django_tasks_database.dbtaskresult",
    "mailing.subscriber",
    "auth.user",
    "auth.group",
    "unlops.auditevent",
    "unlops.notificationpreference",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
