from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "web.api"
    label = "web_api"
    verbose_name = "SEND Redress assessment API for partners"
