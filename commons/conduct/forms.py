from django import forms

from .models import Category, ScreeningAction, ScreeningCategory, Section


class AcceptForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.BooleanField(
        required=True,
        label="I have read this Code of Conduct and I accept it",
        error_messages={"required": "Tick the box to accept the Code of Conduct."},
    )


class DraftForm(forms.Form):
    preamble = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, help_text="Markdown."
    )
    change_summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What changed since the current version. Members read this before they accept.",
    )


class ClauseForm(forms.Form):
    key = forms.CharField(
        max_length=80, label="Clause id", help_text="Stable id, e.g. professional.no-doxing"
    )
    section = forms.ChoiceField(choices=Section.choices)
    category = forms.ChoiceField(choices=Category.choices)
    title = forms.CharField(max_length=160)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


ClauseFormSet = forms.formset_factory(ClauseForm, extra=1, can_delete=True)


def _threshold(label):
    return forms.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        label=label,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
        help_text="A score from 0 to 1; leave empty not to use this action.",
    )


class ScreeningCategoryForm(forms.Form):
    nudge = _threshold("Nudge from score")
    hold = _threshold("Hold from score")
    block = _threshold("Block from score")


class WatchedWordForm(forms.Form):
    phrase = forms.CharField(
        max_length=200,
        label="Word or phrase",
        help_text="Case and obfuscation are ignored; * matches any letters (scam*).",
    )
    category = forms.ChoiceField(choices=ScreeningCategory.choices)
    action = forms.ChoiceField(choices=ScreeningAction.choices)


class TryScreeningForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=20000, label="Text to screen"
    )
    where = forms.ChoiceField(
        required=False,
        label="Written as",
        choices=[
            ("", "(anywhere)"),
            ("post", "a post"),
            ("comment", "a comment"),
            ("profile", "a profile"),
            ("event", "an event description"),
            ("message", "a message"),
        ],
    )
    post_kind = forms.CharField(
        required=False,
        max_length=40,
        label="Kind of post written or replied to",
        help_text="For example pitch_practice or recommendation_request.",
    )

    def context(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("where", "post_kind") if self.cleaned_data.get(k)}


class RescreenForm(forms.Form):
    days = forms.IntegerField(
        min_value=1,
        max_value=365,
        initial=7,
        label="Days to re-screen",
        help_text="Posts, comments, profiles, events and messages written or changed in these days.",
    )
