import contextlib

from allauth.account.forms import SignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import (
    EmailMode,
    IdentityOption,
    ProfessionalRole,
    Profile,
    Sector,
    WhoMayMessage,
    WhoMayTag,
)


class JoinForm(SignupForm):
    """Sign-up: an account, a display name, and acceptance of the current Code of Conduct."""

    display_name = forms.CharField(
        max_length=80,
        label="Your name",
        help_text="How other members will see you. You can change it later.",
    )
    accept_conduct = forms.BooleanField(
        required=True,
        label="I have read the Code of Conduct and I accept it",
        error_messages={"required": "Joining means accepting the Code of Conduct."},
    )
    conduct_version = forms.IntegerField(widget=forms.HiddenInput)

    field_order = [
        "display_name",
        "email",
        "password1",
        "password2",
        "accept_conduct",
        "conduct_version",
    ]

    def __init__(self, *args, **kwargs):
        from commons.conduct.queries import current_version

        super().__init__(*args, **kwargs)
        self.current_conduct = current_version()
        if self.current_conduct is not None:
            self.fields["conduct_version"].initial = self.current_conduct.number
            self.fields[
                "accept_conduct"
            ].label = f"I have read the Code of Conduct (version {self.current_conduct.number}) and I accept it"

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("conduct_version")
        if self.current_conduct is None:
            raise ValidationError("The community has not published its Code of Conduct yet.")
        if number != self.current_conduct.number:
            self.fields["conduct_version"].initial = self.current_conduct.number
            self.data = self.data.copy()
            self.data["conduct_version"] = str(self.current_conduct.number)
            raise ValidationError(
                "The Code of Conduct changed while you were reading it. Please read the current version "
                f"(version {self.current_conduct.number}) before you accept it."
            )
        return cleaned

    def save(self, request):
        from commons.community.actions import accept_invitation
        from commons.community.views import INVITATION_SESSION_KEY
        from commons.conduct.actions import join_community

        with transaction.atomic():
            user = super().save(request)
            join_community(
                user,
                display_name=self.cleaned_data["display_name"],
                version_number=self.cleaned_data["conduct_version"],
            )
            token = request.session.pop(INVITATION_SESSION_KEY, None)
            if token:
                # An expired or used link still lets the person join; it just isn't counted.
                with contextlib.suppress(ValidationError):
                    accept_invitation(token, user=user)
        return user


class LinksField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        value = super().to_python(value) or ""
        return [line.strip() for line in value.splitlines() if line.strip()]

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value


class ProfileForm(forms.ModelForm):
    links = LinksField(required=False, help_text="One web address per line, at most 5.")

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "handle",
            "pronouns",
            "headline",
            "job_role",
            "sector",
            "company",
            "bio",
            "links",
            "avatar",
            "visibility",
            "time_zone",
        ]
        labels = {"job_role": "Role", "handle": "Handle (used in @mentions)"}
        help_texts = {
            "pronouns": "Optional, for example she/her, he/him, they/them.",
            "bio": "Markdown.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job_role"].queryset = ProfessionalRole.objects.filter(is_active=True)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        from zoneinfo import available_timezones

        self.fields["time_zone"] = forms.ChoiceField(
            choices=[("", "UTC (not set)")]
            + [(z, z) for z in sorted(available_timezones()) if "/" in z],
            required=False,
            label="Time zone",
            help_text="Event times are shown to you in this zone.",
        )
        self.fields["avatar"].widget = forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
        )

    def _post_clean(self):
        # Validation lives in the action (update_profile); the model form only parses input.
        pass


class SelfIdentificationForm(forms.Form):
    prefer_not_to_say = forms.BooleanField(required=False, label="Prefer not to say")
    options = forms.ModelMultipleChoiceField(
        queryset=IdentityOption.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="I identify as",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["options"].queryset = IdentityOption.objects.filter(is_active=True)


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=80, label="Token name", help_text="What will use it, for example 'CRM sync'."
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    delete_content = forms.BooleanField(
        label="Also delete my posts and replies",
        required=False,
        help_text="Otherwise they stay, shown as by “Former member”.",
    )
    understood = forms.BooleanField(
        label="I understand that this cannot be undone",
        error_messages={"required": "Tick this to confirm that you want to delete your account."},
    )


class AppointForm(forms.Form):
    email = forms.EmailField(label="Member's email")
    role = forms.ChoiceField(
        choices=[("moderator", "Moderator"), ("member", "Member"), ("owner", "Owner")]
    )


class ListItemForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("job_role", "Role"),
            ("sector", "Sector"),
            ("identity", "Self-identification option"),
        ]
    )
    name = forms.CharField(max_length=80)
    slug = forms.SlugField(
        max_length=40, required=False, help_text="Leave empty to derive it from the name."
    )
    position = forms.IntegerField(min_value=0, initial=100)
    is_active = forms.BooleanField(required=False, initial=True, label="Offered to members")


class PreferencesForm(forms.Form):
    who_may_tag = forms.ChoiceField(
        choices=WhoMayTag.choices,
        widget=forms.RadioSelect,
        label="Who may tag me",
        help_text="With “Ask me first”, a tag waits for your approval; until then your name shows as plain text.",
    )
    who_may_message = forms.ChoiceField(
        choices=WhoMayMessage.choices, widget=forms.RadioSelect, label="Who may message me"
    )
    email_notifications = forms.ChoiceField(
        choices=EmailMode.choices, widget=forms.RadioSelect, label="Email me about notifications"
    )
