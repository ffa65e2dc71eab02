from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "web.common"
    label = "web_common"
    verbose_name = "SEND Redress shared web pieces"
