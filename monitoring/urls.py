from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/unduh.csv", views.dashboard_csv, name="dashboard_csv"),
    path("sop/<int:pk>/reviu/", views.review_record, name="review_record"),
    path("pemantauan/", views.monitoring_round, name="round"),
    path("pemantauan/unduh/", views.report, name="report"),
    path("sop/<int:pk>/evaluasi/", views.evaluate, name="evaluate"),
    path("evaluasi/<int:pk>/revisi/", views.evaluation_revision, name="evaluation_revision"),
]
