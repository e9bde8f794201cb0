from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "commons.conduct"
    label = "conduct"
    verbose_name = "Code of Conduct"

    def ready(self):
        # Profiles belong to members, which the Code of Conduct depends on: registered from here.
        from django.urls import reverse

        from commons.members import actions as members
        from commons.members.models import Profile

        from . import checks  # noqa: F401  (registers the system checks)
        from .moderation import ScreenInput, register_content

        def recent_profiles(since):
            return Profile.objects.filter(
                updated_at__gte=since, user__is_active=True
            ).select_related("user")

        def profile_input(profile):
            text = members.profile_screened_text(profile)
            return ScreenInput(profile.user, "profile", text, {"where": "profile"})

        register_content(
            Profile,
            publish=members.publish_screened_profile,
            hide=members.hide_screened_profile,
            url=lambda profile: reverse("members:profile", args=[profile.handle]),
            recent=recent_profiles,
            screen_input=profile_input,
            with_item=True,
        )

        from commons.core.personal_data import register_export

        from . import personal_data

        register_export("conduct", personal_data.export)
