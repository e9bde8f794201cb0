from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from commons.conduct.actions import join_community
from commons.conduct.queries import conduct_status_for, current_version
from commons.core.ratelimit import client_ip, hit
from commons.members import actions, queries
from commons.members.models import IdentityOption, ProfessionalRole, Sector, User

from .auth import optional_auth

router = Router(tags=["members"])


class TokenIn(Schema):
    email: str
    password: str


class TokenOut(Schema):
    token: str


class SignupIn(Schema):
    email: str
    password: str
    display_name: str
    conduct_version: int = Field(
        ..., description="The number of the current Code of Conduct, which you accept."
    )
    invitation: str | None = Field(
        None, description="The token from an invitation link, to count you as invited."
    )


class SignupOut(Schema):
    id: int
    detail: str
    invitation_accepted: bool | None = Field(
        None,
        description="Whether the invitation counted; a used or expired link still lets you join.",
    )


class MeOut(Schema):
    id: int
    handle: str
    display_name: str
    email: str
    role: str = Field(..., description="Community role: owner, moderator or member.")
    job_role: str | None
    sector: str | None
    conduct_accepted: int | None = Field(..., description="The newest version you accepted.")
    conduct_current: int | None = Field(..., description="The current version.")
    conduct_needs_acceptance: bool = Field(
        ...,
        description="True until you accept the current version (POST /conduct/accept); until then you may "
        "read and report but not take part.",
    )


class MemberOut(Schema):
    id: int
    handle: str
    display_name: str
    pronouns: str
    headline: str
    job_role: str | None
    sector: str | None
    company: str
    community_role: str
    visibility: str

    @staticmethod
    def resolve_id(obj) -> int:
        return obj.user_id

    @staticmethod
    def resolve_job_role(obj) -> str | None:
        return obj.job_role.slug if obj.job_role else None

    @staticmethod
    def resolve_sector(obj) -> str | None:
        return obj.sector.slug if obj.sector else None

    @staticmethod
    def resolve_community_role(obj) -> str:
        return obj.user.role


class ProfileOut(MemberOut):
    bio: str
    links: list[str]
    avatar_url: str | None

    @staticmethod
    def resolve_avatar_url(obj) -> str | None:
        return obj.avatar.url if obj.avatar else None


class ProfileIn(Schema):
    display_name: str | None = None
    handle: str | None = None
    pronouns: str | None = None
    headline: str | None = None
    job_role: str | None = Field(
        None, description="A role slug from GET /roles, or empty to clear."
    )
    sector: str | None = Field(
        None, description="A sector slug from GET /sectors, or empty to clear."
    )
    company: str | None = None
    bio: str | None = None
    links: list[str] | None = None
    visibility: str | None = Field(None, description="members or public")
    time_zone: str | None = Field(
        None, description="IANA time zone for showing times, e.g. Europe/Paris"
    )
    post_anyway: bool = Field(
        False, description="Save despite a screening nudge (a moderator will look at it)."
    )


class SelfIdIn(Schema):
    prefer_not_to_say: bool = True
    options: list[str] = Field(
        default_factory=list, description="Option slugs from GET /self-identification/options."
    )


class SelfIdOut(Schema):
    prefer_not_to_say: bool
    options: list[str]


class ApiTokenIn(Schema):
    name: str


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: str
    last_used_at: str | None
    revoked: bool


class NewTokenOut(ApiTokenOut):
    token: str


class ListItem(Schema):
    slug: str
    name: str


class RoleIn(Schema):
    role: str


def token_out(token) -> dict:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at.isoformat(),
        "last_used_at": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at is not None,
    }


@router.post(
    "/auth/token", response=TokenOut, auth=None, summary="Exchange email and password for a token"
)
def auth_token(request, data: TokenIn):
    """Same checks as the web login: allauth's throttle of failed logins, then a verified address."""
    adapter = get_adapter(request)
    try:
        user = adapter.authenticate(
            request, email=data.email.strip().lower(), password=data.password
        )
    except ValidationError:  # the only one allauth raises here: too many failed attempts
        raise HttpError(429, "Too many failed attempts; try again in a few minutes.") from None
    # allauth hands back a deactivated account too, so the web login can explain; the API does not
    if user is None or not user.is_active:
        raise HttpError(401, "Email or password is wrong.")
    if not EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists():
        raise HttpError(403, "Verify your email address first; we sent you a link.")
    _, key = actions.create_api_token(user, actor=user, name="API login")
    return {"token": key}


@router.post(
    "/auth/signup",
    response={201: SignupOut},
    auth=None,
    summary="Join by accepting the Code of Conduct",
)
def signup(request, data: SignupIn):
    if not hit("api-signup", client_ip(request), limit=20, period=60):
        raise HttpError(429, "Too many sign-ups from here; try again in a minute.")
    email = data.email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    from commons.safety.queries import is_barred

    if is_barred(email):
        raise HttpError(403, "This email address was removed from the community and cannot join.")
    if (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    ):
        raise HttpError(409, "An account with that email address already exists.")
    current = current_version()
    if current is None or data.conduct_version != current.number:
        raise ValidationError(
            {
                "conduct_version": f"Accept the current Code of Conduct (version {current.number if current else '-'})."
            }
        )
    validate_password(data.password, User(email=email))
    invited = None
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=data.password)
            join_community(
                user, display_name=data.display_name, version_number=data.conduct_version, via="api"
            )
            address = EmailAddress.objects.create(
                user=user, email=email, primary=True, verified=False
            )
            if data.invitation:
                invited = _accept_invitation(data.invitation, user)
    except IntegrityError:  # the same address signed up at the same moment
        raise HttpError(409, "An account with that email address already exists.") from None
    send_verification_email_to_address(request, address, signup=True)
    return Status(
        201,
        {
            "id": user.pk,
            "detail": "Check your email to verify your address, then ask for a token.",
            "invitation_accepted": invited,
        },
    )


