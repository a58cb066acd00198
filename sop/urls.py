from django.urls import path

from . import views

app_name = "sop"

urlpatterns = [
    path("", views.sop_list, name="list"),
    path("sop/<int:pk>/", views.sop_detail, name="detail"),
    path("sop/<int:sop_pk>/versi/<int:pk>/", views.version_detail, name="version"),
    path("sop/<int:pk>/bandingkan/", views.compare, name="compare"),
    path("sop/<int:sop_pk>/versi/<int:pk>/riwayat-isian/", views.field_history, name="field_history"),
]
