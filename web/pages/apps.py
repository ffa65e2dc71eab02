from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "web.pages"
    label = "web_pages"
    verbose_name = "SEND Redress information pages"
