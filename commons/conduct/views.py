from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from commons.core.forms import apply_validation_error
from commons.core.markdown import render_markdown
from commons.core.permissions import Permission, has_permission
from commons.screening import CATEGORIES

from . import actions, moderation, queries, rescreen, screening
from .forms import (
    AcceptForm,
    ClauseFormSet,
    DraftForm,
    RescreenForm,
    ScreeningCategoryForm,
    TryScreeningForm,
    WatchedWordForm,
)
from .models import ReviewState


def _version_context(version):
    return {
        "version": version,
        "preamble_html": render_markdown(version.preamble),
        "sections": queries.clauses_by_section(version),
    }


def conduct(request):
    version = queries.current_version()
    if version is None:
        return render(request, "conduct/none_yet.html", status=404)
    context = _version_context(version)
    context["versions"] = queries.published_versions()
    context["drafts"] = queries.draft_versions(request.user)
    return render(request, "conduct/conduct.html", context)


def version_detail(request, number):
    version = queries.access_version(request.user, number)
    context = _version_context(version)
    context["versions"] = queries.published_versions()
    return render(request, "conduct/conduct.html", context)


@login_required
def accept(request):
    version = queries.current_version()
    if version is None:
        raise Http404
    status = queries.conduct_status_for(request.user)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        form = AcceptForm(request.POST)
        if form.is_valid():
            try:
                actions.accept_conduct(request.user, version_number=form.cleaned_data["version"])
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    f"Thank you. You accepted version {version.number} of the Code of Conduct.",
                )
                return redirect(next_url or "core:home")
    else:
        form = AcceptForm(initial={"version": version.number})
    context = _version_context(version)
    context.update(
        form=form,
        next=next_url,
        status=status,
        changes=queries.changes_since(status.accepted, version.number)
        if status.is_new_version
        else [],
    )
    return render(request, "conduct/accept.html", context)


def _owner_only(request):
    if not has_permission(request.user, Permission.DRAFT_CONDUCT):
        raise Http404


