from django.urls import path

from web.api import views

app_name = "api"
urlpatterns = [
    path("api/v1/assess", views.assess, name="assess"),
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("api/v1/check-plan", views.check_plan, name="check_plan"),
]
