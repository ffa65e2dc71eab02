from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("account/create", views.sign_up, name="sign_up"),
    path("account/check-your-email", views.check_email, name="check_email"),
    path("account/confirm/<str:uidb64>/<str:token>", views.verify, name="verify"),
    path("account/confirm-again", views.resend_verification, name="resend"),
    path("account/sign-in", views.sign_in, name="sign_in"),
    path("account/unlock/<str:uidb64>/<str:token>", views.unlock, name="unlock"),
    path("account/sign-out", views.sign_out, name="sign_out"),
    path("account/sign-out-everywhere", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("account/signed-out", views.signed_out, name="signed_out"),
    path("account/timed-out", views.timed_out, name="timed_out"),
    path("account/password-reset", views.reset, name="reset"),
    path("account/password-reset/sent", views.reset_sent, name="reset_sent"),
    path(
        "account/password-reset/<str:uidb64>/<str:token>",
        views.reset_confirm,
        name="reset_confirm",
    ),
    path("account/password-reset/new", views.reset_set, name="reset_set"),
    path("account", views.account, name="account"),
    path("account/delete", views.delete_account, name="delete"),
]
