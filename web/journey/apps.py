from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "web.journey"
    label = "journey"
