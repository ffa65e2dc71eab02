from django.urls import path

from . import contact_views, views

app_name = "advisers"

urlpatterns = [
    path("account/two-factor/set-up", views.two_factor_setup, name="two_factor_setup"),
    path("account/two-factor", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/recovery", views.two_factor_recovery, name="two_factor_recovery"),
    path("account/two-factor/recovery-codes", views.recovery_codes, name="recovery_codes"),
    path("adviser/caseload", views.caseload, name="caseload"),
    path("adviser/caseload.csv", views.caseload_csv, name="caseload_csv"),
    path("adviser/today", views.today_view, name="today"),
    path("adviser/cases/<uuid:case_id>/", views.case, name="case"),
    path("adviser/cases/<uuid:case_id>/notes/new", views.note_new, name="note_new"),
    path("adviser/cases/<uuid:case_id>/assign", views.assign, name="assign"),
    path(
        "adviser/cases/<uuid:case_id>/events/new",
        views.event_for_family,
        name="event_for_family",
    ),
    path("adviser/cases/<uuid:case_id>/deadlines/mark", views.mark_deadline, name="mark_deadline"),
    path("adviser/contacts", contact_views.contact_log, name="contacts"),
    path("adviser/contacts/new", contact_views.enquiry_new, name="enquiry_new"),
    path("adviser/contacts/<int:pk>", contact_views.contact_edit, name="contact_edit"),
    path("cases/<uuid:case_id>/sharing", views.sharing, name="sharing"),
    path("cases/<uuid:case_id>/who-has-looked", views.audit_trail, name="audit"),
]
