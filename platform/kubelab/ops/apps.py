from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "kubelab.ops"
    label = "ops"
