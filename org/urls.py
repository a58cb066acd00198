from django.urls import path

from . import account_views, signing_views, views

app_name = "org"

urlpatterns = [
    path("kelola/", views.home, name="home"),
    path("kelola/unit/", views.unit_list, name="unit_list"),
    path("kelola/unit/baru/", views.unit_create, name="unit_create"),
    path("kelola/unit/<int:pk>/", views.unit_edit, name="unit_edit"),
    path("kelola/unit/<int:pk>/aktif/", views.unit_active, name="unit_active"),
    path("kelola/unit/<int:pk>/hapus/", views.unit_delete, name="unit_delete"),
    path("kelola/unit/<int:pk>/anggota/", views.unit_members, name="unit_members"),
    path("kelola/anggota/<int:pk>/cabut/", views.membership_remove, name="membership_remove"),
    path("kelola/pengguna/", views.user_list, name="user_list"),
    path("kelola/pengguna/baru/", views.user_create, name="user_create"),
    path("kelola/pengguna/<int:pk>/", views.user_edit, name="user_edit"),
    path("kelola/pengguna/<int:pk>/aktif/", views.user_active, name="user_active"),
    path("kelola/pengguna/<int:pk>/kata-sandi/", views.user_password, name="user_password"),
    path(
        "kelola/pengguna/<int:pk>/dua-langkah/",
        account_views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    path("kelola/impor/", views.user_import, name="user_import"),
    path("kelola/pengaturan/", views.agency_settings, name="settings"),
    path("kelola/log/", views.audit_log, name="audit_log"),
    path("kelola/tanda-tangan/", signing_views.agency_signing, name="agency_signing"),
    path("akun/token/", views.api_token, name="api_token"),
    path("akun/keamanan/", account_views.security, name="security"),
    path("akun/sertifikat/", signing_views.certificate, name="certificate"),
]
