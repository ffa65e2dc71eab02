from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("check-a-plan/", views.check, name="check"),
    path("check-a-plan/scans/<uuid:scan_id>/", views.scan, name="scan"),
    path("check-a-plan/letter/", views.letter, name="letter"),
    path("cases/<uuid:case_id>/plans/", views.case_plans, name="case_plans"),
    path(
        "cases/<uuid:case_id>/plans/<int:document_id>/check/", views.case_check, name="case_check"
    ),
    path("cases/<uuid:case_id>/plans/scans/<uuid:scan_id>/", views.case_scan, name="case_scan"),
    path("cases/<uuid:case_id>/plans/checks/<int:check_id>/", views.case_saved, name="case_saved"),
    path(
        "cases/<uuid:case_id>/plans/checks/<int:check_id>/delete/",
        views.case_saved_delete,
        name="case_saved_delete",
    ),
]
