"""Direct messages: only the two people in a conversation ever see it."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from commons.community import actions
from commons.community.messaging import conversation_list, visible_messages
from commons.members.models import User
from commons.members.queries import access_member, access_profile

from .community import AuthorOut, author_out

router = Router(tags=["messages"])


class MessageIn(Schema):
    to: int | str = Field(..., description="The member's id or @handle.")
    body: str
    post_anyway: bool = Field(
        False, description="Send despite a screening nudge (a moderator will look at it)."
    )


class MessageSentOut(Schema):
    id: int
    to: AuthorOut
    created_at: datetime
    status: str = Field(..., description="sent, or held while a moderator looks at it.")


class MessageOut(Schema):
    id: int
    sender: AuthorOut
    recipient: AuthorOut
    body_html: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_sender(obj) -> dict:
        return author_out(obj.sender)

    @staticmethod
    def resolve_recipient(obj) -> dict:
        return author_out(obj.recipient)


class ConversationOut(Schema):
    with_member: AuthorOut
    last_message_at: datetime
    unread: bool


class ReadIn(Schema):
    with_member: int | str = Field(..., description="The other member's id or @handle.")


class ReadOut(Schema):
    marked: int


def _member(viewer, ref: int | str, *, field: str) -> User:
    """The member `ref` names (id or handle) whom `viewer` may see; 400 otherwise."""
    try:
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            return access_member(viewer, int(ref))
        return access_profile(viewer, ref.lstrip("@")).user
    except Http404:
        raise ValidationError({field: "There is no such member."}) from None


@router.post("/messages", response={201: MessageSentOut}, summary="Send a direct message")
def send_message(request, data: MessageIn):
    """The answer is the same whether or not the recipient blocked you: blocks are silent."""
    recipient = _member(request.auth, data.to, field="to")
    message = actions.send_message(
        sender=request.auth, recipient=recipient, body=data.body, post_anyway=data.post_anyway
    )
    held = bool(getattr(message, "screening_message", None))
    return Status(
        201,
        {
            "id": message.pk,
            "to": author_out(recipient),
            "created_at": message.created_at,
            "status": "held" if held else "sent",
        },
    )


@router.get(
    "/messages",
    response=list[MessageOut],
    summary="Your messages, newest first; ?with= one member (id or handle)",
)
@paginate(PageNumberPagination, page_size=20)
def list_messages(request, with_member: str | None = Query(None, alias="with")):
    me = request.auth
    messages = visible_messages(me)
    if with_member not in (None, ""):
        other = _member(me, with_member, field="with")
        messages = messages.filter(Q(sender=other) | Q(recipient=other))
    return messages.select_related("sender__profile", "recipient__profile").order_by(
        "-created_at", "-id"
    )


@router.get(
    "/messages/conversations",
    response=list[ConversationOut],
    summary="The people you exchange messages with, most recent first",
)
@paginate(PageNumberPagination, page_size=20)
def conversations(request):
    return [
        {
            "with_member": author_out(row["profile"].user),
            "last_message_at": row["last"],
            "unread": row["unread"],
        }
        for row in conversation_list(request.auth)
    ]


@router.post("/messages/read", response=ReadOut, summary="Mark a conversation read")
def mark_read(request, data: ReadIn):
    other = _member(request.auth, data.with_member, field="with_member")
    return {"marked": actions.mark_conversation_read(reader=request.auth, other=other)}
