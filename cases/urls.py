from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("pelaksanaan/", views.case_list, name="list"),
    path("pelaksanaan/<int:pk>/", views.case_detail, name="detail"),
    path("pelaksanaan/<int:pk>/langkah/", views.case_step, name="step"),
    path("pelaksanaan/<int:pk>/batal/", views.case_cancel, name="cancel"),
    path("sop/<int:pk>/jalankan/", views.case_start, name="start"),
    path("sop/<int:pk>/pelaksana/", views.mapping, name="mapping"),
    path("publik/lacak/", views.track, name="track"),
]
