"""Screening through the API: screen a text, and tune the thresholds and watched words (owners and
moderators). Integrations authenticate with a moderator's token."""

from datetime import datetime
from typing import Literal

from django.http import Http404
from ninja import Field, Router, Schema, Status
from pydantic import BaseModel

from commons.conduct import rescreen, screening
from commons.core.permissions import Permission, check_permission
from commons.screening import CATEGORIES

router = Router(tags=["screening"])

Where = Literal["post", "comment", "profile", "event", "message"]


class ScreenContext(BaseModel):
    """A plain model, not a Schema: a Schema would read any value, a string included, by attributes."""

    where: Where | None = None
    post_kind: str | None = Field(None, max_length=40)
    own_contact: bool | None = None


class ScreenIn(Schema):
    text: str = Field(..., max_length=20000)
    context: ScreenContext | None = None


class Span(Schema):
    category: str
    kind: str
    start: int
    end: int


class ScreenOut(Schema):
    decision: str
    flags: list[str]
    scores: dict[str, float]
    spans: list[Span]
    citations: dict[str, str | None] = Field(
        ..., description="The id of the Code of Conduct clause each flag cites (null if none)."
    )


class CategoryOut(Schema):
    category: str
    cites: str = Field(..., description="The Code of Conduct category its flags cite.")
    is_default: bool
    nudge: float | None
    hold: float | None
    block: float | None


class CategoryIn(Schema):
    nudge: float | None = Field(None, ge=0, le=1)
    hold: float | None = Field(None, ge=0, le=1)
    block: float | None = Field(None, ge=0, le=1)
    reset: bool = Field(False, description="Go back to the defaults (thresholds are then ignored).")


class WatchedWordIn(Schema):
    category: str
    phrase: str = Field(..., max_length=200)
    action: str


class WatchedWordOut(Schema):
    id: int
    category: str
    phrase: str
    action: str


def _word_out(word) -> dict:
    return {"id": word.pk, "category": word.category, "phrase": word.phrase, "action": word.action}


def _category(request, category: str) -> str:
    check_permission(request.auth, Permission.MANAGE_SCREENING)
    if category not in CATEGORIES:
        raise Http404
    return category


@router.post("/screen", response=ScreenOut, summary="Screen a text (moderators, integrations)")
def screen(request, data: ScreenIn):
    check_permission(request.auth, Permission.MANAGE_SCREENING)
    context = data.context.model_dump(exclude_none=True) if data.context else None
    verdict = screening.screen_text(data.text, context or None)
    citations = screening.citations_for(verdict)
    return {
        **verdict.as_json(),
        "citations": {flag: clause.key if clause else None for flag, clause in citations.items()},
    }


@router.get(
    "/screening/categories",
    response=list[CategoryOut],
    summary="Thresholds and actions of every category (owners, moderators)",
)
def list_categories(request):
    check_permission(request.auth, Permission.MANAGE_SCREENING)
    return screening.category_settings()


@router.get(
    "/screening/categories/{category}",
    response=CategoryOut,
    summary="Thresholds and actions of one category (owners, moderators)",
)
def get_category(request, category: str):
    return screening.category_setting(_category(request, category))


@router.put(
    "/screening/categories/{category}",
    response=CategoryOut,
    summary="Set a category's thresholds; an empty one turns its action off (owners, moderators)",
)
def update_category(request, category: str, data: CategoryIn):
    return screening.update_screening_category(
        _category(request, category),
        actor=request.auth,
        nudge=data.nudge,
        hold=data.hold,
        block=data.block,
        reset=data.reset,
    )


@router.get(
    "/screening/watched-words",
    response=list[WatchedWordOut],
    summary="Watched words and phrases (owners, moderators)",
)
def list_watched_words(request):
    check_permission(request.auth, Permission.MANAGE_SCREENING)
    return [_word_out(w) for w in screening.watched_words()]


@router.post(
    "/screening/watched-words",
    response={201: WatchedWordOut},
    summary="Watch a word or phrase (owners, moderators)",
)
def add_watched_word(request, data: WatchedWordIn):
    word = screening.add_watched_word(
        actor=request.auth, category=data.category, phrase=data.phrase, action=data.action
    )
    return Status(201, _word_out(word))


@router.delete(
    "/screening/watched-words/{word_id}",
    response={204: None},
    summary="Stop watching a word or phrase (owners, moderators)",
)
def remove_watched_word(request, word_id: int):
    check_permission(request.auth, Permission.MANAGE_SCREENING)
    word = screening.access_watched_word(request.auth, word_id)
    screening.remove_watched_word(word, actor=request.auth)
    return Status(204, None)


# --- re-screening -----------------------------------------------------------------------------


class RescreenIn(Schema):
    days: int = Field(7, ge=1, le=365, description="Re-screen what was written in these days.")


class RescreenOut(Schema):
    id: int
    days: int
    status: str = Field(..., description="pending, running, finished or failed.")
    total: int = Field(..., description="Pieces of content to read.")
    done: int = Field(..., description="Pieces of content read so far.")
    queued: int = Field(..., description="Put in the moderation queue so far.")
    percent: int
    error: str
    created_at: datetime
    finished_at: datetime | None


@router.post(
    "/screening/rescreen",
    response={202: RescreenOut},
    summary="Re-screen recent content in the background; what now goes over a threshold is queued "
    "for moderators, nothing is unpublished (owners, moderators)",
)
def start_rescreen(request, data: RescreenIn):
    run = rescreen.start_rescreen(actor=request.auth, days=data.days)
    run.refresh_from_db()
    return Status(202, run)


@router.get(
    "/screening/rescreen/{run_id}",
    response=RescreenOut,
    summary="The progress of a re-screening (owners, moderators)",
)
def rescreen_progress(request, run_id: int):
    return rescreen.access_run(request.auth, run_id)
