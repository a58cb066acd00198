from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from org import permissions
from org.decorators import member_required
from org.forms import add_errors
from sop import selectors as sop_selectors
from sop.models import VersionStatus
from sop.panels import step_marks_of

from . import panels, rules, selectors, services
from .forms import CommentForm, EstablishForm, TransitionForm
from .models import ReviewComment
from .rules import PAGE_ACTIONS
from .transitions import Action


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _wants_html(request) -> bool:
    return "text/html" in request.headers.get("Accept", "") or request.headers.get("HX-Request") == "true"


def _refusal(request, version, error: Exception, status: int):
    """Browsers get the message on the page they came from; other clients get JSON and the status."""
    text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    if not _wants_html(request):
        return JsonResponse({"error": text, "status": version.status}, status=status)
    messages.error(request, text)
    return redirect(version.get_absolute_url())


@member_required
@require_POST
def transition(request, sop_pk: int, pk: int, action: str):
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    if action == Action.ESTABLISH:  # needs the password form of its own page
        return redirect("workflow:establish", sop_pk=sop_pk, pk=pk)
    if action not in PAGE_ACTIONS:
        raise Http404
    form = TransitionForm(request.POST)
    comment = form.data.get("comment", "")[:4000]
    try:
        services.version_transition(
            version=version, action=action, actor=request.user, comment=comment, ip_address=_client_ip(request)
        )
    except services.InvalidTransition as error:
        return _refusal(request, version, error, 409)
    except ValidationError as error:
        return _refusal(request, version, error, 400)
    version.refresh_from_db()
    if not _wants_html(request):
        return JsonResponse({"status": version.status})
    messages.success(
        request,
        _("%(action)s: berhasil. Status sekarang «%(status)s».")
        % {"action": Action(action).label, "status": version.get_status_display()},
    )
    return redirect(version.get_absolute_url())


@member_required
def establish(request, sop_pk: int, pk: int):
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    if not permissions.can_establish(request.user, version.sop.unit):
        raise PermissionDenied
    form = EstablishForm(request.POST or None, user=request.user, request=request)
    status = 200
    refusal = None
    if version.status == VersionStatus.AWAITING_ESTABLISHMENT:
        # Said before the password is typed: e.g. whoever passed the version on may not establish it.
        refusal = rules.refusal(request.user, version, Action.ESTABLISH)
        status = 403 if refusal else 200
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.version_establish(
                version=version,
                actor=request.user,
                effective_date=form.cleaned_data["effective_date"],
                reauthenticated=True,
                ip_address=_client_ip(request),
                signer=form.signer,
            )
        except services.InvalidTransition as error:
            return _refusal(request, version, error, 409)
        except PermissionDenied as error:  # e.g. separation of duties: said on the page, nothing signed
            form.add_error(None, str(error))
            status = 403
        except ValidationError as error:
            add_errors(form, error)
        else:
            version.refresh_from_db()
            messages.success(
                request, _("SOP ditetapkan. Status sekarang «%(status)s».") % {"status": version.get_status_display()}
            )
            return redirect(version.get_absolute_url())
    return render(
        request,
        "workflow/establish.html",
        {"version": version, "sop": version.sop, "form": form, "refusal": refusal},
        status=status,
    )


def _in_place(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _thread_answer(request, version, number: int, status: int = 200, **answer):
    """A step's thread again after one of its forms was sent in place, with the version's comment list and
    the return banner beside it (htmx out-of-band), so that every count on the page stays true.

    ``answer``: said (read out by screen readers), error, typed (the text kept after a refusal), reply_to
    (the comment whose answer field it was) or new_comment (the field for a new comment), which gets the focus.
    """
    step = next((s for s in version.steps.all() if s.number == number), None)
    if step is None:
        raise Http404
    page_panels = panels.workflow_panels(request, version.sop, version)
    review = next(p for p in page_panels if p.template == "workflow/_review.html")
    banner = next((p for p in page_panels if p.template == "workflow/_return_banner.html"), None)
    context = {
        "sop": version.sop,
        "version": version,
        "panel": review,
        "c": review.context,
        "thread": review.context["threads"].get(number),
        "n": number,
        "step": step,
        "banner": banner,
        "answer": answer,
        "marks": step_marks_of(page_panels).get(number, []),  # the step's phone card, redrawn too
    }
    return render(request, "workflow/_thread_answer.html", context, status=status)


@member_required
@require_POST
def comment_add(request, sop_pk: int, pk: int):
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    form = CommentForm(request.POST)
    valid = form.is_valid()
    data = form.cleaned_data
    parent = None
    if data.get("parent"):
        parent = get_object_or_404(ReviewComment, pk=data["parent"], version=version)
    number = (
        parent.step_number
        if parent
        else next((s.number for s in version.steps.all() if s.pk == data.get("step")), None)
    )
    in_place = _in_place(request) and number is not None

    def refused(text: str):  # in place: the thread again, with what was typed kept in its field
        if in_place:
            typed = request.POST.get("text", "")
            reply_to = parent.pk if parent else None
            return _thread_answer(
                request, version, number, 422, error=text, new_comment=parent is None, typed=typed, reply_to=reply_to
            )
        messages.error(request, text)
        return redirect(version.get_absolute_url() + "#komentar")

    if not valid:
        return refused(_("Komentar tidak boleh kosong dan paling panjang 4000 karakter."))
    try:
        services.comment_add(
            version=version, actor=request.user, text=data["text"], step_id=data["step"], parent=parent
        )
    except (ValidationError, PermissionDenied) as error:
        return refused(" ".join(error.messages) if isinstance(error, ValidationError) else str(error))
    else:
        if in_place:
            said = _("Jawaban tersimpan.") if parent else _("Komentar tersimpan.")
            return _thread_answer(request, version, number, said=said, new_comment=parent is None)
        messages.success(request, _("Komentar tersimpan."))
    return redirect(version.get_absolute_url() + "#komentar")


@member_required
@require_POST
def comment_resolve(request, pk: int):
    comment = get_object_or_404(ReviewComment.objects.select_related("version__sop__unit"), pk=pk)
    version = sop_selectors.version_with_content(request.user, comment.version_id)
    in_place = _in_place(request) and comment.step_number is not None
    try:
        services.comment_resolve(comment=comment, actor=request.user)
    except PermissionDenied as error:
        if not in_place:
            raise
        return _thread_answer(request, version, comment.step_number, 422, error=str(error))
    if in_place:
        return _thread_answer(request, version, comment.step_number, said=_("Komentar ditandai selesai."))
    return redirect(version.get_absolute_url() + "#komentar")


@login_required
def inbox(request):
    items = selectors.inbox(request.user)
    groups = [
        ("to_review", _("Menunggu pemeriksaan Anda"), [i for i in items if i.kind == "to_review"]),
        ("to_establish", _("Menunggu penetapan Anda"), [i for i in items if i.kind == "to_establish"]),
        ("returned", _("Dikembalikan untuk diperbaiki"), [i for i in items if i.kind == "returned"]),
    ]
    sources = selectors.inbox_sources(request.user)
    total = len(items) + sum(len(found) for _source, found in sources)
    return render(request, "workflow/inbox.html", {"groups": groups, "sources": sources, "total": total})


@member_required
def history(request, pk: int):
    sop = sop_selectors.access_sop(request.user, pk)
    if not permissions.can_view_unit_sops(request.user, sop.unit):
        raise PermissionDenied
    versions = sop_selectors.sop_versions(request.user, sop)
    return render(request, "workflow/history.html", {"sop": sop, "versions": versions, "log": selectors.sop_log(sop)})
