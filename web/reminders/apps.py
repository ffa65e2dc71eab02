from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "web.reminders"
    label = "reminders"
    verbose_name = "Deadline reminders"
