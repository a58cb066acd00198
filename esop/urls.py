from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path

from org.forms import LoginForm, PasswordLinkForm


def health(request):
    """For load balancers and the benchmark's bare view: the whole middleware stack, no query."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("sehat/", health, name="health"),
    path("", include("sop.urls")),
    path("", include("workflow.urls")),
    path("", include("monitoring.urls")),
    path("", include("org.urls")),
    path(
        "masuk/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Setting a password from the link of a new account, an administrator's reset, or "lupa kata sandi".
    path(
        "kata-sandi/lupa/",
        auth_views.PasswordResetView.as_view(form_class=PasswordLinkForm),
        name="password_reset",
    ),
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
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

admin.site.site_header = "e-SOP"
admin.site.site_title = "e-SOP"
