"""Load the labs into the catalogue, once the `labs` package offers them.

The catalogue reads labs from the package at runtime, so loading is a check
that they import and validate; until `labs` exists, only the sandbox is offered.
"""
from django.core.management.base import BaseCommand

from kubelab.learning import catalogue


class Command(BaseCommand):
    help = "Check the labs package and list what the catalogue offers."

    def handle(self, *args, **options):
        try:
            import labs  # noqa: F401
        except ImportError:
            self.stdout.write("  labs package not present yet: offering the Free cluster sandbox")
        for entry in catalogue.entries():
            self.stdout.write(f"  lab: {entry.slug} ({entry.title})")
