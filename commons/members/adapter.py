from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Allauth glue: addresses stored lower-case; sign-up stays open while a Code of Conduct exists;
    a person who joined from an event invitation lands on that event until they answer it."""

    def clean_email(self, email: str) -> str:
        from django.core.exceptions import ValidationError

        # Safety sits above members in the dependency order; this glue is allowed to look up.
        from commons.safety.queries import is_barred

        email = super().clean_email(email).strip().lower()
        if is_barred(email):
            raise ValidationError(
                "This email address was removed from the community and cannot join."
            )
        return email

    def is_open_for_signup(self, request) -> bool:
        from commons.conduct.queries import current_version

        return current_version() is not None

    def get_signup_redirect_url(self, request) -> str:
        return self._invited_event_url(request) or super().get_signup_redirect_url(request)

    def get_login_redirect_url(self, request) -> str:
        return self._invited_event_url(request) or super().get_login_redirect_url(request)

    @staticmethod
    def _invited_event_url(request) -> str:
        # Events sit above members in the dependency order; this glue is the one place that looks up.
        from commons.events.queries import event_for_new_member, rsvp_for

        user = request.user
        event = event_for_new_member(user)
        if event is None or rsvp_for(user, event) is not None:
            return ""
        return event.get_absolute_url()
