from django.urls import path

from . import views

app_name = "digitise"

urlpatterns = [
    path("impor/", views.upload, name="upload"),
    path("impor/<int:pk>/", views.batch_detail, name="batch"),
    path("impor/<int:pk>/kemajuan/", views.batch_progress, name="progress"),
    path("impor/berkas/<int:pk>/", views.review, name="review"),
    path("impor/berkas/<int:pk>/asli.pdf", views.original_pdf, name="original"),
    path("impor/berkas/<int:pk>/halaman/<int:page>.png", views.page_image, name="page"),
]
