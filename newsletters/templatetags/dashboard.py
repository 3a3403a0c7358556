from django import template

from newsletters.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def office_dashboard(context):
    """The admin home page's panels for the signed-in user (newsletters/dashboard.py)."""
    return dashboard(context["request"].user)
