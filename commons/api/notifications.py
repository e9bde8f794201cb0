"""A member's own notifications."""

from datetime import datetime

from ninja import Field, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from commons.notifications import actions, queries

from .community import AuthorOut, author_out

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    actor: AuthorOut | None
    created_at: datetime
    read: bool

    @staticmethod
    def resolve_actor(obj) -> dict | None:
        return author_out(obj.actor) if obj.actor_id else None

    @staticmethod
    def resolve_read(obj) -> bool:
        return obj.read_at is not None


class ReadIn(Schema):
    ids: list[int] | None = Field(None, description="These notifications; all when left out.")


class ReadOut(Schema):
    marked: int


@router.get("/notifications", response=list[NotificationOut], summary="Your notifications")
@paginate(PageNumberPagination, page_size=30)
def list_notifications(request, unread: bool = False):
    notifications = queries.visible_notifications(request.auth)
    return notifications.filter(read_at__isnull=True) if unread else notifications


@router.post("/notifications/read", response=ReadOut, summary="Mark notifications read")
def mark_read(request, data: ReadIn):
    return {"marked": actions.mark_read(request.auth, actor=request.auth, ids=data.ids)}
