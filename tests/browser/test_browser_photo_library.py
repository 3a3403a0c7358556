"""The photo library in Chromium: pick a photo in the chooser's modal, reorder photos by drag and
drop and by keyboard, bulk-upload three pictures and fill their texts; under the strict CSP, with
axe finding no WCAG 2.2 AA violation in the chooser or the grid.

Screenshots at 1280 and 390 px go to ``UNLOPS_SCREENSHOTS`` when it is set (to look at them)."""

import json

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from newsletters.models import Photo
from tests.browser.helpers import (
    axe_problems,
    csp_violations,
    picture,
    staff_page,
    wait_until,
)
from tests.factories import ArticleFactory, PhotoFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every picture matching SELECTOR has loaded (lazy ones too, once in view).
LOADED = "[...document.querySelectorAll('SELECTOR')].every(i => i.complete && i.naturalWidth)"


def editor_page(browser, live_server, width=1280, height=900):
    return staff_page(browser, live_server, "Editor", width, height)


def library():
    colours = [("navy", "Ladsous"), ("darkgreen", "Council"), ("maroon", "Mogherini")]
    photos = []
    for colour, name in colours:
        photos.append(
            PhotoFactory(
                image=ContentFile(picture(colour, name), name=f"{name.lower()}.jpg"),
                caption=f"{name} in Brussels",
                credit="European Union",
                place="Brussels, Belgium",
            )
        )
    return photos


def rows_order(page):
    return page.eval_on_selector_all(
        "#article_photos-group tbody tr.has_original .photo-chooser__label",
        "labels => labels.map(label => label.textContent.trim())",
    )


