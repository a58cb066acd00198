from django.urls import path

from . import views

app_name = "workflow"

urlpatterns = [
    path("tugas/", views.inbox, name="inbox"),
    path("sop/<int:pk>/riwayat/", views.history, name="history"),
    path("sop/<int:sop_pk>/versi/<int:pk>/tindakan/<str:action>/", views.transition, name="transition"),
    path("sop/<int:sop_pk>/versi/<int:pk>/tetapkan/", views.establish, name="establish"),
    path("sop/<int:sop_pk>/versi/<int:pk>/komentar/", views.comment_add, name="comment_add"),
    path("komentar/<int:pk>/selesai/", views.comment_resolve, name="comment_resolve"),
]
