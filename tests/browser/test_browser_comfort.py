"""Writing comfort in Chromium: autosave brings back text after a refused save, the word count
follows typing, leaving a changed form asks first, the editor is spell-checked, the date fields
carry no time-zone note, the toolbar stays in view; under the strict CSP, with axe finding no
WCAG 2.2 AA violation on the article form, the photo list and the import screen at 1280 and
390 px, in light and dark.

Screenshots go to ``UNLOPS_SCREENSHOTS`` when it is set (to look at them)."""

import pytest

from tests.browser.helpers import (
    axe_problems,
    csp_violations,
    sign_in,
    wait_until,
    watched_page,
)
from tests.factories import (
    ArticleFactory,
    OrganisationFactory,
    PersonFactory,
    PhotoFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITABLE = ".prose-editor .ProseMirror[contenteditable=true]"


def signed_in(browser, live_server, width=1280, role="Editor", scheme="light", **kwargs):
    user = UserFactory(role=role, username=f"{role.lower()}{width}{scheme}", **kwargs)
    page, problems = watched_page(
        browser,
        live_server,
        width,
        900,
        color_scheme=scheme,
        timezone_id="UTC",  # A browser away from Brussels: the note must not shout.
    )
    sign_in(page, user)
    return page, problems


def open_article(page, article):
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")
    page.locator(EDITABLE).first.wait_for()
    page.wait_for_timeout(900)  # The autosave takes its starting point once editors settle.


def test_autosave_restores_the_text_after_a_refused_save(browser, live_server, shots):
    article = ArticleFactory(title="Brussels political update", body="<p>Old text.</p>")
    page, problems = signed_in(browser, live_server)
    open_article(page, article)
    editor = page.locator(EDITABLE).first
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" The Council met on 17 May 2017 in Brussels.")
    page.fill("#id_title", "")  # The server refuses a save without a title.
    page.wait_for_timeout(1300)  # The typing pause that saves.
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    assert page.locator(".errornote").count() == 1
    article.refresh_from_db()
    assert article.body == "<p>Old text.</p>"

    # A reload (or a crash, or a tab closed and opened again) shows what the database holds,
    # and offers the text this browser kept.
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")
    banner = page.locator(".autosave-banner")
    banner.wait_for()
    assert "Restore your unsaved text" in banner.inner_text()
    assert "17 May 2017" not in page.locator(EDITABLE).first.inner_text()
    page.screenshot(path=shots / "autosave-banner-1280.png")
    banner.get_by_role("button", name="Restore").click()
    restored = page.locator(EDITABLE).first.inner_text()
    assert "The Council met on 17 May 2017 in Brussels." in restored
    assert "17 May 2017" in page.input_value("#id_body")

    # Saved this time: the kept copy goes, and no banner comes back.
    page.fill("#id_title", "Brussels political update")
    page.click("input[name=_continue]")
    page.wait_for_load_state("load")
    assert page.locator(".messagelist .success").count() == 1
    article.refresh_from_db()
    assert "17 May 2017" in article.body
    page.reload()
    page.locator(EDITABLE).first.wait_for()
    page.wait_for_timeout(1200)
    assert page.locator(".autosave-banner").count() == 0
    assert (
        page.evaluate(
            "Object.keys(localStorage).filter(k => k.startsWith('unlops:autosave:') "
            "&& !k.endsWith('pending'))"
        )
        == []
    )
    assert csp_violations(page, problems) == []


def test_discard_forgets_the_kept_text(browser, live_server):
    article = ArticleFactory(body="<p>Old text.</p>")
    page, problems = signed_in(browser, live_server)
    open_article(page, article)
    page.locator(EDITABLE).first.click()
    page.keyboard.type("Draft words. ")
    page.wait_for_timeout(1300)
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")  # As after a crash.
    page.locator(".autosave-banner").get_by_role("button", name="Discard").click()
    page.reload()
    page.locator(EDITABLE).first.wait_for()
    page.wait_for_timeout(1200)
    assert page.locator(".autosave-banner").count() == 0
    assert "Draft words" not in page.locator(EDITABLE).first.inner_text()
    assert csp_violations(page, problems) == []


