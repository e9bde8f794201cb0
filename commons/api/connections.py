"""Following and blocking members, and who may tag or message you."""

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from commons.members import actions
from commons.members.models import User
from commons.members.queries import access_member

router = Router(tags=["members"])


class TaggingIn(Schema):
    who_may_tag: str = Field(..., description="anyone, following, ask_first or nobody")


class PreferencesIn(Schema):
    who_may_tag: str | None = Field(None, description="anyone, following, ask_first or nobody")
    who_may_message: str | None = Field(None, description="anyone, following or nobody")
    email_notifications: str | None = Field(None, description="immediate, daily or off")


class PreferencesOut(Schema):
    who_may_tag: str
    who_may_message: str
    email_notifications: str


class FollowingOut(Schema):
    following: bool


class BlockedOut(Schema):
    blocked: bool


def _prefs(profile) -> dict:
    return {
        "who_may_tag": profile.who_may_tag,
        "who_may_message": profile.who_may_message,
        "email_notifications": profile.email_notifications,
    }


@router.get("/me/preferences", response=PreferencesOut, summary="Who may tag or message you")
def get_preferences(request):
    return _prefs(request.auth.profile)


@router.put("/me/preferences", response=PreferencesOut, summary="Change your preferences")
def put_preferences(request, data: PreferencesIn):
    changes = data.dict(exclude_unset=True)
    changes = {k: v for k, v in changes.items() if v is not None}
    profile = actions.update_preferences(request.auth, actor=request.auth, **changes)
    return _prefs(profile)


@router.put("/me/tagging", response=PreferencesOut, summary="Who may tag you")
def put_tagging(request, data: TaggingIn):
    profile = actions.update_preferences(
        request.auth, actor=request.auth, who_may_tag=data.who_may_tag
    )
    return _prefs(profile)


def _member(request, member_id: int) -> User:
    return access_member(request.auth, member_id)


@router.post("/members/{member_id}/follow", response=FollowingOut, summary="Follow a member")
def follow(request, member_id: int):
    actions.follow_member(_member(request, member_id), actor=request.auth)
    return {"following": True}


@router.delete("/members/{member_id}/follow", response=FollowingOut, summary="Stop following")
def unfollow(request, member_id: int):
    actions.unfollow_member(_member(request, member_id), actor=request.auth)
    return {"following": False}


@router.post(
    "/members/{member_id}/block", response=BlockedOut, summary="Block a member (they are not told)"
)
def block(request, member_id: int):
    actions.block_member(_member(request, member_id), actor=request.auth)
    return {"blocked": True}


@router.delete("/members/{member_id}/block", response=BlockedOut, summary="Unblock a member")
def unblock(request, member_id: int):
    # a member you blocked may since have gone; unblocking still works
    actions.unblock_member(get_object_or_404(User, pk=member_id), actor=request.auth)
    return {"blocked": False}
