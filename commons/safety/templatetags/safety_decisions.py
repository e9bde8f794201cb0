from django import template

register = template.Library()


@register.inclusion_tag("safety/decision_banner.html", takes_context=True)
def decision_banner(context):
    """A banner linking to the formal warning the viewer has yet to acknowledge (one query)."""
    from commons.safety.queries import unacknowledged_warnings

    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {"warning": None}
    path = getattr(getattr(request, "resolver_match", None), "url_name", "")
    if path == "acknowledge":
        return {"warning": None}
    return {"warning": unacknowledged_warnings(user).first()}


@register.inclusion_tag("safety/decision_panel.html", takes_context=True)
def decision_panel(context, case, form=None):
    """A case's decisions and the decide form (a fresh one unless `form` is given), for moderators
    who may decide; nothing for anyone else."""
    from commons.core.permissions import Permission, has_permission
    from commons.safety.queries import case_decisions
    from commons.safety.views.decisions import DecisionForm

    request = context.get("request")
    user = getattr(request, "user", None)
    if not has_permission(user, Permission.DECIDE_CASES):
        return {"may_decide": False}
    return {
        "may_decide": True,
        "case": case,
        "form": form or DecisionForm(case=case),
        "decisions": case_decisions(case),
        "request": request,
    }
