from django import template

from commons.community.models import KIND_HELP

register = template.Library()


@register.filter
def kind_help(value) -> str:
    return KIND_HELP.get(str(value), "")
