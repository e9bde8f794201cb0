"""Pages for cases: the moderators' queue and case pages (reports, parties, each party's private
thread, notes, timeline), and a member's own conversations with the moderators.

Every page of a case is 404 for anyone who is not a moderator allowed to see it (members, guests,
recused moderators), guests included (no login redirect that would confirm the page exists), and
every moderator view is audited through ``actions.view_case``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from commons.core.forms import apply_validation_error
from commons.members.models import User

from .. import actions, queries
from ..models import CaseStatus, PartyRole, Severity

# --- forms ------------------------------------------------------------------------------------


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message", max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Note (moderators only)", max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Move to", choices=CaseStatus.choices)
    note = forms.CharField(label="Why (optional)", max_length=300, required=False)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label="Assign to", queryset=User.objects.none(), required=False, empty_label="Nobody"
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = queries.case_moderators(case)


class PartyForm(forms.Form):
    role = forms.ChoiceField(choices=PartyRole.choices)
    handle = forms.CharField(label="Member's handle", max_length=40, required=False)
    email = forms.EmailField(label="Or an email address", required=False)
    name = forms.CharField(label="Name (optional)", max_length=120, required=False)


# --- the queue --------------------------------------------------------------------------------


def _check_handler(request) -> None:
    if not queries.can_handle_cases(request.user):
        raise Http404("No such page.")


@require_GET
def queue(request):
    _check_handler(request)
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    mine = request.GET.get("mine") == "1"
    cases = queries.visible_cases(
        request.user, status=status, assigned_to=request.user if mine else None
    )
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "case": case,
            "since": case.first_report_at,
            "unanswered_since": case.last_party_message_at
            if case.last_party_message_at
            and (
                case.last_moderator_message_at is None
                or case.last_moderator_message_at < case.last_party_message_at
            )
            else None,
            "critical": case.severity == Severity.CRITICAL,
        }
        for case in page
    ]
    return render(
        request,
        "safety/queue.html",
        {"page": page, "rows": rows, "status": status, "mine": mine, "statuses": CaseStatus},
    )


# --- one case ---------------------------------------------------------------------------------


def _case_context(request, case, **forms_) -> dict:
    viewer = request.user
    reports = list(queries.case_reports(case))
    clauses = queries.clauses_by_key({k for r in reports for k in r.clause_keys or []})
    parties = list(queries.case_parties(case))
    context = {
        "case": case,
        "reports": [
            {
                "report": report,
                "reporter": queries.reporter_of(viewer, report),
                "clauses": [(key, clauses.get(key)) for key in report.clause_keys or []],
                "evidence": list(report.evidence.all()),
            }
            for report in reports
        ],
        "parties": parties,
        "notes": list(queries.case_notes(case)),
        "timeline": list(queries.case_timeline(case)),
        "transitions": [
            (s, CaseStatus(s).label)
            for s in CaseStatus.values
            if s in actions.STATUS_TRANSITIONS[case.status]
        ],
        "screened": case.screened_item,
        "screened_pending": case.screened_item is not None
        and case.screened_item.review_state == "pending",
        "note_form": forms_.get("note_form") or NoteForm(),
        "status_form": forms_.get("status_form") or StatusForm(),
        "assign_form": forms_.get("assign_form")
        or AssignForm(case=case, initial={"assignee": case.assignee_id}),
        "party_form": forms_.get("party_form") or PartyForm(),
    }
    return context


@require_GET
def case_detail(request, case_id):
    case = queries.access_case(request.user, case_id)
    actions.view_case(case, actor=request.user, part="case")
    return render(request, "safety/case.html", _case_context(request, case))


def _redisplay(request, case, **forms_):
    return render(request, "safety/case.html", _case_context(request, case, **forms_), status=400)


@require_POST
def case_status(request, case_id):
    case = queries.access_case(request.user, case_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            actions.set_case_status(
                case,
                actor=request.user,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Status changed.")
            return redirect("safety:case", case.pk)
    return _redisplay(request, case, status_form=form)


@require_POST
def case_assign(request, case_id):
    case = queries.access_case(request.user, case_id)
    form = AssignForm(request.POST, case=case)
    if form.is_valid():
        try:
            actions.assign_case(case, actor=request.user, assignee=form.cleaned_data["assignee"])
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Assignment saved.")
            return redirect("safety:case", case.pk)
    return _redisplay(request, case, assign_form=form)


@require_POST
def case_note(request, case_id):
    case = queries.access_case(request.user, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_case_note(case, actor=request.user, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Note added.")
            return redirect("safety:case", case.pk)
    return _redisplay(request, case, note_form=form)


@require_POST
def case_party(request, case_id):
    from commons.members.queries import access_profile

    case = queries.access_case(request.user, case_id)
    form = PartyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        user = None
        if data["handle"]:
            try:
                user = access_profile(request.user, data["handle"].lstrip("@").lower()).user
            except Http404:
                form.add_error("handle", "No member has that handle.")
        if not form.errors:
            try:
                actions.add_party(
                    case,
                    actor=request.user,
                    role=data["role"],
                    user=user,
                    email=data["email"],
                    name=data["name"],
                )
            except (ValidationError, PermissionDenied) as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Party added, with their own private thread.")
                return redirect("safety:case", case.pk)
    return _redisplay(request, case, party_form=form)


@require_POST
def case_screened(request, case_id):
    case = queries.access_case(request.user, case_id)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        messages.error(request, "Choose approve or reject.")
        return redirect("safety:case", case.pk)
    try:
        actions.review_screened_case(case, actor=request.user, approve=decision == "approve")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            "Approved: the content stays published; case closed."
            if decision == "approve"
            else "Rejected: the content is hidden and kept; case closed.",
        )
    return redirect("safety:case", case.pk)


@require_GET
def case_evidence(request, case_id, evidence_id):
    case = queries.access_case(request.user, case_id)
    if not queries.case_has_evidence(case, evidence_id):
        raise Http404("No such evidence.")
    response = queries.evidence_file_response(request.user, evidence_id)
    actions.view_case(case, actor=request.user, part=f"evidence:{evidence_id}")
    return response


def case_thread(request, case_id, party_id):
    """One party's private thread, as the moderators on the case read and write it."""
    case, party = queries.access_case_party(request.user, case_id, party_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_thread_message(party, actor=request.user, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Sent. They get it by email too.")
            return redirect("safety:case-thread", case.pk, party.pk)
    actions.view_case(case, actor=request.user, part=f"thread:{party.pk}")
    return render(
        request,
        "safety/thread.html",
        {
            "case": case,
            "party": party,
            "thread": list(party.messages.all()),
            "form": form,
            "reply_to": actions.thread_reply_to(party),
        },
        status=400 if form.errors else 200,
    )


# --- a member's own conversations with the moderators -----------------------------------------


@login_required
@require_GET
def my_threads(request):
    return render(
        request, "safety/my_threads.html", {"threads": list(queries.my_threads(request.user))}
    )


@login_required
def my_thread(request, party_id):
    party = queries.access_my_thread(request.user, party_id)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.send_thread_message(party, actor=request.user, body=form.cleaned_data["body"])
        except (ValidationError, PermissionDenied) as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "Sent to the moderators.")
            return redirect("safety:my-thread", party.pk)
    return render(
        request,
        "safety/my_threads_detail.html",
        {"party": party, "thread": list(party.messages.all()), "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns = [
    path("cases/", queue, name="queue"),
    path("cases/<int:case_id>/", case_detail, name="case"),
    path("cases/<int:case_id>/status/", case_status, name="case-status"),
    path("cases/<int:case_id>/assign/", case_assign, name="case-assign"),
    path("cases/<int:case_id>/notes/", case_note, name="case-note"),
    path("cases/<int:case_id>/parties/", case_party, name="case-party"),
    path("cases/<int:case_id>/screened/", case_screened, name="case-screened"),
    path("cases/<int:case_id>/evidence/<int:evidence_id>/", case_evidence, name="case-evidence"),
    path("cases/<int:case_id>/threads/<int:party_id>/", case_thread, name="case-thread"),
    path("conversations/", my_threads, name="my-threads"),
    path("conversations/<int:party_id>/", my_thread, name="my-thread"),
]
