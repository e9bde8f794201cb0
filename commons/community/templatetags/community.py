from django import template

from commons.community.models import KIND_HELP

register = template.Library()


@register.filter
def kind_help(value) -> str:
    return KIND_HELP.get(str(value), "")


@register.simple_tag
def has_reacted(my_reactions, comment, kind) -> bool:
    """Whether the viewer already reacted with `kind` to the post (comment None) or to `comment`."""
    return ((comment.pk if comment else None), kind) in (my_reactions or ())
