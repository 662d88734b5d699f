from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kubelab.accounts"
    label = "accounts"
