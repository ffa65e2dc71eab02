from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("adviser/report", views.service_report, name="service"),
    path("adviser/report.csv", views.service_report_csv, name="service_csv"),
    path("adviser/report.xlsx", views.service_report_xlsx, name="service_xlsx"),
    path(
        "cases/<uuid:case_id>/public-statistics",
        views.public_statistics,
        name="public_statistics",
    ),
    path("councils/clocks", views.councils, name="councils"),
    path("councils/<slug:council>/clocks", views.council_clocks, name="council"),
    path("councils/<slug:council>/clocks.csv", views.council_clocks_csv, name="council_csv"),
]
