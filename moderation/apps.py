from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        from clubs import services as clubs

        from .services import audit

        def club_member_action(*, by, action, member, club, reason):
            """Organisers' removals and bans go in the audit log beside the site's moderators' actions."""
            audit(moderator=by, action=action, item=member, reason=f"{club.name}: {reason}" if reason else club.name)

        clubs.MEMBER_ACTION_HOOKS.append(club_member_action)
