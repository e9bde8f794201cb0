"""Factories for tests. Accounts are made through actions so profiles, emails and audit exist."""

import factory
from allauth.account.models import EmailAddress

from commons.conduct import actions as conduct_actions
from commons.conduct.queries import current_version
from commons.members.models import User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test accounts only


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a profile and a verified email.

    Traits: `owner`, `moderator`; `accepted=True` records acceptance of the current Code of Conduct.
    """

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    role = "member"
    display_name = factory.Sequence(lambda n: f"Member {n}")
    accepted = True

    class Params:
        owner = factory.Trait(role="owner", is_staff=True)
        moderator = factory.Trait(role="moderator")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from django.db import transaction

        from commons.members.actions import create_profile

        password = kwargs.pop("password", PASSWORD)
        display_name = kwargs.pop("display_name")
        accepted = kwargs.pop("accepted")
        with transaction.atomic():
            user = model_class.objects.create_user(password=password, **kwargs)
            EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
            create_profile(user, display_name=display_name)
            version = current_version()
            if accepted and version is not None:
                conduct_actions.accept_conduct(user, version_number=version.number)
        return user


def publish_code(owner, *, clauses=None, summary="First version.", preamble="Be excellent."):
    """Publish a Code of Conduct version through the actions, as an owner would."""
    draft = conduct_actions.create_draft(actor=owner, preamble=preamble)
    if clauses is None and not draft.clauses.exists():
        clauses = conduct_actions.load_default_code()["clauses"]
    conduct_actions.update_draft(draft, actor=owner, clauses=clauses, change_summary=summary)
    return conduct_actions.publish_version(draft, actor=owner)
