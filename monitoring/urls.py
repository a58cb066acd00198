from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/unduh.csv", views.dashboard_csv, name="dashboard_csv"),
    path("sop/<int:pk>/reviu/", views.review_record, name="review_record"),
]
