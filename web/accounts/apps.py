from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .lockout import on_lock

        user_locked_out.connect(on_lock, dispatch_uid="web.accounts.lockout.on_lock")

        from django.contrib.auth.signals import user_logged_in

        from .history import on_sign_in

        user_logged_in.connect(on_sign_in, dispatch_uid="web.accounts.history.on_sign_in")
