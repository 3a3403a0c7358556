"""What every sitemap of the site shares: pages of a bounded size, listed by the index."""

from django.contrib.sitemaps import Sitemap

# URLs in one sitemap page. Search engines accept 50,000; a page this size is made in a few
# milliseconds however large the archive grows, and the index lists as many pages as it needs.
SITEMAP_PAGE_SIZE = 500


class PagedSitemap(Sitemap):
    """A sitemap split into pages of ``SITEMAP_PAGE_SIZE`` URLs (``?p=2`` …)."""

    limit = SITEMAP_PAGE_SIZE