def test_the_word_count_follows_typing(browser, live_server):
    article = ArticleFactory(body="<p>One two three.</p>")
    page, problems = signed_in(browser, live_server)
    open_article(page, article)
    count = page.locator(".word-count").first
    assert count.inner_text() == "3 words"
    page.locator(EDITABLE).first.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Four five.")
    wait_until(page, "document.querySelector('.word-count').textContent === '5 words'")
    assert csp_violations(page, problems) == []


def test_leaving_a_changed_form_asks_first_but_saving_does_not(browser, live_server):
    article = ArticleFactory()
    page, problems = signed_in(browser, live_server)
    open_article(page, article)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.goto("/admin/")  # Unchanged: no question.
    assert asked == []
    open_article(page, article)
    page.fill("#id_standfirst", "A changed standfirst.")
    page.locator("#id_standfirst").blur()
    page.evaluate("document.querySelector('a[href=\"/admin/\"]').click()")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "/change/" in page.url  # Dismissed: still on the form.
    page.click("input[name=_save]")  # A submit is not "leaving".
    page.wait_for_url("**/newsletters/article/")
    assert asked == ["beforeunload"]
    assert csp_violations(page, problems) == []


def test_the_editor_is_spell_checked_and_dates_carry_no_zone_note(browser, live_server):
    article = ArticleFactory(body="<p>" + "A long paragraph of text. " * 400 + "</p>")
    page, problems = signed_in(browser, live_server)
    open_article(page, article)
    editable = page.locator(EDITABLE).first
    assert editable.get_attribute("spellcheck") == "true"
    assert editable.get_attribute("lang") == "en-gb"
    # No missing-glyph box: the block-type picker's arrow is drawn, not a character.
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content"
    ) in ('""', "none", "")
    # The toolbar stays in view while scrolling the long text.
    page.evaluate("document.querySelector('.prose-editor').scrollIntoView()")
    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    top = page.evaluate("document.querySelector('.prose-menubar').getBoundingClientRect().top")
    assert 0 <= top < 5
    # A browser in UTC: a note only beside the time, never beside a date alone.
    notes = page.locator(".timezonewarning")
    assert notes.count() == 1
    assert "Brussels" in notes.first.inner_text()
    # A person's appointments have dates alone: no note at all.
    person = PersonFactory()
    person.appointments.create(title="Adviser", organisation=OrganisationFactory())
    page.goto(f"/admin/people/person/{person.pk}/change/")
    page.wait_for_load_state("load")
    assert page.locator(".vDateField").count() >= 3
    assert page.locator(".timezonewarning").count() == 0
    assert csp_violations(page, problems) == []


SCREENS = {
    "article-form": "/admin/newsletters/article/{article}/change/",
    "article-list": "/admin/newsletters/article/",
    "person-form": "/admin/people/person/{person}/change/",
    "photo-list": "/admin/newsletters/photo/",
    "import": "/admin/people/person/import/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 390])
def test_admin_screens_fit_the_window_and_pass_axe(browser, live_server, shots, width, scheme):
    organisation = OrganisationFactory(name="European Parliament")
    PhotoFactory(credit_organisation=organisation)
    article = ArticleFactory(body="<p>The Secretary-General addressed the Parliament.</p>")
    person = PersonFactory(name="Ivan Šimonović")
    page, problems = signed_in(browser, live_server, width=width, scheme=scheme, is_superuser=True)
    for name, url in SCREENS.items():
        page.goto(url.format(article=article.pk, person=person.pk))
        page.wait_for_load_state("load")
        page.wait_for_timeout(400)
        page.screenshot(path=shots / f"{name}-{width}-{scheme}.png", full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, (name, wide)
        if name in {"article-form", "photo-list", "import"}:
            assert axe_problems(page, "body") == [], (name, width, scheme)
    if width == 1280:
        page.goto(SCREENS["article-list"])
        for column in ("status", "updated"):
            header = page.locator(f"#result_list th.column-{column}")
            box = header.bounding_box()
            assert box and box["x"] + box["width"] <= width, column
            results = page.locator("#changelist .results")
            assert results.evaluate("r => r.scrollWidth <= r.clientWidth + 1"), column
    assert csp_violations(page, problems) == []
