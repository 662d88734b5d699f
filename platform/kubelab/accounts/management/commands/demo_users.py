from django.core.management.base import BaseCommand

from kubelab.accounts import services


class Command(BaseCommand):
    help = "Create or reset the demo learner and instructor, and print their logins."

    def handle(self, *args, **options):
        for username, password, role in services.demo_users_ensure():
            self.stdout.write(f"  {role:<10} username: {username:<12} password: {password}")
