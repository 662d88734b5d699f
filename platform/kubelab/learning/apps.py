from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "kubelab.learning"
    label = "learning"
