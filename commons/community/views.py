from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from commons.conduct.moderation import (
    WAITING_MESSAGE,
    ScreeningNudge,
    ScreeningRefusal,
    held_ids,
)
from commons.conduct.permissions import ConductNotAccepted
from commons.conduct.views import refuse
from commons.core.forms import apply_validation_error
from commons.members.queries import access_profile

from . import actions, queries, search
from .forms import (
    CommentEditForm,
    CommentForm,
    InvitationForm,
    MessageForm,
    PostForm,
    TopicForm,
)
from .models import (
    Comment,
    ContentStatus,
    Mention,
    MentionStatus,
    Message,
    ReactionKind,
    Topic,
)
from .permissions import can_manage_topics

INVITATION_SESSION_KEY = "commons_invitation_token"


def feed(request, topic=None):
    order = request.GET.get("order", "variety")
    try:
        page_number = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page_number = 1
    topic_obj = get_object_or_404(Topic, slug=topic) if topic else None
    try:
        page = queries.feed(request.user, order=order, topic=topic, page=page_number)
    except ValidationError:
        raise Http404 from None
    following_topic = (
        topic_obj is not None
        and queries.topics_for(request.user).filter(pk=topic_obj.pk, following=True).exists()
    )
    return render(
        request,
        "community/feed.html",
        {
            "page": page,
            "order": order,
            "topic": topic_obj,
            "following_topic": following_topic,
            "trending": queries.trending_topics(limit=8),
        },
    )


def _post_anyway(request) -> bool:
    return request.method == "POST" and request.POST.get("post_anyway") == "1"


def _screened_write(request, form, write, fallback):
    """Run ``write()``, an action that screens what the member wrote, for a form view. Returns
    ``(result, nudge, refusal)``: the action's result when it went through; else the nudge to show
    beside the form, or the response that sends a member who has not accepted the current Code of
    Conduct to accept it (``fallback`` otherwise). Any other refusal lands on the form as errors."""
    try:
        return write(), None, None
    except ConductNotAccepted as error:
        return None, None, refuse(request, error, fallback)
    except ScreeningNudge as error:
        return None, error, None
    except (ValidationError, PermissionDenied) as error:
        apply_validation_error(form, error)
        return None, None, None


def _screened(request, content, published: str) -> None:
    """Tell the author whether their post or reply is published or waiting for a moderator."""
    if getattr(content, "screening_message", None):
        messages.info(request, WAITING_MESSAGE)
    else:
        messages.success(request, published)


@login_required
def compose(request):
    form = PostForm(request.POST or None, initial={"kind": request.GET.get("kind", "insight")})
    nudge = None
    if request.method == "POST" and form.is_valid():
        post, nudge, refusal = _screened_write(
            request,
            form,
            lambda: actions.create_post(
                author=request.user,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                topics=[t.slug for t in form.cleaned_data["topics"]],
                post_anyway=_post_anyway(request),
            ),
            "community:feed",
        )
        if refusal:
            return refusal
        if post is not None:
            _screened(request, post, "Your post is published.")
            return redirect("community:post", post.pk)
    return render(request, "community/compose.html", {"form": form, "nudge": nudge})


def post_detail(request, post_id):
    return _post_page(request, post_id)


def _post_page(request, post_id, *, form=None, nudge=None):
    from .thread import render_thread

    detail = queries.post_detail(request.user, post_id)
    return render(
        request,
        "community/post_detail.html",
        {
            "thread_html": render_thread(detail, request),
            "detail": detail,
            "post": detail.post,
            "form": form or CommentForm(),
            "nudge": nudge,
            "reaction_kinds": ReactionKind.choices,
        },
    )


@login_required
def post_edit(request, post_id):
    post = queries.access_post(request.user, post_id)
    if post.author_id != request.user.pk:
        raise Http404
    initial = {
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "topics": list(post.topics.all()),
    }
    form = PostForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    nudge = None
    if request.method == "POST" and form.is_valid():
        edited, nudge, refusal = _screened_write(
            request,
            form,
            lambda: actions.edit_post(
                post,
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                topics=[t.slug for t in form.cleaned_data["topics"]],
                post_anyway=_post_anyway(request),
            ),
            reverse("community:post", args=[post.pk]),
        )
        if refusal:
            return refusal
        if edited is not None:
            _screened(request, edited, "Your post is updated.")
            return redirect("community:post", post.pk)
    return render(request, "community/compose.html", {"form": form, "post": post, "nudge": nudge})


