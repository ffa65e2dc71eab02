from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "web.family"
    label = "family"
    default_auto_field = "django.db.models.BigAutoField"
