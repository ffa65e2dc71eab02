from django.urls import path

from . import route_views, views

app_name = "journey"

urlpatterns = [
    path("start", views.start, name="start"),
    path("questions/<slug:slug>", views.question, name="question"),
    path("questions/date/<int:number>", views.date_question, name="date"),
    path("check-your-answers", views.check, name="check"),
    path("result", views.result, name="result"),
    path("result/deadlines.ics", views.calendar, name="calendar"),
    path("start-again", views.restart, name="restart"),
    path("start-again/confirm", views.start_again, name="start_again"),
    path("routes/", route_views.index, name="routes"),
    path("routes/map", route_views.ladder_map, name="map"),
    path("routes/<slug:route_id>", route_views.detail, name="route"),
]
