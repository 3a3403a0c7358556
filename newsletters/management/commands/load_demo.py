from django.core.management.base import BaseCommand

from newsletters.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the October 2016 – May 2017 issue, with its people, organisations, events and "
        "placeholder photos, from newsletters/demo/. Safe to run again: it changes nothing twice."
    )

    def handle(self, *args, **options):
        load_demo(stdout=self.stdout)
