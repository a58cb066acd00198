from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("units", views.UnitViewSet, basename="unit")
router.register("sops", views.SOPViewSet, basename="sop")
router.register("versions", views.VersionViewSet, basename="version")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/changes/", views.ChangeFeed.as_view(), name="changes"),
    path("v1/verify/", views.VerifyFile.as_view(), name="verify"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
