"""What every page's template may use."""

from .publisher import publisher_details


def publisher(request):
    """The office's name, acronym, city and details: ``{{ publisher.name }}``."""
    return {"publisher": publisher_details()}