def _accept_invitation(token: str, user) -> bool:
    """As on the web: an expired or used link still lets the person join; it just isn't counted."""
    from commons.community.actions import accept_invitation

    try:
        with transaction.atomic():
            accept_invitation(token, user=user)
    except ValidationError:
        return False
    return True


@router.get("/me", response=MeOut, summary="The member behind this token")
def me(request):
    user = request.auth
    profile = user.profile
    status = conduct_status_for(user)
    return {
        "id": user.pk,
        "handle": profile.handle,
        "display_name": profile.display_name,
        "email": user.email,
        "role": user.role,
        "job_role": profile.job_role.slug if profile.job_role else None,
        "sector": profile.sector.slug if profile.sector else None,
        "conduct_accepted": status.accepted,
        "conduct_current": status.current,
        "conduct_needs_acceptance": status.needs_acceptance,
    }


@router.patch("/me/profile", response=ProfileOut, summary="Edit your profile")
def update_profile(request, data: ProfileIn):
    changes = data.dict(exclude_unset=True)
    post_anyway = changes.pop("post_anyway", False)
    if "job_role" in changes:
        slug = changes["job_role"]
        changes["job_role"] = (
            get_object_or_404(ProfessionalRole, slug=slug, is_active=True) if slug else None
        )
    if "sector" in changes:
        slug = changes["sector"]
        changes["sector"] = get_object_or_404(Sector, slug=slug, is_active=True) if slug else None
    profile = actions.update_profile(
        request.auth.profile, actor=request.auth, post_anyway=post_anyway, **changes
    )
    return profile


@router.get(
    "/me/self-identification", response=SelfIdOut, summary="Your private self-identification"
)
def get_self_identification(request):
    ident = queries.own_self_identification(request.auth)
    return {
        "prefer_not_to_say": ident.prefer_not_to_say,
        "options": [o.slug for o in ident.options.all()],
    }


@router.put(
    "/me/self-identification", response=SelfIdOut, summary="Set your private self-identification"
)
def put_self_identification(request, data: SelfIdIn):
    options = list(IdentityOption.objects.filter(slug__in=data.options, is_active=True))
    if len(options) != len(set(data.options)):
        raise ValidationError({"options": "Unknown self-identification option."})
    actions.set_self_identification(
        request.auth,
        actor=request.auth,
        prefer_not_to_say=data.prefer_not_to_say,
        option_ids=[o.pk for o in options],
    )
    return get_self_identification(request)


@router.get(
    "/self-identification/options", response=list[ListItem], summary="Self-identification options"
)
def self_identification_options(request):
    return [
        {"slug": o.slug, "name": o.label} for o in IdentityOption.objects.filter(is_active=True)
    ]


@router.get("/me/tokens", response=list[ApiTokenOut], summary="Your personal tokens")
def list_tokens(request):
    return [token_out(t) for t in request.auth.api_tokens.all()]


@router.post(
    "/me/tokens", response={201: NewTokenOut}, summary="Create a personal token (shown once)"
)
def create_token(request, data: ApiTokenIn):
    token, key = actions.create_api_token(request.auth, actor=request.auth, name=data.name)
    return Status(201, {**token_out(token), "token": key})


@router.delete("/me/tokens/{token_id}", response=ApiTokenOut, summary="Revoke a personal token")
def revoke_token(request, token_id: int):
    token = get_object_or_404(request.auth.api_tokens, pk=token_id)
    return token_out(actions.revoke_api_token(token, actor=request.auth))


@router.get(
    "/members", response=list[MemberOut], auth=optional_auth, summary="The member directory"
)
@paginate(PageNumberPagination, page_size=20)
def list_members(request, q: str = "", role: str = "", sector: str = ""):
    return queries.directory(request.user, q=q, role=role, sector=sector)


@router.get(
    "/members/{handle}", response=ProfileOut, auth=optional_auth, summary="One member's profile"
)
def get_member(request, handle: str):
    return queries.access_profile(request.user, handle)


@router.put(
    "/members/{member_id}/role", response=MemberOut, summary="Appoint a community role (owners)"
)
def set_role(request, member_id: int, data: RoleIn):
    user = get_object_or_404(User.objects.select_related("profile"), pk=member_id, is_active=True)
    actions.appoint_role(user, actor=request.auth, role=data.role)
    return user.profile


@router.get("/roles", response=list[ListItem], auth=None, summary="Professional roles")
def list_roles(request):
    return [
        {"slug": r.slug, "name": r.name} for r in ProfessionalRole.objects.filter(is_active=True)
    ]


@router.get("/sectors", response=list[ListItem], auth=None, summary="Sectors")
def list_sectors(request):
    return [{"slug": s.slug, "name": s.name} for s in Sector.objects.filter(is_active=True)]


# --- your data and your account -----------------------------------------------------------------


@router.get(
    "/me/data",
    response=dict,
    summary="Download your data: everything the community holds about you that is yours to see",
)
def download_data(request):
    return actions.export_personal_data(request.auth, actor=request.auth)


class DeleteAccountIn(Schema):
    password: str = Field(..., description="Your password, to confirm.")
    delete_content: bool = Field(
        False,
        description="Also delete your posts and replies (otherwise they stay, by “Former member”).",
    )


class DeletedOut(Schema):
    deleted: bool


@router.post(
    "/me/delete",
    response=DeletedOut,
    summary="Delete your account (not reversible); this token stops working",
)
def delete_account(request, data: DeleteAccountIn):
    actions.delete_account(
        request.auth,
        actor=request.auth,
        password=data.password,
        delete_content=data.delete_content,
    )
    return {"deleted": True}
