import hashlib
import secrets

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from commons.core.permissions import Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("an email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.OWNER)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


def email_hash(email: str) -> str:
    """An address kept without keeping it: the SHA-256 of the lower-cased, trimmed address."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()


class User(AbstractBaseUser, PermissionsMixin):
    """An account. The email is the login and is unique whatever its case.

    `role` is the community role (owner, moderator, member); guests have no account. `is_host` lets
    a member create events; owners set it with `members.actions.set_host`.
    """

    email = models.EmailField(max_length=254, unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May use the Django admin.")
    is_host = models.BooleanField(
        default=False, help_text="May create and run events (owners and moderators always may)."
    )
    date_joined = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the member deleted their account (never undone)."
    )
    deleted_email_hash = models.CharField(
        max_length=64,
        blank=True,
        help_text="The SHA-256 of the address a deleted account had (email_hash), so that a later "
        "removal still bars it; the address itself is gone.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        # Lists leave out closed accounts; the few inactive ids are found without scanning everyone.
        indexes = [
            models.Index(
                fields=["id"], condition=models.Q(is_active=False), name="user_inactive_idx"
            )
        ]

    def __str__(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.display_name if profile and profile.display_name else self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.OWNER, Role.MODERATOR)


class ListItem(models.Model):
    """An item of a list owners edit and members pick from; hidden items stay on old profiles."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ProfessionalRole(ListItem):
    """A line of work members pick on their profile (sales, customer success, ...)."""

    class Meta(ListItem.Meta):
        pass


class Sector(ListItem):
    """The industry a member works in; tech comes first."""

    class Meta(ListItem.Meta):
        pass


class Visibility(models.TextChoices):
    MEMBERS = "members", "Members only"
    PUBLIC = "public", "Anyone, including people who are not logged in"


class WhoMayTag(models.TextChoices):
    ANYONE = "anyone", "Anyone"
    FOLLOWING = "following", "People I follow"
    ASK_FIRST = "ask_first", "Ask me first"
    NOBODY = "nobody", "Nobody"


class WhoMayMessage(models.TextChoices):
    ANYONE = "anyone", "Any member"
    FOLLOWING = "following", "People I follow"
    NOBODY = "nobody", "Nobody"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "Right away"
    DAILY = "daily", "In a daily digest"
    OFF = "off", "Never (in the app only)"


class Profile(models.Model):
    """What a member shows of themselves. `handle` is the name used in @mentions."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    handle = models.SlugField(max_length=40, unique=True)
    display_name = models.CharField(max_length=80)
    pronouns = models.CharField(max_length=40, blank=True)
    headline = models.CharField(max_length=140, blank=True)
    job_role = models.ForeignKey(
        ProfessionalRole, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    sector = models.ForeignKey(
        Sector, null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    company = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, max_length=4000)
    links = models.JSONField(default=list, blank=True)
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        help_text="Times are shown in this zone (IANA name, e.g. America/Toronto).",
    )
    who_may_tag = models.CharField(
        max_length=16, choices=WhoMayTag.choices, default=WhoMayTag.ASK_FIRST
    )
    who_may_message = models.CharField(
        max_length=16, choices=WhoMayMessage.choices, default=WhoMayMessage.FOLLOWING
    )
    email_notifications = models.CharField(
        max_length=16, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        indexes = [models.Index(Lower("display_name"), name="profile_display_name_ci_idx")]

    def __str__(self) -> str:
        return self.display_name


class IdentityOption(models.Model):
    """A group a member may privately say they belong to (woman, visible minority, LGBTQIA2+, ...).

    Owners edit the list. Answers are never shown individually, only counted in aggregate.
    """

    slug = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class SelfIdentification(models.Model):
    """A member's private self-identification, kept apart from the profile.

    Read only through `members.queries.own_self_identification` (the member) and
    `members.queries.identity_aggregates` (owners, counts of at least 5).
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="+")
    prefer_not_to_say = models.BooleanField(default=True)
    options = models.ManyToManyField(IdentityOption, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return "self-identification"  # never the answer


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate() -> str:
        return "cmn_" + secrets.token_urlsafe(32)


class Follow(models.Model):
    """`follower` follows `followee`: a connection. Following is one-way and needs no approval."""

    follower = models.ForeignKey(User, on_delete=models.CASCADE, related_name="following_set")
    followee = models.ForeignKey(User, on_delete=models.CASCADE, related_name="follower_set")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(
                condition=~models.Q(follower=models.F("followee")), name="follow_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.followee_id}"


class Block(models.Model):
    """`blocker` blocks `blocked`: no messages, mentions or replies from them reach the blocker.

    The blocked person is not told.
    """

    blocker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
