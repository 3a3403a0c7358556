"""The demo issue's events timeline and its chart in a real browser, wide and on a phone.

Screenshots go to $UNLOPS_SCREENSHOTS if set (to look at), else to the test's own directory.
"""

import os
from pathlib import Path

import pytest
from django.core.cache import cache

from newsletters.demo import loader
from tests.browser.test_browser_site import VIEWPORTS, check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_timeline_places_every_event_where_its_date_is_known(
    browser, live_server, settings, tmp_path, viewport
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    loader.load_demo()
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    shots = Path(os.environ.get("UNLOPS_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    try:
        page.goto("/events/")
        check_page(page, f"{viewport} timeline")
        chart = page.locator("figure.chart")
        # 2016 and 2017 each have events whose month is not known: bars of their own, after the
        # dotted line, drawn to the right of November 2017, the last month.
        apart = chart.locator(".chart__apart")
        assert apart.count() == 2
        last_month = chart.locator("g:not(.chart__apart) rect").last.bounding_box()
        first_year = apart.first.locator("rect").first.bounding_box()
        assert first_year["x"] > last_month["x"] + last_month["width"]
        heading = page.get_by_role("heading", name="2017, month not known")
        assert heading.count() == 1
        # Headings come once each: a year-only event does not split January 2017.
        titles = page.locator(".month-group__title").all_inner_texts()
        assert len(titles) == len(set(titles))
        assert page.get_by_text("Planned, as reported in the October 2016 – May 2017 issue").count()
        page.screenshot(path=shots / f"timeline-{viewport}.png")
        chart.screenshot(path=shots / f"timeline-chart-{viewport}.png")
        # On a phone the chart scrolls sideways: its end shows the year bars.
        chart.locator(".chart__scroll").evaluate(
            "element => element.scrollTo(element.scrollWidth, 0)"
        )
        assert apart.last.is_visible()
        chart.screenshot(path=shots / f"timeline-chart-end-{viewport}.png")
        heading.scroll_into_view_if_needed()
        page.screenshot(path=shots / f"timeline-year-only-{viewport}.png")
    finally:
        context.close()
