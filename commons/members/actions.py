"""Every change to members, profiles, tokens and private self-identification."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from commons.core.audit import record
from commons.core.permissions import Permission, Role, check_permission

from .models import (
    ApiToken,
    Block,
    Follow,
    IdentityOption,
    ProfessionalRole,
    Profile,
    Sector,
    SelfIdentification,
    User,
    email_hash,
)

PROFILE_FIELDS = (
    "time_zone",
    "display_name",
    "pronouns",
    "headline",
    "job_role",
    "sector",
    "company",
    "bio",
    "links",
    "visibility",
)
MAX_LINKS = 5


def unique_handle(display_name: str, email: str) -> str:
    base = slugify(display_name)[:30] or slugify(email.split("@")[0])[:30] or "member"
    base = base.replace("_", "-").strip("-") or "member"
    if base == "community":
        base = "community-member"
    handle, n = base, 1
    while Profile.objects.filter(handle=handle).exists():
        n += 1
        handle = f"{base}-{n}"
    return handle


@transaction.atomic
def create_profile(user: User, *, display_name: str) -> Profile:
    """Give a newly signed-up `user` a profile with a unique @handle. Called by the join flow."""
    display_name = display_name.strip()
    if not display_name:
        raise ValidationError({"display_name": "Please tell us the name to show."})
    profile = Profile.objects.create(
        user=user, display_name=display_name, handle=unique_handle(display_name, user.email)
    )
    record(user, "members.profile.created", profile, {"handle": profile.handle})
    return profile


def _clean_links(links) -> list[str]:
    from django.core.validators import URLValidator

    validate = URLValidator(schemes=["http", "https"])
    cleaned = []
    for link in links or []:
        link = (link or "").strip()
        if not link:
            continue
        try:
            validate(link)
        except ValidationError:
            raise ValidationError({"links": f"Not a web address: {link[:80]}"}) from None
        cleaned.append(link)
    if len(cleaned) > MAX_LINKS:
        raise ValidationError({"links": f"At most {MAX_LINKS} links."})
    return cleaned


# What others read on a profile, screened when it changes (own work contact details are allowed there).
SCREENED_PROFILE_FIELDS = ("display_name", "headline", "company", "bio", "links")


def _profile_text(profile: Profile, changes: dict) -> str:
    """The changed free text of a profile, one field per line (links one per line), for screening."""
    lines = []
    for name in SCREENED_PROFILE_FIELDS:
        if name not in changes or changes[name] == getattr(profile, name):
            continue
        value = changes[name]
        lines.extend(value if name == "links" else [value or ""])
    return "\n".join(line for line in lines if line and line.strip())


def profile_screened_text(profile: Profile) -> str:
    """All of a profile's screened free text, as ``update_profile`` screens it; for re-screening."""
    lines = []
    for name in SCREENED_PROFILE_FIELDS:
        value = getattr(profile, name)
        lines.extend(value if name == "links" else [value or ""])
    return "\n".join(line for line in lines if line and line.strip())


