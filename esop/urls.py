from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.urls import include, path

from org import account_views
from org.forms import LoginForm


def health(request):
    """For load balancers and the benchmark's bare view: the whole middleware stack, no query."""
    return HttpResponse("ok", content_type="text/plain")


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}


def unit_logo(request, name: str):
    """A unit's logo (checked as PNG or JPEG by content when uploaded), for everyone: the letterhead
    is public. Nothing else of the uploaded files is served by address; imports and attachments are
    served by their pages, to who may see them."""
    kind = LOGO_TYPES.get(name.rpartition(".")[2].lower())
    path_ = f"logos/{name}"
    if kind is None or "/" in name or name.startswith(".") or not default_storage.exists(path_):
        raise Http404
    response = FileResponse(default_storage.open(path_, "rb"), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


urlpatterns = [
    path("sehat/", health, name="health"),
    path("", include("sop.urls")),
    path("", include("workflow.urls")),
    path("", include("cases.urls")),
    path("", include("monitoring.urls")),
    path("", include("digitise.urls")),
    path("", include("org.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Setting a password from the link of a new account, an administrator's reset, or "lupa kata sandi".
    path("masuk/kode/", account_views.login_code, name="login_code"),
    path("masuk/buka/<str:token>/", account_views.unlock, name="unlock"),
    path("kata-sandi/lupa/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("kata-sandi/lupa/terkirim/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "kata-sandi/atur/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("kata-sandi/selesai/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("api/", include("api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("media/logos/<str:name>", unit_logo, name="unit_logo"),
]

admin.site.site_header = "e-SOP"
admin.site.site_title = "e-SOP"