@login_required
@require_POST
def draft_create(request):
    _owner_only(request)
    try:
        draft = actions.create_draft(actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("conduct:home")
    return redirect("conduct:draft-edit", number=draft.number)


@login_required
def draft_edit(request, number):
    _owner_only(request)
    version = queries.access_version(request.user, number)
    if version.is_published:
        return redirect("conduct:version", number=number)
    initial_clauses = [
        {
            "key": c.key,
            "section": c.section,
            "category": c.category,
            "title": c.title,
            "text": c.text,
        }
        for c in version.clauses.all()
    ]
    if request.method == "POST":
        form = DraftForm(request.POST)
        formset = ClauseFormSet(request.POST, initial=initial_clauses, prefix="clauses")
        if form.is_valid() and formset.is_valid():
            clauses = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                actions.update_draft(
                    version,
                    actor=request.user,
                    preamble=form.cleaned_data["preamble"],
                    change_summary=form.cleaned_data["change_summary"],
                    clauses=clauses,
                )
                if "publish" in request.POST:
                    actions.publish_version(version, actor=request.user)
                    messages.success(
                        request,
                        f"Version {version.number} is published. Members will be asked to accept it.",
                    )
                    return redirect("conduct:home")
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Draft saved.")
                return redirect("conduct:draft-edit", number=number)
    else:
        form = DraftForm(
            initial={"preamble": version.preamble, "change_summary": version.change_summary}
        )
        formset = ClauseFormSet(initial=initial_clauses, prefix="clauses")
    return render(
        request, "conduct/draft_edit.html", {"version": version, "form": form, "formset": formset}
    )


@login_required
@require_POST
def draft_discard(request, number):
    _owner_only(request)
    version = queries.access_version(request.user, number)
    try:
        actions.discard_draft(version, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("conduct:home")


def _screening_staff_only(request):
    if not has_permission(request.user, Permission.MANAGE_SCREENING):
        raise Http404


def _screening_page(
    request,
    *,
    category_errors=None,
    word_form=None,
    try_form=None,
    verdict=None,
    rescreen_form=None,
):
    category_errors = category_errors or {}
    clauses = screening.cited_clauses()
    rows = []
    for row in screening.category_settings():
        form = category_errors.get(row["category"]) or ScreeningCategoryForm(
            initial=row, prefix=row["category"]
        )
        rows.append({**row, "form": form, "clause": clauses.get(row["cites"])})
    result = None
    if verdict is not None:
        citations = screening.citations_for(verdict, clauses)
        text = try_form.cleaned_data["text"]
        result = {
            "verdict": verdict,
            "flags": [{"category": flag, "clause": citations.get(flag)} for flag in verdict.flags],
            "scores": [(c, verdict.scores[c]) for c in CATEGORIES],
            "spans": [{**s, "text": text[s["start"] : s["end"]]} for s in verdict.spans],
        }
    return render(
        request,
        "conduct/screening.html",
        {
            "rows": rows,
            "words": screening.watched_words(),
            "word_form": word_form or WatchedWordForm(),
            "try_form": try_form or TryScreeningForm(),
            "result": result,
            "rescreen_form": rescreen_form or RescreenForm(),
            "runs": list(rescreen.latest_runs(request.user)),
        },
    )


@login_required
def screening_settings(request):
    _screening_staff_only(request)
    if request.method == "POST":
        try_form = TryScreeningForm(request.POST)
        verdict = None
        if try_form.is_valid():
            verdict = screening.screen_text(
                try_form.cleaned_data["text"], try_form.context() or None
            )
        return _screening_page(request, try_form=try_form, verdict=verdict)
    return _screening_page(request)


@login_required
@require_POST
def screening_category(request, category):
    _screening_staff_only(request)
    if category not in CATEGORIES:
        raise Http404
    if "reset" in request.POST:
        screening.update_screening_category(category, actor=request.user, reset=True)
        messages.success(request, f"Screening settings for {category} are back to the defaults.")
        return redirect("conduct:screening")
    form = ScreeningCategoryForm(request.POST, prefix=category)
    if form.is_valid():
        try:
            screening.update_screening_category(category, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
    if form.errors:
        return _screening_page(request, category_errors={category: form})
    messages.success(request, f"Screening settings for {category} saved.")
    return redirect("conduct:screening")


@login_required
@require_POST
def watched_word_add(request):
    _screening_staff_only(request)
    form = WatchedWordForm(request.POST)
    if form.is_valid():
        try:
            word = screening.add_watched_word(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"Now watching {word}.")
            return redirect("conduct:screening")
    return _screening_page(request, word_form=form)


@login_required
@require_POST
def watched_word_remove(request, pk):
    word = screening.access_watched_word(request.user, pk)
    screening.remove_watched_word(word, actor=request.user)
    messages.success(request, f"No longer watching {word}.")
    return redirect("conduct:screening")


@login_required
@require_POST
def rescreen_start(request):
    """Start re-screening recent content in the background; the settings page shows its progress."""
    _screening_staff_only(request)
    form = RescreenForm(request.POST)
    if form.is_valid():
        try:
            run = rescreen.start_rescreen(actor=request.user, days=form.cleaned_data["days"])
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                f"Re-screening the last {run.days} days. What now goes over a threshold is put in "
                "the moderation queue; nothing is unpublished.",
            )
            return redirect(f"{reverse('conduct:screening')}#rescreen-heading")
    return _screening_page(request, rescreen_form=form)


@login_required
def rescreen_progress(request, pk):
    """The progress of one re-screening run (an htmx fragment that polls itself while it runs)."""
    run = rescreen.access_run(request.user, pk)
    return render(request, "conduct/_rescreen_progress.html", {"run": run})


# --- moderation queue -------------------------------------------------------------------------


def moderation_queue(request):
    """Held and nudged-then-posted content waiting for a moderator (or, ?state=, already decided)."""
    if not moderation.can_review_screened(request.user):
        raise Http404
    state = request.GET.get("state", ReviewState.PENDING)
    if state not in ReviewState.values:
        state = ReviewState.PENDING
    return render(
        request,
        "conduct/queue.html",
        {
            "rows": moderation.queue_rows(request.user, state=state),
            "state": state,
            "states": ReviewState.choices,
        },
    )


@require_POST
def moderation_decide(request, pk, decision):
    """Approve or reject one screened item, then go back to the queue."""
    item = moderation.access_screened(request.user, pk)
    act = {"approve": moderation.approve_screened, "reject": moderation.reject_screened}.get(
        decision
    )
    if act is None:
        raise Http404
    try:
        act(item, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Approved: it is published." if decision == "approve" else "Rejected: it is hidden.",
        )
    return redirect("conduct:queue")


def refuse(request, error, fallback):
    """Tell the member why an action refused and send them back to `fallback` (a URL or URL name);
    when the reason is an unaccepted Code of Conduct, send them to accept it instead."""
    from .permissions import ConductNotAccepted

    if isinstance(error, ConductNotAccepted):
        messages.error(request, str(error))
        return redirect(f"{reverse('conduct:accept')}?next={request.path}")
    messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return redirect(fallback)
