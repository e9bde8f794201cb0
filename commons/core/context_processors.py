from .queries import current_community


def community(request):
    """Site-wide context: the community, the viewer's standing with the Code of Conduct, and counts
    of unread notifications and waiting tag requests for the menu."""
    from commons.conduct.queries import conduct_status_for

    context = {"community": current_community(), "conduct_status": conduct_status_for(request.user)}
    if request.user.is_authenticated:
        from commons.community.queries import tags_of
        from commons.notifications.queries import unread_count

        context["unread_notifications"] = unread_count(request.user)
        context["pending_tags"] = tags_of(request.user).count()
    return context
