"""View mixins that the apps' public list views share, and the site's error page."""

from django.http import HttpResponseServerError
from django.template import loader
from django.utils.functional import cached_property
from django.views.decorators.csrf import requires_csrf_token

from .forms import PageForm
from .publisher import publisher_details


class QueryFormMixin:
    """A list view that reads its query string through ``query_form_class`` alone.

    Pages are forgiving, as ``Paginator.get_page`` is: a page number that is not one shows the
    first page, one past the end the last page, never an error.
    """

    query_form_class = PageForm

    @cached_property
    def query(self):
        """The cleaned values of the query string, every field present, bad values dropped."""
        form = self.query_form_class(self.request.GET)
        form.is_valid()
        return form.cleaned_data

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.query["page"])
        return paginator, page, page.object_list, page.has_other_pages()


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's 500 page with the office's details: its own handler renders without any context.

    Nothing here may fail in turn: no database, no request context, only the settings.
    """
    template = loader.get_template(template_name)
    return HttpResponseServerError(template.render({"publisher": publisher_details()}))
