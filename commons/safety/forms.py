"""Report forms: members reporting content, an incident or an outside URL, and the public form."""

import time

from django import forms
from django.core import signing

from .models import Reason, SubjectType

# The public form refuses submissions faster than this (seconds): people read before they write.
MIN_FILL_SECONDS = 3
_STARTED_SALT = "commons.safety.public-report"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; their type and size are checked by the action, from their bytes."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,application/pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    """One form for every kind of report; ``kind`` keeps the fields that kind needs.

    ``content``: a post, comment, member, event or message (hidden ``subject_type``/``subject_id``);
    ``incident``: something that happened at an event or offline; ``url``: content outside Commons.
    """

    subject_type = forms.ChoiceField(
        choices=[(v, label) for v, label in SubjectType.choices], widget=forms.HiddenInput
    )
    subject_id = forms.IntegerField(widget=forms.HiddenInput)
    url = forms.URLField(
        label="Address of what you report",
        max_length=1000,
        assume_scheme="https",
        help_text="The post on the community's LinkedIn page, Instagram, or another channel.",
    )
    incident_when = forms.CharField(
        label="When did it happen?", max_length=120, help_text="A date and time, roughly is fine."
    )
    incident_where = forms.CharField(label="Where?", max_length=200, required=False)
    incident_event = forms.TypedChoiceField(
        label="At which event (if any)?", coerce=int, required=False, empty_value=None
    )
    incident_people = forms.CharField(
        label="Who was involved?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    witnesses = forms.CharField(
        label="Who saw it (witnesses)?",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    clauses = forms.MultipleChoiceField(
        label="Which parts of the Code of Conduct does it break?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.ChoiceField(
        choices=[("", "Work it out from the clauses I cite")] + list(Reason.choices),
        required=False,
        label="What is wrong, in a word (optional)",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
        label="What happened",
        help_text="The person you report never learns who reported them.",
    )
    desired_outcome = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="What outcome do you hope for? (optional)",
    )
    evidence = MultipleFileField(
        label="Evidence (optional)",
        help_text="Screenshots or PDF files. They are kept privately and only moderators on the "
        "case can open them.",
    )
    exclude_moderators = forms.TypedMultipleChoiceField(
        label="Moderators who must not see this report (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    anonymous = forms.BooleanField(
        label="Don't show my name to the moderators",
        required=False,
        help_text="They can still ask you questions in a private conversation, without learning "
        "who you are; you see its progress under My reports.",
    )

    KIND_FIELDS = {
        "content": {"subject_type", "subject_id"},
        "incident": {
            "incident_when",
            "incident_where",
            "incident_event",
            "incident_people",
            "witnesses",
        },
        "url": {"url"},
    }

    def __init__(self, *args, kind="content", clauses=(), moderators=(), events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        for other, names in self.KIND_FIELDS.items():
            if other != kind:
                for name in names:
                    self.fields.pop(name, None)
        self.fields["clauses"].choices = [
            (section, [(c.key, f"{c.number} {c.title}") for c in items])
            for section, items in clauses
        ]
        if moderators:
            self.fields["exclude_moderators"].choices = [
                (m.pk, getattr(getattr(m, "profile", None), "display_name", "") or str(m))
                for m in moderators
            ]
        else:
            self.fields.pop("exclude_moderators")
        if "incident_event" in self.fields:
            self.fields["incident_event"].choices = [("", "Not at an event")] + [
                (e.pk, e.title) for e in events
            ]

    def clean(self):
        data = super().clean()
        if not data.get("clauses") and not data.get("reason") and not self.errors:
            raise forms.ValidationError(
                "Tick at least one part of the Code of Conduct it breaks (or choose what is wrong)."
            )
        return data

    def report_kwargs(self) -> dict:
        """The keyword arguments of ``file_report`` for the cleaned data."""
        data = self.cleaned_data
        if self.kind == "url":
            subject = {"url": data["url"]}
        elif self.kind == "incident":
            subject = {
                "incident": {
                    "when": data["incident_when"],
                    "where": data.get("incident_where", ""),
                    "event_id": data.get("incident_event"),
                    "people": data.get("incident_people", ""),
                    "witnesses": data.get("witnesses", ""),
                }
            }
        else:
            subject = {"type": data["subject_type"], "id": data["subject_id"]}
        return {
            "subject": subject,
            "reason": data.get("reason") or "",
            "clause_keys": data.get("clauses") or [],
            "description": data.get("description", ""),
            "desired_outcome": data.get("desired_outcome", ""),
            "exclude_moderator_ids": data.get("exclude_moderators") or [],
            "evidence": data.get("evidence") or [],
            "anonymous": bool(data.get("anonymous")),
        }


def started_token() -> str:
    """A signed timestamp for the public form's minimum fill time."""
    return signing.dumps(time.time(), salt=_STARTED_SALT)


class PublicReportForm(ReportForm):
    """The form for people without an account: an incident, or outside content when ``url`` is
    given; an email to reach them; a honeypot field and a minimum fill time against bots."""

    contact_name = forms.CharField(label="Your name (optional)", max_length=120, required=False)
    contact_email = forms.EmailField(
        label="Your email", help_text="We write to you here, and only here."
    )
    # Hidden from people by the stylesheet; bots fill every field they see.
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Checked by is_bot(), so a missing one is refused with a sentence, not a hidden field error.
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs["kind"] = "incident"
        kwargs["moderators"] = ()
        super().__init__(*args, **kwargs)
        self.fields.pop("anonymous")
        self.fields["incident_when"].required = False
        self.fields["url"] = forms.URLField(
            label="Address, if it happened online outside Commons (optional)",
            max_length=1000,
            required=False,
            assume_scheme="https",
            help_text="For instance a post on the community's LinkedIn page or Instagram.",
        )
        self.order_fields(["contact_name", "contact_email", "url"])

    def is_bot(self) -> bool:
        """True when the honeypot is filled or the form came back too soon (or with a forged or
        missing start time). Call after ``is_valid()``."""
        if self.data.get("website"):
            return True
        try:
            started = signing.loads(self.data.get("started", ""), salt=_STARTED_SALT, max_age=86400)
        except signing.BadSignature:
            return True
        return time.time() - float(started) < MIN_FILL_SECONDS

    def clean(self):
        data = super().clean()
        if not data.get("url") and not data.get("incident_when") and not self.errors:
            raise forms.ValidationError(
                "Say when it happened, or give the address of what you report."
            )
        return data

    def report_kwargs(self) -> dict:
        kwargs = super().report_kwargs()
        if self.cleaned_data.get("url"):
            kwargs["subject"] = {"url": self.cleaned_data["url"]}
        kwargs.pop("anonymous")
        kwargs.pop("exclude_moderator_ids")
        kwargs["contact_name"] = self.cleaned_data.get("contact_name", "")
        kwargs["contact_email"] = self.cleaned_data["contact_email"]
        return kwargs
