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

from . import rules, selectors, services
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


@member_required
@require_POST
def comment_add(request, sop_pk: int, pk: int):
    version = sop_selectors.version_with_content(request.user, pk, sop_pk=sop_pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Komentar tidak boleh kosong dan paling panjang 4000 karakter."))
        return redirect(version.get_absolute_url() + "#komentar")
    parent = None
    if form.cleaned_data["parent"]:
        parent = get_object_or_404(ReviewComment, pk=form.cleaned_data["parent"], version=version)
    try:
        services.comment_add(
            version=version,
            actor=request.user,
            text=form.cleaned_data["text"],
            step_id=form.cleaned_data["step"],
            parent=parent,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Komentar tersimpan."))
    return redirect(version.get_absolute_url() + "#komentar")


@member_required
@require_POST
def comment_resolve(request, pk: int):
    comment = get_object_or_404(ReviewComment.objects.select_related("version__sop__unit"), pk=pk)
    version = sop_selectors.version_with_content(request.user, comment.version_id)
    services.comment_resolve(comment=comment, actor=request.user)
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