def test_choose_a_photo_in_the_modal_and_reorder_by_drag_and_drop(browser, live_server, shots):
    ladsous, council, mogherini = library()
    article = ArticleFactory(photos=[ladsous])
    page, problems = editor_page(browser, live_server)
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")

    # The empty row's chooser: open the modal, search, pick.
    row = page.locator("#article_photos-1")
    row.get_by_role("button", name="Choose a photo").click()
    dialog = page.locator("dialog.photo-chooser-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator(".photo-card").count() == 3
    wait_until(page, LOADED.replace("SELECTOR", "dialog .photo-card img"))
    assert axe_problems(page, "dialog.photo-chooser-dialog") == []
    page.screenshot(path=str(shots / "chooser-1280.png"))
    dialog.get_by_label("Search the photo library").fill("Council")
    dialog.get_by_role("button", name="Search").click()
    expect(dialog.locator(".photo-card")).to_have_count(1)
    dialog.locator(".photo-card").click()
    assert not dialog.is_visible()
    assert row.locator("input[type=hidden][name$=-photo]").input_value() == str(council.pk)
    assert row.locator(".photo-chooser__label").inner_text() == "Council in Brussels"
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert [use.photo for use in article.article_photos.all()] == [ladsous, council]

    # Drag the second row's handle above the first, save: the order is kept.
    assert rows_order(page) == ["Ladsous in Brussels", "Council in Brussels"]
    handles = page.locator("#article_photos-group tr.has_original p.sortable-handle")
    page.screenshot(path=str(shots / "article-photos-before-drag.png"), full_page=True)
    handles.nth(1).drag_to(handles.nth(0))
    assert rows_order(page) == ["Council in Brussels", "Ladsous in Brussels"]
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert [use.photo for use in article.article_photos.all()] == [council, ladsous]

    # And by keyboard: focus "Move down" on the first row, press Enter.
    page.locator(
        "#article_photos-group tr.has_original button.sortable-move[data-move='1']"
    ).first.focus()
    page.keyboard.press("Enter")
    assert rows_order(page) == ["Ladsous in Brussels", "Council in Brussels"]
    assert "position 2 of 2" in page.locator("#article_photos-group .sortable-status").inner_text()
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    assert [use.photo for use in article.article_photos.all()] == [ladsous, council]
    assert csp_violations(page, problems) == []
    page.context.close()

    # The chooser on a phone.
    phone, problems = editor_page(browser, live_server, width=390, height=844)
    phone.goto(f"/admin/newsletters/article/{article.pk}/change/")
    phone.locator("#article_photos-2").get_by_role("button", name="Choose a photo").click()
    phone.locator("dialog.photo-chooser-dialog").wait_for(state="visible")
    wait_until(phone, LOADED.replace("SELECTOR", "dialog .photo-card img"))
    phone.screenshot(path=str(shots / "chooser-390.png"))
    assert axe_problems(phone, "dialog.photo-chooser-dialog") == []
    assert csp_violations(phone, problems) == []
    phone.context.close()


def test_upload_from_inside_the_chooser_keeps_the_file_after_a_refusal(browser, live_server):
    page, problems = editor_page(browser, live_server)
    article = ArticleFactory()
    page.goto(f"/admin/newsletters/article/{article.pk}/change/")
    page.locator("#article_photos-0").get_by_role("button", name="Choose a photo").click()
    dialog = page.locator("dialog.photo-chooser-dialog")
    dialog.locator("summary", has_text="Upload a new photo").click()
    dialog.locator("input[type=file]").set_input_files(
        {"name": "lacroix.jpg", "mimeType": "image/jpeg", "buffer": picture("navy", "Lacroix")}
    )
    dialog.get_by_label("Caption").fill("Jean-Pierre Lacroix in Brussels")
    dialog.get_by_role("button", name="Upload and choose").click()
    dialog.locator(".errorlist").first.wait_for()  # No alt text, no credit: refused.
    assert Photo.objects.count() == 0
    dialog.get_by_label("Alt text").fill("A man in a dark suit")
    dialog.get_by_label("Credit").fill("UN Photo")
    dialog.get_by_role("button", name="Upload and choose").click()  # The file is still chosen.
    dialog.wait_for(state="hidden")
    photo = Photo.objects.get()
    row = page.locator("#article_photos-0")
    assert row.locator("input[type=hidden][name$=-photo]").input_value() == str(photo.pk)
    assert csp_violations(page, problems) == []
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_bulk_upload_three_pictures_then_fill_the_grid(browser, live_server, shots, width):
    page, problems = editor_page(browser, live_server, width=width, height=900)
    page.goto("/admin/newsletters/photo/")
    page.get_by_role("link", name="Upload several photos").click()
    files = [
        {"name": f"visit-{n}.jpg", "mimeType": "image/jpeg", "buffer": picture(colour, str(n))}
        for n, colour in enumerate(["navy", "darkgreen", "maroon"])
    ]
    files.append({"name": "notes.txt", "mimeType": "text/plain", "buffer": b"<script>x</script>"})
    page.set_input_files("#id_images", files)
    page.get_by_role("button", name="Upload").click()
    page.locator(".photo-bulk-card").nth(2).wait_for()
    assert page.locator(".photo-bulk-card").count() == 3
    assert "notes.txt" in page.locator(".messagelist").inner_text()
    wait_until(page, LOADED.replace("SELECTOR", ".photo-bulk-card img"))
    page.screenshot(path=str(shots / f"bulk-grid-{width}.png"), full_page=True)
    assert axe_problems(page, "#content-main") == []
    for index in range(3):
        page.fill(f"#id_form-{index}-caption", f"Visit photo {index}")
        page.fill(f"#id_form-{index}-credit", "UN Photo")
        if index != 2:
            page.fill(f"#id_form-{index}-alt_text", f"Officials meet, picture {index}")
    page.get_by_role("button", name="Save all").click()
    page.locator(".errornote").wait_for()  # The third has no alt text: asked again.
    assert page.locator(".photo-bulk-card img").count() == 3  # Its picture is still there.
    page.fill("#id_form-2-alt_text", "Officials meet, picture 2")
    page.get_by_role("button", name="Save all").click()
    page.locator(".messagelist .success").wait_for()
    assert sorted(Photo.objects.values_list("caption", flat=True)) == [
        "Visit photo 0",
        "Visit photo 1",
        "Visit photo 2",
    ]
    assert csp_violations(page, problems) == [], json.dumps(csp_violations(page, problems))
    page.context.close()


def test_a_click_on_the_picture_sets_the_focal_point(browser, live_server, shots):
    photo = PhotoFactory(image=ContentFile(picture("navy", "Focus"), name="focus.jpg"))
    page, problems = editor_page(browser, live_server)
    page.goto(f"/admin/newsletters/photo/{photo.pk}/change/")
    image = page.locator(".focal-point__picture img")
    image.wait_for()
    wait_until(page, LOADED.replace("SELECTOR", ".focal-point__picture img"))
    box = image.bounding_box()
    image.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.75})
    assert abs(float(page.input_value("#id_focal_point_x")) - 0.25) <= 0.01
    assert abs(float(page.input_value("#id_focal_point_y")) - 0.75) <= 0.01
    marker = page.locator(".focal-point__marker").bounding_box()
    assert abs(marker["x"] + marker["width"] / 2 - (box["x"] + box["width"] * 0.25)) < 6
    page.locator(".focal-point").screenshot(path=str(shots / "focal-point-1280.png"))
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    photo.refresh_from_db()
    assert abs(photo.focal_point_x - 0.25) <= 0.01 and abs(photo.focal_point_y - 0.75) <= 0.01
    assert csp_violations(page, problems) == []
    page.context.close()
