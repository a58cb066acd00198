from django.urls import path

from . import public_views, views

app_name = "monitoring"

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("publik/sop/<int:pk>/survei/", public_views.survey_form, name="survey_form"),
    path("publik/sop/<int:pk>/pengaduan/", public_views.complaint_form, name="complaint_form"),
    path("publik/pengaduan/", public_views.complaint_track, name="complaint_track"),
    path("survei/", views.survey_results, name="survey_results"),
    path("dasbor/unduh.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dasbor/capaian/", views.indicator_report, name="indicator_report"),
    path("sop/<int:pk>/reviu/", views.review_record, name="review_record"),
    path("pemantauan/", views.monitoring_round, name="round"),
    path("pemantauan/unduh/", views.report, name="report"),
    path("sop/<int:pk>/evaluasi/", views.evaluate, name="evaluate"),
    path("evaluasi/<int:pk>/revisi/", views.evaluation_revision, name="evaluation_revision"),
    path("bacaan/", views.reading_list, name="reading_list"),
    path("sop/<int:sop_pk>/versi/<int:pk>/kuis/", views.quiz_edit, name="quiz_edit"),
    path("bacaan/<int:sop_pk>/<int:pk>/kuis/", views.quiz_take, name="quiz_take"),
    path("sop/<int:sop_pk>/versi/<int:pk>/sudah-dibaca/", views.read_confirm, name="read_confirm"),
    path("sosialisasi/", views.reading_unit, name="reading_unit"),
    path("sop/<int:pk>/sosialisasi/", views.reading_sop, name="reading_sop"),
    path("sop/<int:pk>/sosialisasi/ingatkan/", views.read_remind, name="read_remind"),
    path("sop/<int:pk>/sosialisasi/unit/", views.reading_unit_add, name="reading_unit_add"),
    path("sop/<int:pk>/sosialisasi/unit/<int:unit_pk>/hapus/", views.reading_unit_remove, name="reading_unit_remove"),
    path("sop/<int:pk>/masukan/", views.feedback_send, name="feedback_send"),
    path("masukan/", views.feedback_inbox, name="feedback_inbox"),
    path("masukan/<int:pk>/jawab/", views.feedback_answer, name="feedback_answer"),
    path("masukan/<int:pk>/revisi/", views.feedback_revision, name="feedback_revision"),
]
