"""Letters without an account (the `letters` namespace), and a case's letters
(`case_urlpatterns`, in the `cases` namespace: web/urls.py)."""

from django.urls import path

from . import case_views, views

app_name = "letters"

urlpatterns = [
    path("letters/<slug:letter_type>/", views.start, name="start"),
    path("letters/<slug:letter_type>/check", views.check, name="check"),
    path("letters/<slug:letter_type>/letter.<slug:ext>", views.download, name="download"),
    path("letters/<slug:letter_type>/before-you-send", views.notes, name="notes"),
    path(
        "letters/<slug:letter_type>/notes.<slug:ext>",
        views.notes_download,
        name="notes_download",
    ),
    path("letters/<slug:letter_type>/<slug:page>", views.page, name="page"),
]

case_urlpatterns = [
    path("cases/<uuid:case_id>/letters/<slug:letter_type>/", case_views.start, name="letter_start"),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/check",
        case_views.check,
        name="letter_check",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/letter.<slug:ext>",
        case_views.download,
        name="letter_download",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/save", case_views.save, name="letter_save"
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/before-you-send",
        case_views.notes,
        name="letter_notes",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/notes.<slug:ext>",
        case_views.notes_download,
        name="letter_notes_download",
    ),
    path(
        "cases/<uuid:case_id>/letters/<slug:letter_type>/<slug:page>",
        case_views.page,
        name="letter_page",
    ),
]
