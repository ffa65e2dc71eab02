from django.urls import path

from . import views

app_name = "family"

urlpatterns = [
    path("cases/<uuid:case_id>/family", views.sharing, name="sharing_family"),
    path("cases/<uuid:case_id>/shared", views.shared_case, name="case"),
    path("cases/<uuid:case_id>/shared/leave", views.leave, name="leave"),
    path("family/invitations/<str:token>", views.accept, name="accept"),
]
