from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Allauth glue: addresses stored lower-case; sign-up stays open while a Code of Conduct exists."""

    def clean_email(self, email: str) -> str:
        return super().clean_email(email).strip().lower()

    def is_open_for_signup(self, request) -> bool:
        from commons.conduct.queries import current_version

        return current_version() is not None
