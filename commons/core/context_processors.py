from .queries import current_community


def community(request):
    from commons.conduct.queries import conduct_status_for

    return {
        "community": current_community(),
        "conduct_status": conduct_status_for(request.user),
    }
