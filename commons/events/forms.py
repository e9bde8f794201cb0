"""Forms of the event pages. They parse input only; every rule is checked by `events.actions`, whose
ValidationError is shown on the form (`commons.core.forms.apply_validation_error`)."""

from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.db.models import Q

from commons.community.models import Topic
from commons.core.permissions import Role
from commons.members.models import User

from .models import MAX_DESCRIPTION, MAX_REMOVAL_MESSAGE, MAX_TITLE, EventKind, RsvpStatus

ACKNOWLEDGEMENT = "I have read and will follow the Code of Conduct at this event"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _zones() -> list[tuple[str, str]]:
    names = sorted(available_timezones() - {"UTC"})
    return [("UTC", "UTC"), *((name, name.replace("_", " ")) for name in names)]


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock date and time (`<input type="datetime-local">`), returned naive: the action reads it
    in the event's time zone, not the server's."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(tzinfo=None) if value is not None else None


def wall_clock(moment, zone: str):
    """`moment` (aware) as a naive wall-clock time in `zone`, to fill a LocalDateTimeField."""
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.profile.display_name


class SpeakersField(forms.CharField):
    """One speaker a line: `Name — about` (the part after a dash is optional)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        speakers = []
        for line in (super().to_python(value) or "").splitlines():
            name, _, about = line.replace(" — ", " - ").partition(" - ")
            if name.strip():
                speakers.append({"name": name.strip(), "about": about.strip()})
        return speakers

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{s['name']} — {s['about']}" if s.get("about") else s["name"] for s in value
            )
        return value


def host_choices():
    """Members who may host: owners, moderators and members with the host role."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_host=True) | Q(role__in=[Role.OWNER, Role.MODERATOR]))
        .select_related("profile")
        .order_by("profile__display_name", "pk")
    )


class EventForm(forms.Form):
    title = forms.CharField(max_length=MAX_TITLE)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_DESCRIPTION,
        required=False,
        help_text="Markdown.",
    )
    kind = forms.ChoiceField(choices=EventKind.choices, widget=forms.RadioSelect)
    starts_at = LocalDateTimeField(label="Starts", help_text="Local time where the event happens.")
    ends_at = LocalDateTimeField(label="Ends", help_text="Local time where the event happens.")
    timezone = forms.ChoiceField(label="Time zone", choices=_zones, initial="UTC")
    venue = forms.CharField(max_length=300, required=False, help_text="For events in person.")
    meeting_link = forms.CharField(
        max_length=500,
        required=False,
        label="Meeting link",
        help_text="Shown only to people going and to the hosts.",
    )
    # No lower bound here: the action says what is wrong with a negative capacity.
    capacity = forms.IntegerField(
        required=False, help_text="How many people can go. Leave empty for no limit."
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Up to 5.",
    )
    hosts = MemberChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Empty: you host it.",
    )
    speakers = SpeakersField(
        required=False,
        label="Speakers",
        help_text="One a line, optionally with a few words about them: “Name — about”.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hosts"].queryset = host_choices()

    def action_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "kind": data["kind"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "timezone": data["timezone"],
            "venue": data["venue"],
            "meeting_link": data["meeting_link"],
            "capacity": data["capacity"],
            "topics": [t.slug for t in data["topics"]],
            "hosts": list(data["hosts"]),
            "speakers": data["speakers"],
        }


class RsvpForm(forms.Form):
    status = forms.ChoiceField(
        label="Your answer",
        choices=[
            (RsvpStatus.GOING, "Going"),
            (RsvpStatus.INTERESTED, "Interested"),
            (RsvpStatus.NOT_GOING, "Not going"),
        ],
        widget=forms.RadioSelect,
        initial=RsvpStatus.GOING,
    )
    acknowledge_conduct = forms.BooleanField(
        required=False,
        label=ACKNOWLEDGEMENT,
        help_text="Needed to go. You accepted the Code of Conduct when you joined; this is for this event.",
    )


class InviteMemberForm(forms.Form):
    invitee = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="A connection",
        help_text="People you follow or who follow you.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["invitee"]
        field.queryset = (
            User.objects.filter(is_active=True)
            .filter(Q(follower_set__follower=user) | Q(following_set__followee=user))
            .exclude(pk=user.pk)
            .select_related("profile")
            .distinct()
            .order_by("profile__display_name", "pk")
        )
        field.label_from_instance = lambda obj: obj.profile.display_name


class InviteEmailForm(forms.Form):
    email = forms.EmailField(label="Their email", help_text="Someone who is not a member yet.")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="A personal note (optional)",
    )


class CancelEventForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        label="Reason (sent to everyone who answered)",
    )


class DuplicateEventForm(forms.Form):
    starts_at = LocalDateTimeField(
        label="New start", help_text="Local time where the event happens; it lasts as long."
    )


class CheckInCodeForm(forms.Form):
    code = forms.CharField(max_length=20, label="Ticket code", help_text="For example ABCD-2345.")


class RemoveAttendeeForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=MAX_REMOVAL_MESSAGE,
        label="Private message to them",
        help_text="Only this person sees it. Say why they are asked to leave.",
    )
    barred_until = forms.DateField(
        required=False,
        label="Bar from all events until (optional)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class HostRoleForm(forms.Form):
    """The owners' dashboard: give or take a member's host role (`members.actions.set_host`)."""

    email = forms.EmailField(label="Member's email")
    is_host = forms.TypedChoiceField(
        label="Host role",
        choices=[("1", "Can host events"), ("0", "Cannot host events")],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
