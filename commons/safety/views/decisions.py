"""Pages for decisions: the moderators' decide form, confirmations and appeals queue; a member's
"Decisions about me", the warning to acknowledge and the appeal form."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from commons.conduct.models import SECTION_ORDER
from commons.core.forms import apply_validation_error
from commons.core.permissions import Permission, has_permission

from .. import actions, queries
from ..models import Case, Outcome, Recusal


def _case_to_decide(viewer, case_id) -> Case:
    """The case for a moderator with DECIDE_CASES who is not recused; 404 otherwise."""
    if not has_permission(viewer, Permission.DECIDE_CASES):
        raise Http404
    case = (
        Case.objects.filter(pk=case_id)
        .filter(~Exists(Recusal.objects.filter(case_id=OuterRef("pk"), moderator=viewer)))
        .select_related("respondent__profile")
        .first()
    )
    if case is None:
        raise Http404("No such case.")
    return case


def _clause_choices():
    from commons.conduct.queries import current_version

    version = current_version()
    if version is None:
        return []
    clauses = sorted(
        version.clauses.all(), key=lambda c: (SECTION_ORDER.index(c.section), c.position, c.pk)
    )
    return [(c.key, f"{c.number} {c.title}") for c in clauses]


class DecisionForm(forms.Form):
    outcomes = forms.MultipleChoiceField(
        choices=Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Resolve without action, or choose one or more outcomes.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Shown to the member the decision is about (a note when resolving without action).",
    )
    clause_keys = forms.MultipleChoiceField(
        label="Clauses cited", required=False, widget=forms.CheckboxSelectMultiple
    )
    until = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="When a no-contact order, a suspension or an event bar ends.",
    )
    protected = forms.MultipleChoiceField(
        label="Protected members (no-contact order)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    event_id = forms.ChoiceField(label="Event to ask them to leave", required=False)
    remove_content = forms.BooleanField(
        label="Also hide all their posts and replies (removal from the community)", required=False
    )
    external_what = forms.CharField(label="Outside channel: what was done", required=False)
    external_where = forms.CharField(label="Where (LinkedIn page, Instagram, ...)", required=False)
    external_who = forms.CharField(label="Who did it", required=False)
    external_when = forms.CharField(label="When", required=False)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause_keys"].choices = _clause_choices()
        parties = case.parties.filter(user__isnull=False).exclude(user=case.respondent)
        self.fields["protected"].choices = [
            (p.user_id, f"{p.user.profile.display_name} ({p.get_role_display().lower()})")
            for p in parties.select_related("user__profile")
        ]
        from commons.events.models import Event

        # the events they answered, and any event a report names as where it happened
        events = Event.objects.filter(
            Q(rsvps__user=case.respondent) if case.respondent else Q(pk__in=[])
        ) | Event.objects.filter(
            pk__in=case.reports.filter(incident_event__isnull=False).values("incident_event")
        )
        self.fields["event_id"].choices = [("", "—")] + [
            (e.pk, f"{e.title} ({e.starts_at:%Y-%m-%d})")
            for e in events.distinct().order_by("-starts_at")[:50]
        ]

    def outcome_specs(self) -> list[dict]:
        data = self.cleaned_data
        specs = []
        for outcome in data["outcomes"]:
            spec = {"outcome": outcome}
            if outcome in (Outcome.NO_CONTACT, Outcome.SUSPENSION, Outcome.EVENT_REMOVAL):
                spec["until"] = data.get("until")
            if outcome == Outcome.NO_CONTACT:
                spec["protected_user_ids"] = data.get("protected") or []
            if outcome == Outcome.EVENT_REMOVAL:
                spec["event_id"] = data.get("event_id") or None
            if outcome == Outcome.REMOVAL:
                spec["remove_content"] = data.get("remove_content")
            if outcome == Outcome.EXTERNAL_ACTION:
                spec["external"] = {
                    k: data.get(f"external_{k}", "") for k in ("what", "where", "who", "when")
                }
            specs.append(spec)
        return specs


class AppealForm(forms.Form):
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text="Why the decision should change. A moderator who did not make it will review it.",
    )


class ReviewForm(forms.Form):
    result = forms.ChoiceField(
        choices=[
            ("upheld", "Uphold the decision"),
            ("overturned", "Overturn it and undo its effects"),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text="Shown to the member; needed when overturning.",
    )


@login_required
def decide(request, case_id):
    case = _case_to_decide(request.user, case_id)
    form = DecisionForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide(
                case,
                actor=request.user,
                outcomes=form.outcome_specs(),
                reason=form.cleaned_data["reason"],
                clause_keys=form.cleaned_data["clause_keys"],
            )
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(reverse("safety:decide", args=[case.pk]))
    return render(request, "safety/decision_page.html", {"case": case, "decision_form": form})


def _moderated_action(request, decision_id, action, done: str):
    decision = queries.access_moderated_decision(request.user, decision_id)
    try:
        action(decision, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, done)
    return redirect(request.POST.get("next") or reverse("safety:appeals"))


@login_required
@require_POST
def confirm(request, decision_id):
    return _moderated_action(
        request, decision_id, actions.confirm_removal, "Removal confirmed: the account is closed."
    )


@login_required
@require_POST
def decline(request, decision_id):
    return _moderated_action(
        request, decision_id, actions.decline_removal, "The removal will not take effect."
    )


@login_required
def my_decisions(request):
    return render(
        request, "safety/my_decisions.html", {"decisions": queries.decisions_about(request.user)}
    )


@login_required
def acknowledge(request, decision_id):
    decision = queries.access_own_decision(request.user, decision_id)
    if decision.outcome != Outcome.WARNING:
        raise Http404
    if request.method == "POST":
        actions.acknowledge_warning(decision, actor=request.user)
        messages.success(request, "Thank you. You can take part again.")
        return redirect("safety:my-decisions")
    return render(request, "safety/decision_acknowledge.html", {"decision": decision})


@login_required
def appeal(request, decision_id):
    decision = queries.access_own_decision(request.user, decision_id)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.appeal_decision(
                decision, actor=request.user, statement=form.cleaned_data["statement"]
            )
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your appeal is with the moderators.")
            return redirect("safety:my-decisions")
    return render(
        request,
        "safety/appeal_form.html",
        {"decision": decision, "form": form, "deadline": actions.appeal_deadline(decision)},
    )


@never_cache
def appeal_by_link(request, decision_id, token):
    """The appeal page for the holder of the signed link in a removal's email: no login (a removed
    member cannot log in). The link is the credential, so the page is never cached."""
    try:
        decision = queries.access_decision_by_link(decision_id, token)
    except ValidationError as error:
        return render(
            request, "safety/appeal_link.html", {"link_error": " ".join(error.messages)}, status=400
        )
    deadline = actions.appeal_deadline(decision)
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.appeal_decision_by_token(
                decision, token=token, statement=form.cleaned_data["statement"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Your appeal is with the moderators.")
            return redirect(request.path)
    return render(
        request,
        "safety/appeal_link.html",
        {
            "decision": decision,
            "form": form,
            "deadline": deadline,
            "closed": actions.appeal_refusal(decision),
        },
    )


@login_required
def appeals(request):
    return render(
        request,
        "safety/appeals.html",
        {
            "appeals": queries.appeals_queue(request.user),
            "removals": queries.pending_removals(request.user)
            if has_permission(request.user, Permission.DECIDE_CASES)
            else [],
        },
    )


@login_required
def review(request, appeal_id):
    appeal = queries.access_appeal(request.user, appeal_id)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.review_appeal(
                appeal,
                actor=request.user,
                upheld=form.cleaned_data["result"] == "upheld",
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Appeal reviewed.")
            return redirect("safety:appeals")
    return render(request, "safety/appeal_review.html", {"appeal": appeal, "form": form})


urlpatterns = [
    path("cases/<int:case_id>/decide/", decide, name="decide"),
    path("decisions/<int:decision_id>/confirm/", confirm, name="confirm-removal"),
    path("decisions/<int:decision_id>/decline/", decline, name="decline-removal"),
    path("decisions/<int:decision_id>/acknowledge/", acknowledge, name="acknowledge"),
    path("decisions/<int:decision_id>/appeal/", appeal, name="appeal"),
    path("decisions/<int:decision_id>/appeal/<str:token>/", appeal_by_link, name="appeal-link"),
    path("me/decisions/", my_decisions, name="my-decisions"),
    path("appeals/", appeals, name="appeals"),
    path("appeals/<int:appeal_id>/", review, name="review-appeal"),
]
