from django.urls import path

from web.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.start, name="start"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("privacy", views.privacy, name="privacy"),
    path("glossary", views.glossary, name="glossary"),
]
