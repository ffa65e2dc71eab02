from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AdvisersConfig(AppConfig):
    default = True
    name = "web.advisers"
    label = "advisers"
    verbose_name = "Advisers and organisations"


class OTPAdminConfig(admin_apps.AdminConfig):
    """Django's admin for site admins, open only after two-factor sign-in (django-otp)."""

    default = False
    default_site = "django_otp.admin.OTPAdminSite"
