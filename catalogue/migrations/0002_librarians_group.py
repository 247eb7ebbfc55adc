"""The Librarians group: trusted members who keep the catalogue on the site (edit, check, revert,
merge). Given in the admin like the Moderators group; librarians need not be staff. Staff librarians
also see the catalogue and the flags in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIBRARIAN_PERMISSIONS = [
    ("books", "view_book"),
    ("books", "change_book"),
    ("books", "view_edition"),
    ("books", "change_edition"),
    ("books", "view_author"),
    ("books", "change_author"),
    ("books", "view_series"),
    ("books", "change_series"),
    ("catalogue", "view_flag"),
    ("catalogue", "change_flag"),
    ("catalogue", "view_pendingedit"),
    ("catalogue", "view_merge"),
]


def create_librarians(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Librarians")
    group.permissions.set(
        [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in LIBRARIAN_PERMISSIONS
        ]
    )


def remove_librarians(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Librarians").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("books", "0010_author_name_key"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_librarians, remove_librarians)]