@transaction.atomic
def update_profile(
    profile: Profile, *, actor: User, post_anyway: bool = False, **changes
) -> Profile:
    """Change `profile` fields; only its owner may. Avatar files are validated by `validate_avatar`.

    Changed free text (name, headline, company, bio, links) is screened where="profile", own contact
    details allowed (``commons.conduct.moderation``): a block, or a hold (a profile cannot wait for a
    moderator), refuses the change; a nudge refuses it unless `post_anyway`, which saves it and puts
    the profile in the moderation queue.
    """
    check_permission(actor, Permission.EDIT_OWN_PROFILE)
    if actor.pk != profile.user_id:
        raise ValidationError("You can only edit your own profile.")
    from commons.core.restrictions import check_may_participate

    check_may_participate(actor, action="profile")
    unknown = set(changes) - set(PROFILE_FIELDS) - {"avatar", "handle"}
    if unknown:
        raise ValidationError(f"Unknown profile fields: {', '.join(sorted(unknown))}")
    if "links" in changes:
        changes["links"] = _clean_links(changes["links"])
    if "handle" in changes:
        handle = slugify(changes["handle"] or "")
        if not handle or handle == "community":
            raise ValidationError({"handle": "Choose a handle of letters, digits and dashes."})
        if Profile.objects.filter(handle=handle).exclude(pk=profile.pk).exists():
            raise ValidationError({"handle": "That handle is taken."})
        changes["handle"] = handle
    if "avatar" in changes and changes["avatar"]:
        validate_avatar(changes["avatar"])
    if changes.get("time_zone"):
        from zoneinfo import available_timezones

        if changes["time_zone"] not in available_timezones():
            raise ValidationError({"time_zone": f"Unknown time zone: {changes['time_zone'][:64]}"})
    from commons.conduct.moderation import apply_screening, record_screened

    text = _profile_text(profile, changes)
    screening = (
        apply_screening(text, {"where": "profile"}, post_anyway=post_anyway, can_hold=False)
        if text
        else None
    )
    # Who could see the profile matters later (a report, an appeal); other old values do not.
    audit = {"fields": sorted(changes)}
    if "visibility" in changes:
        audit["visibility_from"] = profile.visibility
    for name, value in changes.items():
        setattr(profile, name, value)
    profile.full_clean(exclude=["user", "avatar"])
    profile.save()
    record(actor, "members.profile.updated", profile, audit)
    if screening is not None:
        record_screened(profile, screening, author=actor, where="profile", text=text)
    return profile


def publish_screened_profile(profile: Profile, *, actor: User, item=None) -> None:
    """A moderator approved a profile its owner saved after a nudge: it stays as it is."""


@transaction.atomic
def hide_screened_profile(profile: Profile, *, actor: User, item=None) -> None:
    """A moderator rejected a profile saved after a nudge: the screened free text is taken down.

    A profile has no hidden state, so the fields whose value was screened (each one in the screened
    `item`'s excerpt, which keeps it) are emptied; a screened display name becomes the handle.
    Audited as ``members.profile.cleared`` with the field names.
    """
    text = item.excerpt if item is not None else ""
    profile = Profile.objects.select_for_update().get(pk=profile.pk)
    lines = set(text.split("\n"))
    cleared = []
    for name in ("headline", "company"):
        if getattr(profile, name) and getattr(profile, name) in lines:
            setattr(profile, name, "")
            cleared.append(name)
    if profile.bio and profile.bio.strip() and profile.bio.strip() in text:
        profile.bio = ""
        cleared.append("bio")
    links = [link for link in profile.links if link not in lines]
    if links != profile.links:
        profile.links = links
        cleared.append("links")
    if profile.display_name in lines:
        profile.display_name = profile.handle
        cleared.append("display_name")
    if cleared:
        profile.save()
    record(actor, "members.profile.cleared", profile, {"fields": cleared, "by": "moderator"})


