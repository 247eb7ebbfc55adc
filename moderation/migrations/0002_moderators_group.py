"""The Moderators group, with exactly what moderation needs: see and act on reports, reviews,
comments, discussions and members (suspensions), read the audit log. No deleting accounts,
no editing the catalogue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_PERMISSIONS = [
    ("moderation", "view_case"),
    ("moderation", "change_case"),
    ("moderation", "view_report"),
    ("moderation", "view_auditentry"),
    ("reviews", "view_review"),
    ("reviews", "change_review"),
    ("reviews", "view_reviewcomment"),
    ("reviews", "change_reviewcomment"),
    ("discussions", "view_thread"),
    ("discussions", "change_thread"),
    ("discussions", "view_post"),
    ("discussions", "change_post"),
    ("accounts", "view_user"),
    ("accounts", "change_user"),
]


def create_moderators(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure these exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in MODERATOR_PERMISSIONS
    ]
    group.permissions.set(permissions)


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("accounts", "0002_follow"),
        ("reviews", "0003_likes_and_comments"),
        ("discussions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
