from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


def apply_validation_error(form: forms.Form, error: ValidationError | PermissionDenied) -> None:
    """Show why an action refused on `form`: field errors by field, the rest (and a refusal of
    permission) at the top."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or "You cannot do that.")
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            visible = field in form.fields and not form.fields[field].widget.is_hidden
            form.add_error(field if visible else None, errors)
    else:
        form.add_error(None, error.messages)


class CommunityForm(forms.Form):
    name = forms.CharField(max_length=80)
    tagline = forms.CharField(max_length=200, required=False)
    mission = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), help_text="Markdown.")
    transparency_public = forms.BooleanField(
        required=False,
        label="Publish the monthly transparency report to everyone",
        help_text="Members can always read it; counts under 5 are never shown.",
    )
