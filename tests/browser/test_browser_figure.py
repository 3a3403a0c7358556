"""A photo placed inside an article's text, in Chromium: "Insert photo" in the editor's toolbar,
pick in the library's chooser, see the figure in the text, switch it to inset, save; publish
through the services; the public page shows the figure with its caption and credit. Under the
strict CSP, with no violation."""

import re

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from newsletters.models import Article, ArticleFigure
from newsletters.services import transition
from tests.browser.helpers import csp_violations, picture, staff_page, wait_until, watched_page
from tests.factories import ArticleFactory, PhotoFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every picture matching SELECTOR has loaded (lazy ones too, once in view).
LOADED = "[...document.querySelectorAll('SELECTOR')].every(i => i.complete && i.naturalWidth)"


def test_insert_a_photo_in_the_text_then_read_it_on_the_public_page(browser, live_server, shots):
    valletta = PhotoFactory(
        image=ContentFile(picture("darkgreen", "Valletta"), name="valletta.jpg"),
        caption="Federica Mogherini at the informal meeting of EU Defence Ministers in Valletta",
        credit="Maltese Presidency",
        alt_text="Three people at a meeting table",
    )
    PhotoFactory(
        image=ContentFile(picture("navy", "Brussels"), name="brussels.jpg"),
        caption="Jean-Pierre Lacroix in Brussels",
        credit="UN Photo",
    )
    article = ArticleFactory(
        title="Briefing EU Defence Ministers",
        body="<p>The first paragraph.</p><p>The second paragraph.</p>",
    )
    page, problems = staff_page(browser, live_server)
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")

    # The cursor at the end of the first paragraph, then the toolbar's button.
    editor = page.locator(".ProseMirror[contenteditable]")
    editor.get_by_text("The first paragraph.").click()
    page.keyboard.press("End")
    page.get_by_role("button", name="Insert photo").click()
    dialog = page.locator("dialog.photo-chooser-dialog")
    dialog.wait_for(state="visible")
    dialog.get_by_label("Search the photo library").fill("Valletta")
    dialog.get_by_role("button", name="Search").click()
    expect(dialog.locator(".photo-card")).to_have_count(1)
    dialog.locator(".photo-card").click()
    expect(dialog).to_be_hidden()

    # The figure stands in the text, between the paragraphs, with the library's picture and words.
    figure = editor.locator("figure.figure-ref")
    expect(figure).to_have_count(1)
    expect(figure.locator(".figure-ref__caption")).to_contain_text("informal meeting")
    expect(figure.locator(".figure-ref__credit")).to_have_text("Credit: Maltese Presidency")
    in_editor = ".ProseMirror[contenteditable] figure.figure-ref img"
    wait_until(page, LOADED.replace("SELECTOR", in_editor))
    order = editor.evaluate(
        "e => [...e.children].map(c => c.tagName + ':' + (c.dataset.photo || c.textContent))"
    )
    assert order == [
        "P:The first paragraph.",
        f"FIGURE:{valletta.pk}",
        "P:The second paragraph.",
    ]
    figure.get_by_role("button", name="Inset").click()
    expect(figure.get_by_role("button", name="Inset")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=str(shots / "figure-in-editor-1280.png"), full_page=True)
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()

    article.refresh_from_db()
    reference = f'<figure data-photo="{valletta.pk}" data-placement="inset"></figure>'
    assert article.body == f"<p>The first paragraph.</p>{reference}<p>The second paragraph.</p>"
    assert list(ArticleFigure.objects.values_list("article", "photo")) == [
        (article.pk, valletta.pk)
    ]
    # Reopened, the editor shows the stored figure again.
    page.reload()
    expect(editor.locator("figure.figure-ref")).to_have_count(1)
    expect(editor.locator(".figure-ref__caption")).to_contain_text("Valletta")

    def blocks():
        return editor.evaluate("e => [...e.children].map(c => c.dataset.photo ? 'F' : 'P')")

    # Moved by its buttons, selected by a click and deleted by a key, brought back by undo.
    figure.get_by_role("button", name="Move up").click()
    assert blocks() == ["F", "P", "P"]
    figure.get_by_role("button", name="Move down").click()
    assert blocks() == ["P", "F", "P"]
    figure.locator(".figure-ref__caption").click()
    expect(figure).to_have_class(re.compile("ProseMirror-selectednode"))
    page.keyboard.press("Backspace")
    expect(editor.locator("figure.figure-ref")).to_have_count(0)
    page.keyboard.press("Control+z")
    expect(editor.locator("figure.figure-ref")).to_have_count(1)
    assert csp_violations(page, problems) == []
    page.context.close()

    # Published through the services, as the publisher's button does.
    publisher = UserFactory(role="Publisher")
    transition(article.issue, to="published", by=publisher)
    article = Article.objects.get(pk=article.pk)
    assert article.is_published()
    public, public_problems = watched_page(browser, live_server)
    public.goto(article.get_absolute_url())
    shown = public.locator(".prose figure.photo--inset")
    expect(shown).to_have_count(1)
    expect(shown.locator("figcaption")).to_contain_text("informal meeting of EU Defence Ministers")
    expect(shown.locator("figcaption")).to_contain_text("Credit: Maltese Presidency")
    expect(shown.locator("img")).to_have_attribute("alt", "Three people at a meeting table")
    shown.scroll_into_view_if_needed()
    wait_until(public, LOADED.replace("SELECTOR", ".prose figure.photo--inset img"))
    text = public.locator(".prose").inner_text()
    assert re.search(r"The first paragraph\.[\s\S]*Valletta[\s\S]*The second paragraph\.", text)
    public.screenshot(path=str(shots / "figure-public-1280.png"), full_page=True)
    assert csp_violations(public, public_problems) == []
    public.context.close()
