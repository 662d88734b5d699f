from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "kubelab.console"
    label = "console"
