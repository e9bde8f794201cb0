"""Screened content joins the safety queue, and a moderator who becomes a party is recused.

These receivers run inside the transaction that saved the instance (``post_save``), so the case
and its audit records commit or roll back with it.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from commons.conduct.models import ReviewState, ScreenedItem

from .models import Case, CaseStatus, Party


@receiver(post_save, sender=ScreenedItem, dispatch_uid="safety.screened_item_case")
def screened_item_case(sender, instance, created, **kwargs):
    """A new pending screened item opens a case; a reviewed one closes it."""
    from .actions.cases import close_screening_case, open_screening_case

    if kwargs.get("raw"):
        return
    if created and instance.review_state == ReviewState.PENDING:
        open_screening_case(instance)
    elif not created and instance.review_state != ReviewState.PENDING:
        close_screening_case(instance)


@receiver(post_save, sender=Party, dispatch_uid="safety.party_recusal")
def party_recusal(sender, instance, created, **kwargs):
    """However a party is added (a report, a moderator, screening), a moderator party is recused."""
    from .actions.cases import recuse_party

    if created and not kwargs.get("raw"):
        recuse_party(instance)


@receiver(post_save, sender=Case, dispatch_uid="safety.screened_case_decided")
def screened_case_decided(sender, instance, created, **kwargs):
    """Deciding a screening case settles its screened item (see ``settle_screened_item``)."""
    from .actions.cases import settle_screened_item

    if created or kwargs.get("raw") or instance.screened_item_id is None:
        return
    if instance.status in (CaseStatus.DECIDED, CaseStatus.CLOSED):
        settle_screened_item(instance)
