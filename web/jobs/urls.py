"""A case's files made on the queue, in the `cases` namespace (web/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("cases/<uuid:case_id>/chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
    path("cases/<uuid:case_id>/chronology.docx", views.chronology_docx, name="chronology_docx"),
    path("cases/<uuid:case_id>/export.zip", views.export, name="export"),
    path("cases/<uuid:case_id>/files/<uuid:file_id>", views.status, name="prepared_file"),
    path(
        "cases/<uuid:case_id>/files/<uuid:file_id>/download",
        views.download,
        name="prepared_download",
    ),
]
