"""The editorial roles, kept in code and written to Django groups by a migration.

Contributor writes and edits drafts and uploads photos; Editor edits everything and moves work
through review; Publisher publishes and unpublishes, manages people and users, and reads the
audit trail and the readers' list (their addresses are personal data).
"""

CRUD = ("add", "change", "delete", "view")
CONTENT_MODELS = [
    "newsletters.issue",
    "newsletters.article",
    "newsletters.photo",
    "newsletters.topic",
    "newsletters.term",
    "newsletters.articlephoto",
    "newsletters.photoperson",
    "events.event",
    "events.participation",
]
PEOPLE_MODELS = ["people.person", "people.organisation", "people.appointment"]


def _perms(models, actions):
    return {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label in models
        for action in actions
    }


CONTRIBUTOR = (
    # Terms too: a contributor's term reaches the public only with the work a publisher releases.
    _perms(
        ["newsletters.article", "newsletters.photo", "newsletters.term"], ("add", "change", "view")
    )
    | _perms(["newsletters.articlephoto", "newsletters.photoperson"], CRUD)
    | _perms(["newsletters.topic"], ("add", "view"))
    | _perms(["newsletters.issue", "events.event", "events.participation"], ("view",))
    | _perms(PEOPLE_MODELS, ("view",))
)
EDITOR = (
    CONTRIBUTOR
    | _perms(CONTENT_MODELS, CRUD)
    | _perms(PEOPLE_MODELS, ("add", "change", "view"))
    | {"newsletters.review_article"}
)
PUBLISHER = (
    EDITOR
    | _perms(PEOPLE_MODELS, CRUD)
    # Only superusers change what a group may do: see unlops/admin.py for what publishers may do.
    | _perms(["auth.user"], ("add", "change", "view"))
    | {"newsletters.publish_article", "newsletters.publish_issue", "unlops.change_public"}
    # The head of office reads the audit trail (unlops.AuditEvent); nobody may change it.
    | {"unlops.view_auditevent"}
    # Readers' addresses are personal data: publishers alone see and keep the list.
    | _perms(["mailing.subscriber"], CRUD)
)

ROLES = {"Contributor": CONTRIBUTOR, "Editor": EDITOR, "Publisher": PUBLISHER}


def sync_roles(apps=None, *, using="default", strict=True):
    """Create or update the role groups so they hold exactly the permissions above."""
    if apps is None:
        from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from unlops.audit import suppressed

    # On a fresh database permissions are created after the migrations; make them now.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
        app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The roles are code, changed by a reviewed commit: writing them is no one's act to audit.
    with suppressed():
        _write_roles(Group, Permission, using=using, strict=strict)


def _write_roles(Group, Permission, *, using, strict):
    for name, codes in ROLES.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for code in sorted(codes):
            app_label, codename = code.split(".")
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:
                wanted.append(permission)
            elif strict:
                raise LookupError(f"The role {name} names {code}, which no app defines.")
            # Else a migration runs before the app defining it: post_migrate adds it later.
        group.permissions.set(wanted)


def sync_roles_after_migrate(sender, using="default", apps=None, **kwargs):
    sync_roles(apps, using=using)
