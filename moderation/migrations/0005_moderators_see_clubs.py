"""Moderators see every club, membership, request, invitation, ban, pick and milestone, and may edit or
delete a club (a reported one); roles stay the clubs' own (only a superuser changes one in the admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLUB_PERMISSIONS = [
    ("clubs", "view_club"),
    ("clubs", "change_club"),
    ("clubs", "delete_club"),
    ("clubs", "view_membership"),
    ("clubs", "view_joinrequest"),
    ("clubs", "view_invitation"),
    ("clubs", "view_ban"),
    ("clubs", "view_pick"),
    ("clubs", "view_milestone"),
]


def add_club_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *[
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in CLUB_PERMISSIONS
        ]
    )


def remove_club_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="clubs"))


class Migration(migrations.Migration):
    dependencies = [("moderation", "0004_club_reports"), ("clubs", "0001_initial")]

    operations = [migrations.RunPython(add_club_permissions, remove_club_permissions)]
