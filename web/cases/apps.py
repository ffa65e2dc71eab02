from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "web.cases"
    label = "cases"
    verbose_name = "Case files"