def post_history(request, post_id):
    post = queries.access_post(request.user, post_id)
    return render(
        request, "community/post_history.html", {"post": post, "revisions": post.revisions.all()}
    )


@login_required
@require_POST
def post_delete(request, post_id):
    post = queries.access_post(request.user, post_id)
    try:
        actions.delete_post(post, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, reverse("community:post", args=[post_id]))
    messages.success(request, "Your post is deleted.")
    return redirect("community:feed")


@login_required
@require_POST
def comment_create(request, post_id):
    """Reply to a post. A nudge or a block shows the post again with the reply kept in the form."""
    post = queries.access_post(request.user, post_id)
    form = CommentForm(request.POST)
    back = reverse("community:post", args=[post_id])
    if not form.is_valid():
        messages.error(request, "Write something before you reply.")
        return redirect(back)
    parent = None
    if form.cleaned_data.get("parent_id"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent_id"], post=post).first()
    try:
        comment = actions.create_comment(
            post,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            post_anyway=_post_anyway(request),
        )
    except ScreeningNudge as error:
        return _post_page(request, post_id, form=form, nudge=error)
    except ScreeningRefusal as error:
        apply_validation_error(form, error)
        return _post_page(request, post_id, form=form)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, back)
    if getattr(comment, "screening_message", None):
        messages.info(request, WAITING_MESSAGE)
        return redirect(back)
    return redirect(f"{back}#comment-{comment.pk}")


@login_required
def comment_edit(request, comment_id):
    comment = get_object_or_404(
        Comment.objects.select_related("post"),
        pk=comment_id,
        author=request.user,
        status=ContentStatus.PUBLISHED,
    )
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    nudge = None
    back = reverse("community:post", args=[comment.post_id])
    if request.method == "POST" and form.is_valid():
        edited, nudge, refusal = _screened_write(
            request,
            form,
            lambda: actions.edit_comment(
                comment,
                actor=request.user,
                body=form.cleaned_data["body"],
                post_anyway=_post_anyway(request),
            ),
            back,
        )
        if refusal:
            return refusal
        if edited is not None:
            _screened(request, edited, "Your reply is updated.")
            return redirect(f"{back}#comment-{comment.pk}")
    return render(
        request, "community/comment_edit.html", {"form": form, "comment": comment, "nudge": nudge}
    )


@login_required
@require_POST
def comment_delete(request, comment_id):
    comment = get_object_or_404(Comment, pk=comment_id, author=request.user)
    try:
        actions.delete_comment(comment, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, reverse("community:post", args=[comment.post_id]))
    return redirect("community:post", comment.post_id)


@login_required
@require_POST
def react(request, post_id):
    post = queries.access_post(request.user, post_id)
    comment = None
    if request.POST.get("comment_id"):
        comment = get_object_or_404(Comment, pk=request.POST["comment_id"], post=post)
    kind = request.POST.get("kind", "")
    back = reverse("community:post", args=[post_id]) + (f"#comment-{comment.pk}" if comment else "")
    try:
        if request.POST.get("undo"):
            actions.unreact(post, actor=request.user, kind=kind, comment=comment)
        else:
            actions.react(post, actor=request.user, kind=kind, comment=comment)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, back)
    return redirect(back)


@login_required
@require_POST
def accept_answer(request, post_id, comment_id):
    post = queries.access_post(request.user, post_id)
    comment = get_object_or_404(Comment, pk=comment_id, post=post)
    try:
        actions.accept_answer(post, comment, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, reverse("community:post", args=[post_id]))
    return redirect(f"{reverse('community:post', args=[post_id])}#comment-{comment.pk}")


