from django import forms

from .models import Category, Section


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
