from django import forms

from .models import KIND_HELP, MAX_BODY, MAX_COMMENT, MAX_MESSAGE, MAX_TITLE, PostKind, Topic


class KindSelect(forms.RadioSelect):
    option_template_name = "community/_kind_option.html"


class PostForm(forms.Form):
    kind = forms.ChoiceField(
        choices=PostKind.choices,
        widget=KindSelect,
        initial=PostKind.INSIGHT,
        label="What are you sharing?",
    )
    title = forms.CharField(max_length=MAX_TITLE)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=MAX_BODY,
        help_text="Markdown. Mention a member with @handle (they decide whether they can be tagged) or everyone with @community.",
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Up to 5.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].help_texts = KIND_HELP


class CommentForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_COMMENT, label="Your reply"
    )
    parent_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_COMMENT, label="Your reply"
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_MESSAGE, label="Message"
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Their email")
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
        label="A personal note (optional)",
    )


class TopicForm(forms.Form):
    name = forms.CharField(max_length=60)
    description = forms.CharField(max_length=200, required=False)