def validate_avatar(upload) -> None:
    """An avatar must be a real PNG, JPEG, GIF or WebP image, at most AVATAR_MAX_BYTES, at most 4096 px."""
    from django.conf import settings
    from PIL import Image, UnidentifiedImageError

    if upload.size > settings.AVATAR_MAX_BYTES:
        raise ValidationError(
            {"avatar": f"The image is larger than {settings.AVATAR_MAX_BYTES // 1024 // 1024} MB."}
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError({"avatar": "That file is not an image we can read."}) from None
    finally:
        upload.seek(0)
    if image_format not in {"PNG", "JPEG", "GIF", "WEBP"}:
        raise ValidationError({"avatar": "Use a PNG, JPEG, GIF or WebP image."})
    if width > 4096 or height > 4096:
        raise ValidationError({"avatar": "The image is larger than 4096 × 4096 pixels."})


@transaction.atomic
def set_self_identification(
    user: User, *, actor: User, prefer_not_to_say: bool, option_ids=()
) -> None:
    """Store `user`'s private self-identification. Only the member may; the audit keeps no answers."""
    if actor.pk != user.pk:
        raise ValidationError("Only you can set your self-identification.")
    options = list(IdentityOption.objects.filter(pk__in=list(option_ids), is_active=True))
    if len(options) != len(set(option_ids)):
        raise ValidationError({"options": "Unknown self-identification option."})
    ident, _ = SelfIdentification.objects.get_or_create(user=user)
    ident.prefer_not_to_say = bool(prefer_not_to_say) or not options
    ident.save()
    ident.options.set([] if ident.prefer_not_to_say else options)
    record(actor, "members.self_identification.updated", None, {})


@transaction.atomic
def appoint_role(user: User, *, actor: User, role: str) -> User:
    """Set `user`'s community role (owner, moderator, member). Owners only; an owner can't demote themself."""
    check_permission(actor, Permission.APPOINT_MODERATORS)
    if role not in Role.values:
        raise ValidationError({"role": f"Unknown role: {role}"})
    if user.pk == actor.pk and role != Role.OWNER:
        raise ValidationError({"role": "You cannot remove your own owner role; ask another owner."})
    before = user.role
    user.role = role
    user.save(update_fields=["role"])
    record(actor, "members.role.changed", user, {"from": before, "to": role})
    return user


@transaction.atomic
def set_host(user: User, *, actor: User, is_host: bool) -> User:
    """Give or take away `user`'s host role, which lets a member create and run events. Owners only."""
    check_permission(actor, Permission.APPOINT_HOSTS)
    is_host = bool(is_host)
    if user.is_host != is_host:
        user.is_host = is_host
        user.save(update_fields=["is_host"])
        record(actor, "members.host.granted" if is_host else "members.host.revoked", user, {})
    return user


@transaction.atomic
def create_api_token(user: User, *, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token for `user`; returns the record and the token, shown once."""
    check_permission(actor, Permission.MANAGE_TOKENS)
    if actor.pk != user.pk:
        raise ValidationError("You can only create your own tokens.")
    name = (name or "").strip()[:80] or "Personal token"
    key = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=ApiToken.hash(key), prefix=key[4:10]
    )
    record(actor, "members.token.created", token, {"name": name})
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, actor: User) -> ApiToken:
    """Revoke a personal token; only its owner may."""
    if actor.pk != token.user_id:
        raise ValidationError("You can only revoke your own tokens.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(actor, "members.token.revoked", token, {})
    return token


LIST_MODELS = {"job_role": ProfessionalRole, "sector": Sector, "identity": IdentityOption}


@transaction.atomic
def save_list_item(
    kind: str, *, actor: User, slug: str, name: str, position: int = 0, is_active: bool = True
):
    """Add or change an item of an owner-edited list (job roles, sectors, identity options)."""
    check_permission(actor, Permission.MANAGE_LISTS)
    model = LIST_MODELS.get(kind)
    if model is None:
        raise ValidationError(f"Unknown list: {kind}")
    slug = slugify(slug or name)
    name = (name or "").strip()
    if not slug or not name:
        raise ValidationError("A list item needs a name.")
    label_field = "label" if model is IdentityOption else "name"
    item, created = model.objects.update_or_create(
        slug=slug, defaults={label_field: name, "position": position, "is_active": is_active}
    )
    record(
        actor,
        f"members.{kind}.{'added' if created else 'changed'}",
        item,
        {"name": name, "active": is_active},
    )
    return item


@transaction.atomic
def record_email_changed(user: User, *, old: str, new: str) -> None:
    """Audit a change of login email made through the account pages."""
    record(user, "members.email.changed", user, {"from": old, "to": new})


@transaction.atomic
def create_account(
    *,
    email: str,
    password: str,
    display_name: str = "",
    role: str = Role.MEMBER,
    actor=None,
    verified: bool = True,
) -> User:
    """Create an account with a profile and a (verified) email address, for operators and the demo.

    Members normally join through the sign-up form or API, which also record their acceptance of
    the Code of Conduct; an account made here accepts nothing on the person's behalf.
    """
    from allauth.account.models import EmailAddress
    from django.contrib.auth.password_validation import validate_password
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(f"not an email address: {email!r}") from None
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(f"an account with {email} already exists")
    if role not in Role.values:
        raise ValidationError(f"unknown role: {role}")
    validate_password(password, User(email=email))
    user = User.objects.create_user(
        email=email, password=password, role=role, is_staff=role == Role.OWNER
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    create_profile(user, display_name=display_name or email.split("@")[0].replace(".", " ").title())
    record(
        actor,
        "members.account.created",
        user,
        {"role": role, "by": "operator" if actor is None else "owner"},
    )
    return user


@transaction.atomic
def follow_member(user: User, *, actor: User) -> bool:
    """`actor` follows `user`. Idempotent; returns True when a new follow was made."""
    from .models import Follow

    check_permission(actor, Permission.READ_MEMBERS)
    if user.pk == actor.pk:
        raise ValidationError("You cannot follow yourself.")
    _, created = Follow.objects.get_or_create(follower=actor, followee=user)
    if created:
        record(actor, "members.member.followed", user, {})
    return created


@transaction.atomic
def unfollow_member(user: User, *, actor: User) -> bool:
    from .models import Follow

    deleted, _ = Follow.objects.filter(follower=actor, followee=user).delete()
    if deleted:
        record(actor, "members.member.unfollowed", user, {})
    return bool(deleted)


@transaction.atomic
def block_member(user: User, *, actor: User) -> bool:
    """`actor` blocks `user`: silently, their messages, mentions and replies stop reaching `actor`.

    Blocking also ends any follow between the two.
    """
    from .models import Block, Follow

    check_permission(actor, Permission.READ_MEMBERS)
    if user.pk == actor.pk:
        raise ValidationError("You cannot block yourself.")
    _, created = Block.objects.get_or_create(blocker=actor, blocked=user)
    if created:
        Follow.objects.filter(follower=user, followee=actor).delete()
        Follow.objects.filter(follower=actor, followee=user).delete()
        record(actor, "members.member.blocked", user, {})
    return created


@transaction.atomic
def unblock_member(user: User, *, actor: User) -> bool:
    from .models import Block

    deleted, _ = Block.objects.filter(blocker=actor, blocked=user).delete()
    if deleted:
        record(actor, "members.member.unblocked", user, {})
    return bool(deleted)


@transaction.atomic
def update_preferences(user: User, *, actor: User, **prefs) -> Profile:
    """Change who may tag or message `user`, and how notifications are emailed. Only the member."""
    from .models import EmailMode, WhoMayMessage, WhoMayTag

    if actor.pk != user.pk:
        raise ValidationError("Only you can change your preferences.")
    allowed = {
        "who_may_tag": WhoMayTag,
        "who_may_message": WhoMayMessage,
        "email_notifications": EmailMode,
    }
    profile = user.profile
    for name, value in prefs.items():
        choices = allowed.get(name)
        if choices is None:
            raise ValidationError(f"Unknown preference: {name}")
        if value not in choices.values:
            raise ValidationError({name: f"Choose one of: {', '.join(choices.values)}."})
        setattr(profile, name, value)
    profile.save(update_fields=[*prefs, "updated_at"])
    record(actor, "members.preferences.updated", profile, dict(prefs))
    return profile


def end_sessions(user: User) -> int:
    """Log `user` out everywhere: delete their live sessions (returns how many)."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


# --- a member's own data, and deleting their account ----------------------------------------


def _own(user: User, actor: User) -> None:
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied("Only the member themself may do this.")


@transaction.atomic
def export_personal_data(user: User, *, actor: User) -> dict:
    """Everything the community holds about `user` that is theirs to see, as one document for them
    to download: account, profile, self-identification, tokens (never their secrets), whom they
    follow and block, and every app's section (``core.personal_data``). Only the member themself
    may. Audited as ``members.data.exported`` (without the data)."""
    from commons.core.personal_data import export_sections, iso

    _own(user, actor)
    profile = user.profile
    from .queries import own_self_identification

    ident = own_self_identification(user)  # the one way an answer is read
    data = {
        "format": "commons-personal-data/1",
        "exported_at": iso(timezone.now()),
        "account": {
            "id": user.pk,
            "email": user.email,
            "role": user.role,
            "is_host": user.is_host,
            "joined_at": iso(user.date_joined),
            "last_login_at": iso(user.last_login),
        },
        "profile": {
            "handle": profile.handle,
            "display_name": profile.display_name,
            "pronouns": profile.pronouns,
            "headline": profile.headline,
            "job_role": profile.job_role.name if profile.job_role_id else None,
            "sector": profile.sector.name if profile.sector_id else None,
            "company": profile.company,
            "bio": profile.bio,
            "links": list(profile.links or []),
            "avatar": profile.avatar.name or None,
            "visibility": profile.visibility,
            "time_zone": profile.time_zone,
            "who_may_tag": profile.who_may_tag,
            "who_may_message": profile.who_may_message,
            "email_notifications": profile.email_notifications,
        },
        "self_identification": {
            "prefer_not_to_say": ident.prefer_not_to_say,
            "groups": sorted(o.label for o in ident.options.all()),
            "updated_at": iso(ident.updated_at),
        },
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": iso(t.created_at),
                "last_used_at": iso(t.last_used_at),
                "revoked_at": iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "following": sorted(
            Follow.objects.filter(follower=user).values_list("followee__profile__handle", flat=True)
        ),
        "blocked": sorted(
            Block.objects.filter(blocker=user).values_list("blocked__profile__handle", flat=True)
        ),
    }
    data.update(export_sections(user))
    record(actor, "members.data.exported", user, {"sections": len(data)})
    return data


FORMER_MEMBER = "Former member"


@transaction.atomic
def delete_account(user: User, *, actor: User, password: str, delete_content: bool = False) -> dict:
    """Delete `user`'s account at their own request. Only they may, with their password; the last
    owner may not (appoint another first). Not reversible.

    Gone: their email address and password (they cannot log in again; the address is kept only as a
    hash, so that a removal decided later still bars it), their profile (it reads "Former member"
    and is shown nowhere), photo, self-identification, API tokens, sessions, follows and blocks; and,
    through each app's erasure (``core.personal_data``), their places at coming events (the waitlist
    moves up), calendar feed, topic follows, notifications, tags waiting for their consent and open
    invitations; with ``delete_content``, their posts and replies too (deleted as the author deletes
    them). Kept: what they wrote, unless asked, shown as by "Former member"; their messages in other
    members' inboxes; and the safety record (reports, cases, decisions), which the community keeps
    for everyone's safety. Audited as ``members.account.deleted`` with the counts.
    """
    from allauth.account.models import EmailAddress

    from commons.core.personal_data import erase

    _own(user, actor)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.deleted_at is not None or not user.is_active:
        raise ValidationError("This account is already closed.")
    if not user.check_password(password or ""):
        raise ValidationError({"password": "That is not your password."})
    if (
        user.is_owner
        and not User.objects.filter(role=Role.OWNER, is_active=True, deleted_at__isnull=True)
        .exclude(pk=user.pk)
        .exists()
    ):
        raise ValidationError("You are the only owner: appoint another owner before you leave.")

    counts = {"apps": erase(user, delete_content=bool(delete_content))}
    counts["tokens"] = ApiToken.objects.filter(user=user).delete()[0]
    counts["follows"] = Follow.objects.filter(follower=user).delete()[0]
    counts["followers"] = Follow.objects.filter(followee=user).delete()[0]
    counts["blocks"] = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()[0]
    SelfIdentification.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    counts["sessions"] = end_sessions(user)

    profile = user.profile
    if profile.avatar:  # the file goes once the deletion is committed, never before
        transaction.on_commit(partial(profile.avatar.storage.delete, profile.avatar.name))
    profile.display_name = FORMER_MEMBER
    profile.handle = f"former-member-{user.pk}"
    for field in ("pronouns", "headline", "company", "bio", "time_zone"):
        setattr(profile, field, "")
    profile.links, profile.job_role, profile.sector = [], None, None
    profile.avatar = ""
    profile.save()

    user.deleted_email_hash = email_hash(user.email)
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.is_host = False
    user.deleted_at = timezone.now()
    user.save()
    record(
        actor, "members.account.deleted", user, {"content_deleted": bool(delete_content), **counts}
    )
    return counts
