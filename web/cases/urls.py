from django.urls import path

from web.jobs import views as jobs
from web.letters import case_views as letters

from . import views

app_name = "cases"

urlpatterns = [
    path("cases/", views.index, name="index"),
    path("cases/new", views.new, name="new"),
    path("cases/<uuid:case_id>/", views.dashboard, name="dashboard"),
    path("cases/<uuid:case_id>/details", views.edit, name="edit"),
    path("cases/<uuid:case_id>/events/new", views.event_new, name="event_new"),
    path("cases/<uuid:case_id>/events/<int:event_id>", views.event_edit, name="event_edit"),
    path(
        "cases/<uuid:case_id>/events/<int:event_id>/delete",
        views.event_delete,
        name="event_delete",
    ),
    path("cases/<uuid:case_id>/documents/new", views.document_new, name="document_new"),
    path("cases/<uuid:case_id>/documents/<int:document_id>", views.document, name="document"),
    path(
        "cases/<uuid:case_id>/documents/<int:document_id>/details",
        views.document_edit,
        name="document_edit",
    ),
    path(
        "cases/<uuid:case_id>/documents/<int:document_id>/delete",
        views.document_delete,
        name="document_delete",
    ),
    path("cases/<uuid:case_id>/deadlines.ics", views.calendar, name="calendar"),
    path("cases/<uuid:case_id>/calendar-feed", views.calendar_feed, name="calendar_feed"),
    path("cases/<uuid:case_id>/chronology.pdf", views.chronology_pdf, name="chronology_pdf"),
    path("cases/<uuid:case_id>/chronology.docx", views.chronology_docx, name="chronology_docx"),
    path("cases/<uuid:case_id>/export.zip", views.export, name="export"),
    path("cases/<uuid:case_id>/files/<uuid:file_id>", jobs.status, name="prepared_file"),
    path(
        "cases/<uuid:case_id>/files/<uuid:file_id>/download",
        jobs.download,
        name="prepared_download",
    ),
    path("cases/<uuid:case_id>/close", views.close, name="close"),
    path("cases/<uuid:case_id>/delete", views.delete, name="delete"),
    path("cases/<uuid:case_id>/letters/<slug:letter_type>/", letters.start, name="letter_start"),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/check", letters.check, name="letter_check"
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/letter.<slug:ext>",
        letters.download,
        name="letter_download",
    ),
    path("cases/<uuid:case_id>/letters/<slug:letter_type>/save", letters.save, name="letter_save"),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/before-you-send",
        letters.notes,
        name="letter_notes",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/notes.<slug:ext>",
        letters.notes_download,
        name="letter_notes_download",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/<slug:page>",
        letters.page,
        name="letter_page",
    ),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
