from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from commons.core.forms import apply_validation_error
from commons.core.markdown import render_markdown

from . import actions, queries
from .forms import DeleteAccountForm, ProfileForm, SelfIdentificationForm, TokenForm
from .models import ProfessionalRole, Sector


def directory(request):
    q = request.GET.get("q", "")
    role = request.GET.get("role", "")
    sector = request.GET.get("sector", "")
    profiles = queries.directory(request.user, q=q, role=role, sector=sector)
    page = Paginator(profiles, 24).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "role": role,
        "sector": sector,
        "roles": ProfessionalRole.objects.filter(is_active=True),
        "sectors": Sector.objects.filter(is_active=True),
    }
    template = "members/_directory_results.html" if request.htmx else "members/directory.html"
    return render(request, template, context)


def profile_detail(request, handle):
    profile = queries.access_profile(request.user, handle)
    viewer = request.user
    is_self = viewer.pk == profile.user_id
    context = {"profile": profile, "bio_html": render_markdown(profile.bio), "is_self": is_self}
    if viewer.is_authenticated and not is_self:
        context["following"] = queries.follows(viewer.pk, profile.user_id)
        context["blocking"] = queries.is_blocked(viewer.pk, profile.user_id)
        from commons.community.actions import may_message

        context["can_message"] = may_message(viewer, profile.user)
    return render(request, "members/profile_detail.html", context)


@login_required
def settings_index(request):
    return redirect("members:settings-profile")


@login_required
def settings_profile(request):
    from commons.conduct.moderation import ScreeningNudge

    profile = request.user.profile
    nudge = None
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES, instance=profile)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.changed_data}
            if "avatar" in changes and changes["avatar"] is False:
                changes["avatar"] = ""
            try:
                actions.update_profile(
                    profile,
                    actor=request.user,
                    post_anyway=request.POST.get("post_anyway") == "1",
                    **changes,
                )
            except ScreeningNudge as error:
                profile.refresh_from_db()
                nudge = error
            except ValidationError as error:
                profile.refresh_from_db()
                apply_validation_error(form, error)
            else:
                messages.success(request, "Your profile is saved.")
                return redirect("members:settings-profile")
    else:
        form = ProfileForm(instance=profile)
    return render(
        request,
        "members/settings_profile.html",
        {"form": form, "section": "profile", "nudge": nudge, "anyway_label": "Save anyway"},
    )


@login_required
def settings_privacy(request):
    ident = queries.own_self_identification(request.user)
    if request.method == "POST":
        form = SelfIdentificationForm(request.POST)
        if form.is_valid():
            try:
                actions.set_self_identification(
                    request.user,
                    actor=request.user,
                    prefer_not_to_say=form.cleaned_data["prefer_not_to_say"],
                    option_ids=[o.pk for o in form.cleaned_data["options"]],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, "Saved. Only aggregate counts are ever shown, never your answer."
                )
                return redirect("members:settings-privacy")
    else:
        form = SelfIdentificationForm(
            initial={
                "prefer_not_to_say": ident.prefer_not_to_say,
                "options": list(ident.options.all()),
            }
        )
    return render(request, "members/settings_privacy.html", {"form": form, "section": "privacy"})


@login_required
def settings_data(request):
    """Download my data, and delete my account."""
    form = DeleteAccountForm()
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            try:
                actions.delete_account(
                    request.user,
                    actor=request.user,
                    password=form.cleaned_data["password"],
                    delete_content=form.cleaned_data["delete_content"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                logout(request)
                messages.success(
                    request, "Your account is deleted. Thank you for being part of it."
                )
                return redirect("core:home")
    return render(request, "members/settings_data.html", {"form": form, "section": "data"})


@login_required
@require_POST
def download_data(request):
    """The member's own data as a JSON file (POST: the download is audited)."""
    data = actions.export_personal_data(request.user, actor=request.user)
    response = JsonResponse(data, json_dumps_params={"indent": 1, "ensure_ascii": False})
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{request.user.profile.handle}-data-{stamp}.json"'
    )
    return response


@login_required
def settings_tokens(request):
    new_key = None
    if request.method == "POST":
        form = TokenForm(request.POST)
        if form.is_valid():
            _, new_key = actions.create_api_token(
                request.user, actor=request.user, name=form.cleaned_data["name"]
            )
            form = TokenForm()
    else:
        form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(
        request,
        "members/settings_tokens.html",
        {"form": form, "tokens": tokens, "new_key": new_key, "section": "tokens"},
    )


@login_required
@require_POST
def revoke_token(request, token_id):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    actions.revoke_api_token(token, actor=request.user)
    messages.success(request, f"Token “{token.name}” revoked.")
    return redirect("members:settings-tokens")


@login_required
@require_POST
def relationship(request, handle, what):
    """Follow, unfollow, block or unblock the member at `handle`."""
    profile = queries.access_profile(request.user, handle)
    action = {
        "follow": actions.follow_member,
        "unfollow": actions.unfollow_member,
        "block": actions.block_member,
        "unblock": actions.unblock_member,
    }.get(what)
    if action is None:
        raise Http404
    try:
        action(profile.user, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            "follow": f"You follow {profile.display_name}.",
            "unfollow": f"You no longer follow {profile.display_name}.",
            "block": f"You blocked {profile.display_name}. They are not told.",
            "unblock": f"You unblocked {profile.display_name}.",
        }[what]
        messages.success(request, done)
    return redirect("members:profile", handle)


@login_required
def settings_preferences(request):
    from .forms import PreferencesForm

    profile = request.user.profile
    form = PreferencesForm(
        request.POST or None,
        initial={
            "who_may_tag": profile.who_may_tag,
            "who_may_message": profile.who_may_message,
            "email_notifications": profile.email_notifications,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_preferences(request.user, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Preferences saved.")
            return redirect("members:settings-preferences")
    return render(
        request, "members/settings_preferences.html", {"form": form, "section": "preferences"}
    )
