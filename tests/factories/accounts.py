"""Staff accounts in the editorial roles."""

import factory
from django.contrib.auth.models import Group, User

from newsletters.roles import sync_roles
from unlops.models import NotificationPreference


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; ``role="Editor"`` puts them in that editorial group."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    first_name = factory.Iterator(["Annick", "Kamiel", "Rory", "Lotte"])
    last_name = factory.Iterator(["Hiensch", "Mesie", "Keane", "Knudsen"])
    is_staff = True
    password = factory.django.Password("unlops-test-password")
    role = None

    @classmethod
    def _create(cls, model_class, *args, role=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if role:
            if not Group.objects.filter(name=role).exists():
                sync_roles()  # A transactional test before this one emptied the tables.
            user.groups.add(Group.objects.get(name=role))
        return user


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    """A user's choice about the workflow's e-mails (by default: none, thanks)."""

    class Meta:
        model = NotificationPreference
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory)
    email = False
