from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "kubelab.hosting"
    label = "hosting"
