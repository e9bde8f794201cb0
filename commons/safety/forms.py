from django import forms

from .models import Reason, SubjectType


class ReportForm(forms.Form):
    subject_type = forms.ChoiceField(choices=SubjectType.choices, widget=forms.HiddenInput)
    subject_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.ChoiceField(
        choices=Reason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=5000,
        label="What happened (optional)",
        help_text="The person you report never learns who reported them.",
    )
