"""Load the labs into the catalogue: validate every lab and list what learners can start.

The catalogue reads labs from the `labs` package at runtime, so "loading" is
proving that each one validates and that its cluster spec is one the
simulation accepts. A lab that fails is reported here (file:line) and left
out of the catalogue; `--strict` turns that into a failing exit status.
"""
from django.core.management.base import BaseCommand, CommandError

from kubelab.learning import catalogue


class Command(BaseCommand):
    help = "Validate the labs and list what the catalogue offers."

    def add_arguments(self, parser):
        parser.add_argument("--strict", action="store_true", help="fail when a lab cannot be offered")

    def handle(self, *args, strict=False, **options):
        for entry in catalogue.entries():
            kind = f"{entry.minutes} min, {entry.difficulty}" if entry.is_lab else "sandbox"
            self.stdout.write(f"  lab: {entry.slug} ({entry.title}; {kind})")
        problems = catalogue.problems()
        for slug, problem in problems.items():
            self.stderr.write(f"  left out: {slug}:\n    " + problem.replace("\n", "\n    "))
        if problems and strict:
            raise CommandError(f"{len(problems)} lab(s) could not be loaded")