def topics(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST":
        if not can_manage_topics(request.user):
            raise Http404
        if form.is_valid():
            try:
                topic = actions.create_topic(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, f"Topic “{topic.name}” added.")
                return redirect("community:topics")
    return render(
        request,
        "community/topics.html",
        {
            "topics": queries.topics_for(request.user),
            "trending": queries.trending_topics(limit=10),
            "form": form if can_manage_topics(request.user) else None,
        },
    )


@login_required
@require_POST
def topic_follow(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    if request.POST.get("undo"):
        actions.unfollow_topic(topic, actor=request.user)
    else:
        actions.follow_topic(topic, actor=request.user)
    return redirect(request.POST.get("next") or reverse("community:topic", args=[slug]))


def search_page(request):
    q = request.GET.get("q", "").strip()
    hits = search.search(request.user, q, limit=30) if q else []
    return render(request, "community/search.html", {"q": q, "hits": hits})


@login_required
def tag_requests(request):
    pending = queries.tags_of(request.user, MentionStatus.PENDING)
    linked = queries.tags_of(request.user, MentionStatus.LINKED)[:50]
    return render(request, "community/tag_requests.html", {"pending": pending, "linked": linked})


@login_required
@require_POST
def tag_decide(request, mention_id, decision):
    mention = get_object_or_404(Mention, pk=mention_id, mentioned=request.user)
    action = {
        "approve": actions.approve_tag,
        "decline": actions.decline_tag,
        "remove": actions.remove_tag,
    }.get(decision)
    if action is None:
        raise Http404
    try:
        action(mention, actor=request.user)
    except (ValidationError, PermissionDenied) as error:
        return refuse(request, error, "community:tag-requests")
    done = {
        "approve": "Tag approved: your name now links to your profile.",
        "decline": "Tag declined.",
        "remove": "Tag removed.",
    }[decision]
    messages.success(request, done)
    return redirect(request.POST.get("next") or "community:tag-requests")


@login_required
def conversations(request):
    from .messaging import conversation_list

    return render(
        request, "community/conversations.html", {"conversations": conversation_list(request.user)}
    )


@login_required
def conversation(request, handle):
    from .messaging import conversation_messages

    other = access_profile(request.user, handle).user
    if other.pk == request.user.pk:
        raise Http404
    form = MessageForm(request.POST or None)
    nudge = None
    if request.method == "POST" and form.is_valid():
        sent, nudge, refusal = _screened_write(
            request,
            form,
            lambda: actions.send_message(
                sender=request.user,
                recipient=other,
                body=form.cleaned_data["body"],
                post_anyway=_post_anyway(request),
            ),
            reverse("community:conversation", args=[handle]),
        )
        if refusal:
            return refusal
        if sent is not None:
            if getattr(sent, "screening_message", None):
                messages.info(request, WAITING_MESSAGE)
            return redirect("community:conversation", handle)
    actions.mark_conversation_read(reader=request.user, other=other)
    messages_list = conversation_messages(request.user, other)
    mine = [m.pk for m in messages_list if m.sender_id == request.user.pk and not m.delivered]
    return render(
        request,
        "community/conversation.html",
        {
            "other": other,
            "messages_list": messages_list,
            "held_ids": held_ids(Message, mine) if mine else set(),
            "form": form,
            "can_message": actions.may_message(request.user, other),
            "nudge": nudge,
            "anyway_label": "Send anyway",
        },
    )


@login_required
def invitations(request):
    from commons.core.permissions import Permission, has_permission

    form = InvitationForm(request.POST or None)
    nudge = None
    if request.method == "POST" and form.is_valid():
        sent, nudge, refusal = _screened_write(
            request,
            form,
            lambda: actions.invite_person(
                inviter=request.user,
                email=form.cleaned_data["email"],
                note=form.cleaned_data["note"],
                post_anyway=_post_anyway(request),
            ),
            "community:invitations",
        )
        if refusal:
            return refusal
        if sent is not None:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("community:invitations")
    mine = queries.visible_invitations(request.user)
    everyone = None
    if has_permission(request.user, Permission.SEE_WHO_INVITED):
        everyone = Paginator(queries.visible_invitations(request.user, everyone=True), 50).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "community/invitations.html",
        {
            "form": form,
            "mine": mine,
            "everyone": everyone,
            "now": timezone.now(),
            "nudge": nudge,
            "anyway_label": "Send anyway",
        },
    )


def invitation_landing(request, token):
    try:
        invitation = actions.find_invitation(token)
    except ValidationError as error:
        return render(
            request,
            "community/invitation_invalid.html",
            {"reason": " ".join(error.messages)},
            status=404,
        )
    request.session[INVITATION_SESSION_KEY] = token
    return render(request, "community/invitation_landing.html", {"invitation": invitation})


@login_required
def notifications(request):
    from commons.notifications.actions import mark_read
    from commons.notifications.queries import visible_notifications

    if request.method == "POST":
        mark_read(request.user, actor=request.user)
        return redirect("community:notifications")
    page = Paginator(visible_notifications(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "community/notifications.html", {"page": page})


def report(request):
    """The old address of the report form: the safety app's form answers it."""
    from commons.safety.views.reports import report as safety_report

    return safety_report(request)


def message_visible(message: Message, user) -> bool:
    return user.pk == message.sender_id or (user.pk == message.recipient_id and message.delivered)
