from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "web.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from .lockout import on_lock

        user_locked_out.connect(on_lock, dispatch_uid="web.accounts.lockout.on_lock")
