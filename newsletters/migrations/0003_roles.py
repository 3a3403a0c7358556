from django.db import migrations


def create_roles(apps, schema_editor):
    from newsletters.roles import sync_roles

    sync_roles(apps, using=schema_editor.connection.alias, strict=False)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0002_workflow_and_history"),
        ("events", "0002_workflow_and_history"),
        ("newsletters", "0002_workflow_and_history"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
