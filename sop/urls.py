from django.urls import path

from . import edit_views, public_views, views

app_name = "sop"

draft = "sop/<int:sop_pk>/versi/<int:pk>/"

urlpatterns = [
    path("", views.sop_list, name="list"),
    path("daftar.xlsx", views.sop_list_xlsx, name="list_xlsx"),
    path("unduhan/", views.export_start, name="export_start"),
    path("unduhan/<int:pk>/", views.export_detail, name="export_detail"),
    path("unduhan/<int:pk>/berkas/", views.export_file, name="export_file"),
    path("sop/baru/", edit_views.create, name="create"),
    path("sop/usul-nomor/", edit_views.propose_number, name="propose_number"),
    path("sop/<int:pk>/", views.sop_detail, name="detail"),
    path("sop/<int:pk>/revisi/", edit_views.revise, name="revise"),
    path("sop/<int:pk>/bandingkan/", views.compare, name="compare"),
    path(draft, views.version_detail, name="version"),
    path(draft + "riwayat-isian/", views.field_history, name="field_history"),
    path(draft + "pdf/", views.version_pdf, name="pdf"),
    path(draft + "pdf-bertanda-tangan/", views.signed_pdf, name="signed_pdf"),
    path("verifikasi/", views.verify_file, name="verify_file"),
    path("verifikasi/<str:content_hash>/", views.verify, name="verify"),
    path("publik/", public_views.public_list, name="public_list"),
    path("publik/sop/<int:pk>/", public_views.public_detail, name="public_detail"),
    path("publik/sop/<int:pk>/pdf/", public_views.public_pdf, name="public_pdf"),
    path(draft + "identitas/", edit_views.edit_identity, name="edit_identity"),
    path(draft + "langkah/", edit_views.edit_steps, name="edit_steps"),
    path(draft + "langkah/tambah/", edit_views.step_add, name="step_add"),
    path(draft + "langkah/<int:step_pk>/simpan/", edit_views.step_save, name="step_save"),
    path(draft + "langkah/pratinjau/", edit_views.edit_preview, name="edit_preview"),
    path(draft + "langkah/<int:step_pk>/pindah/", edit_views.step_move, name="step_move"),
    path(draft + "langkah/<int:step_pk>/hapus/", edit_views.step_delete, name="step_delete"),
    path(draft + "pelaksana/tambah/", edit_views.actor_add, name="actor_add"),
    path(draft + "pelaksana/<int:actor_pk>/simpan/", edit_views.actor_update, name="actor_update"),
    path(draft + "pelaksana/<int:actor_pk>/pindah/", edit_views.actor_move, name="actor_move"),
    path(draft + "pelaksana/<int:actor_pk>/hapus/", edit_views.actor_delete, name="actor_delete"),
]
