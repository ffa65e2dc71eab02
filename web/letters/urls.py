from django.urls import path

from . import views

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
