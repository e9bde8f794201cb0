"""The site shell: home, mission, and the owners' dashboard, which gathers figures from every app."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from . import actions, queries
from .forms import CommunityForm, apply_validation_error
from .markdown import render_markdown
from .permissions import Permission, has_permission


def home(request):
    from commons.community.queries import feed, trending_topics
    from commons.events.queries import visible_events
    from commons.members.queries import visible_profiles

    community = queries.current_community()
    newest = visible_profiles(request.user).order_by("-user__date_joined")[:6]
    return render(
        request,
        "core/home.html",
        {
            "mission_html": render_markdown(community.mission),
            "newest": newest,
            "discussions": feed(request.user, per_page=6).items,
            "trending": trending_topics(limit=6),
            "upcoming_events": visible_events(request.user, when="upcoming")[:4],
        },
    )


def mission(request):
    community = queries.current_community()
    return render(
        request, "core/mission.html", {"mission_html": render_markdown(community.mission)}
    )


def _owners_only(request):
    if not has_permission(request.user, Permission.VIEW_DASHBOARD):
        raise Http404


@login_required
def dashboard(request):
    from commons.conduct.queries import dashboard_figures
    from commons.events.forms import HostRoleForm
    from commons.members.forms import AppointForm, ListItemForm
    from commons.members.models import IdentityOption, ProfessionalRole, Sector, User

    _owners_only(request)
    community = queries.current_community()
    context = {
        **dashboard_figures(request.user),
        "staff": User.objects.filter(role__in=["owner", "moderator"])
        .select_related("profile")
        .order_by("role"),
        "community_form": CommunityForm(initial=_community_initial(community)),
        "appoint_form": AppointForm(),
        "host_form": HostRoleForm(),
        "hosts": User.objects.filter(is_active=True, is_host=True)
        .select_related("profile")
        .order_by("profile__display_name"),
        "list_form": ListItemForm(),
        "job_roles": ProfessionalRole.objects.all(),
        "sectors": Sector.objects.all(),
        "identity_options": IdentityOption.objects.all(),
        "recent": queries.visible_audit_entries(request.user)[:10],
    }
    return render(request, "core/dashboard.html", context)


def _community_initial(community) -> dict:
    return {
        "name": community.name,
        "tagline": community.tagline,
        "mission": community.mission,
        "transparency_public": community.transparency_public,
    }


@login_required
def edit_community(request):
    _owners_only(request)
    form = CommunityForm(
        request.POST or None, initial=_community_initial(queries.current_community())
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_community(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Community details saved.")
            return redirect("core:dashboard")
    return render(request, "core/edit_community.html", {"form": form})


@login_required
def appoint(request):
    from commons.members.actions import appoint_role
    from commons.members.forms import AppointForm
    from commons.members.models import User

    _owners_only(request)
    form = AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", "No member has that email address.")
        else:
            try:
                appoint_role(user, actor=request.user, role=form.cleaned_data["role"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"{user} is now {form.cleaned_data['role']}.")
                return redirect("core:dashboard")
    return render(request, "core/form_page.html", {"form": form, "title": "Appoint a role"})


@login_required
def host_role(request):
    """Give or take a member's host role, which lets them create and run events."""
    from commons.events.forms import HostRoleForm
    from commons.members.actions import set_host
    from commons.members.models import User

    _owners_only(request)
    form = HostRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", "No member has that email address.")
        else:
            set_host(user, actor=request.user, is_host=form.cleaned_data["is_host"])
            done = "can now host events" if user.is_host else "can no longer host events"
            messages.success(request, f"{user} {done}.")
            return redirect("core:dashboard")
    return render(request, "core/form_page.html", {"form": form, "title": "Host role"})


@login_required
def list_item(request):
    from commons.members.actions import save_list_item
    from commons.members.forms import ListItemForm

    _owners_only(request)
    form = ListItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save_list_item(form.cleaned_data.pop("kind"), actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "List saved.")
            return redirect("core:dashboard")
    return render(request, "core/form_page.html", {"form": form, "title": "Edit a list"})


@login_required
def audit(request):
    _owners_only(request)
    verb = request.GET.get("verb", "")
    q = request.GET.get("q", "")
    try:
        actor_id = int(request.GET.get("actor") or 0) or None
    except ValueError:
        actor_id = None
    entries = queries.visible_audit_entries(request.user, verb=verb, actor_id=actor_id, q=q)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit.html", {"page": page, "verb": verb, "q": q, "actor": actor_id or ""}
    )
