"""The case file's own pages. The `cases` namespace also holds the pages other apps add to a
case (its letters, its prepared files): web/urls.py puts them together, so that this app
imports none of those built on it."""

from django.urls import path

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
    path("cases/<uuid:case_id>/close", views.close, name="close"),
    path("cases/<uuid:case_id>/delete", views.delete, name="delete"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
