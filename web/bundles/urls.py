from django.urls import path

from . import views

app_name = "bundles"

urlpatterns = [
    path("cases/<uuid:case_id>/bundle/", views.bundle, name="bundle"),
    path("cases/<uuid:case_id>/bundle/add", views.add, name="add"),
    path("cases/<uuid:case_id>/bundle/chronology", views.chronology, name="chronology"),
    path("cases/<uuid:case_id>/bundle/items/<int:item_id>", views.item_edit, name="item_edit"),
    path("cases/<uuid:case_id>/bundle/items/<int:item_id>/move", views.move, name="move"),
    path("cases/<uuid:case_id>/bundle/items/<int:item_id>/remove", views.remove, name="remove"),
    path("cases/<uuid:case_id>/bundle/pdf", views.build, name="make"),
    path("cases/<uuid:case_id>/bundle/pdf/<uuid:build_id>", views.build_status, name="build"),
    path(
        "cases/<uuid:case_id>/bundle/pdf/<uuid:build_id>/download",
        views.download,
        name="download",
    ),
    path("cases/<uuid:case_id>/tribunal-dates", views.timetable, name="timetable"),
    path("cases/<uuid:case_id>/hearing-checklist", views.checklist, name="checklist"),
]
