import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from unlops.dates import DatePrecision, format_date, format_range, parse_partial_date
from unlops.images import placeholder_jpeg, validate_image_upload
from unlops.richtext import sanitize_html

D = datetime.date


def picture(width=40, height=30, image_format="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 94, 140)).save(buffer, image_format)
    return buffer.getvalue()


class TestFormatRange:
    @pytest.mark.parametrize(
        ("start", "end", "precision", "expected"),
        [
            (D(2017, 5, 17), D(2017, 5, 17), DatePrecision.DAY, "17 May 2017"),
            (D(2017, 5, 17), None, DatePrecision.DAY, "17 May 2017"),
            (D(2017, 5, 4), D(2017, 5, 5), DatePrecision.DAY, "4–5 May 2017"),
            (D(2017, 2, 28), D(2017, 3, 1), DatePrecision.DAY, "28 February – 1 March 2017"),
            (
                D(2016, 12, 30),
                D(2017, 1, 2),
                DatePrecision.DAY,
                "30 December 2016 – 2 January 2017",
            ),
            (D(2017, 5, 4), D(2017, 5, 5), DatePrecision.WITHIN, "between 4 and 5 May 2017"),
            (D(2017, 5, 4), D(2017, 5, 4), DatePrecision.WITHIN, "4 May 2017"),
            (D(2017, 4, 1), D(2017, 4, 30), DatePrecision.MONTH, "April 2017"),
            (D(2017, 1, 1), D(2017, 5, 31), DatePrecision.MONTH, "January – May 2017"),
            (D(2016, 10, 1), D(2017, 5, 31), DatePrecision.MONTH, "October 2016 – May 2017"),
            (D(2017, 1, 1), D(2017, 12, 31), DatePrecision.YEAR, "2017"),
            (D(2015, 1, 1), D(2016, 12, 31), DatePrecision.YEAR, "2015–2016"),
            (D(2017, 5, 4), D(2017, 5, 5), DatePrecision.UNKNOWN, ""),
            (None, None, DatePrecision.DAY, ""),
        ],
    )
    def test_format_range(self, start, end, precision, expected):
        assert format_range(start, end, precision) == expected

    def test_accepts_a_plain_string_precision(self):
        assert format_range(D(2016, 10, 1), D(2017, 5, 31), "month") == "October 2016 – May 2017"


class TestFormatDate:
    @pytest.mark.parametrize(
        ("precision", "expected"),
        [
            (DatePrecision.DAY, "5 May 2017"),
            (DatePrecision.WITHIN, "5 May 2017"),
            (DatePrecision.MONTH, "May 2017"),
            (DatePrecision.YEAR, "2017"),
            (DatePrecision.UNKNOWN, ""),
        ],
    )
    def test_precision(self, precision, expected):
        assert format_date(D(2017, 5, 5), precision) == expected

    def test_none(self):
        assert format_date(None) == ""


class TestParsePartialDate:
    def test_year(self):
        assert parse_partial_date("2015") == (D(2015, 1, 1), DatePrecision.YEAR)
        assert parse_partial_date("2015", last=True) == (D(2015, 12, 31), DatePrecision.YEAR)

    def test_month(self):
        assert parse_partial_date("2017-04") == (D(2017, 4, 1), DatePrecision.MONTH)
        assert parse_partial_date("2017-04", last=True) == (D(2017, 4, 30), DatePrecision.MONTH)

    def test_month_end_in_a_leap_year(self):
        assert parse_partial_date("2016-02", last=True) == (D(2016, 2, 29), DatePrecision.MONTH)
        assert parse_partial_date("2017-02", last=True) == (D(2017, 2, 28), DatePrecision.MONTH)

    def test_full_date(self):
        assert parse_partial_date("2017-05-17") == (D(2017, 5, 17), DatePrecision.DAY)
        assert parse_partial_date("2017-05-17", last=True) == (D(2017, 5, 17), DatePrecision.DAY)

    @pytest.mark.parametrize("value", [None, ""])
    def test_nothing(self, value):
        assert parse_partial_date(value) == (None, DatePrecision.UNKNOWN)

    def test_an_impossible_date_raises(self):
        with pytest.raises(ValueError):
            parse_partial_date("2017-13")


class TestSanitizeHtml:
    def test_removes_scripts_handlers_and_javascript_links(self):
        cleaned = sanitize_html(
            '<p onclick="steal()">Hello<script>alert(1)</script> '
            '<a href="javascript:alert(1)">there</a></p>'
        )
        assert "script" not in cleaned
        assert "alert" not in cleaned
        assert "onclick" not in cleaned
        assert "javascript" not in cleaned
        assert cleaned.startswith("<p>Hello")

    def test_keeps_allowed_markup(self):
        html = (
            "<h2>Libya</h2><p><strong>UNSMIL</strong> and <em>EEAS</em>: "
            '<abbr title="Political and Security Committee">PSC</abbr></p>'
            "<ul><li>one</li></ul><blockquote>quoted</blockquote>"
        )
        assert sanitize_html(html) == html

    def test_links_keep_href_and_gain_rel(self):
        cleaned = sanitize_html('<a href="https://eeas.europa.eu/" target="_blank">EEAS</a>')
        assert 'href="https://eeas.europa.eu/"' in cleaned
        assert 'rel="noopener noreferrer"' in cleaned
        assert "target" not in cleaned

    def test_drops_tags_outside_the_list(self):
        assert sanitize_html('<div class="x"><img src="a.jpg"><p>Text</p></div>') == "<p>Text</p>"

    @pytest.mark.parametrize("html", ["", None, "<p></p>", "<p><br></p>", "  <p></p>  "])
    def test_empty_editor_markup_becomes_empty(self, html):
        assert sanitize_html(html) == ""


class TestValidateImageUpload:
    def test_accepts_a_small_png(self):
        upload = SimpleUploadedFile("flags.png", picture(), content_type="image/png")
        validate_image_upload(upload)
        assert upload.tell() == 0  # Left where it was, so it can still be saved.

    def test_accepts_a_jpeg(self):
        validate_image_upload(SimpleUploadedFile("flags.jpg", picture(image_format="JPEG")))

    def test_refuses_text_calling_itself_a_jpeg(self):
        upload = SimpleUploadedFile("flags.jpg", b"not a picture at all", content_type="image/jpeg")
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(upload)
        assert caught.value.code == "unreadable"

    def test_refuses_an_svg(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script/></svg>'
        upload = SimpleUploadedFile("flags.svg", svg, content_type="image/svg+xml")
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(upload)
        assert caught.value.code == "unreadable"

    def test_refuses_a_format_outside_the_list(self):
        upload = SimpleUploadedFile("flags.bmp", picture(image_format="BMP"))
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(upload)
        assert caught.value.code == "bad_format"

    def test_refuses_too_many_pixels(self, settings):
        settings.PHOTO_MAX_PIXELS = 40 * 30 - 1
        upload = SimpleUploadedFile("flags.png", picture(40, 30))
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(upload)
        assert caught.value.code == "too_many_pixels"
        assert "40 × 30" in caught.value.message

    def test_accepts_exactly_the_pixel_limit(self, settings):
        settings.PHOTO_MAX_PIXELS = 40 * 30
        validate_image_upload(SimpleUploadedFile("flags.png", picture(40, 30)))

    def test_refuses_too_many_bytes(self, settings):
        content = picture()
        settings.PHOTO_MAX_UPLOAD_BYTES = len(content) - 1
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(SimpleUploadedFile("flags.png", content))
        assert caught.value.code == "too_large"

    def test_refuses_a_truncated_picture(self):
        content = picture(200, 200, "JPEG")
        with pytest.raises(ValidationError) as caught:
            validate_image_upload(SimpleUploadedFile("flags.jpg", content[: len(content) // 2]))
        assert caught.value.code == "unreadable"


class TestPlaceholderJpeg:
    def test_is_a_jpeg_of_the_requested_size(self):
        data = placeholder_jpeg("Jean-Pierre Lacroix with Steven Vandeput", width=320, height=200)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "JPEG"
            assert image.size == (320, 200)
            image.load()

    def test_seed_changes_the_picture(self):
        first = placeholder_jpeg("Valletta", width=120, height=80, seed=0)
        second = placeholder_jpeg("Valletta", width=120, height=80, seed=1)
        assert first != second

    def test_long_label_still_renders(self):
        data = placeholder_jpeg("word " * 100, width=300, height=200)
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (300, 200)


def test_a_truncated_picture_is_refused_even_after_weasyprint_is_imported():
    import weasyprint  # noqa: F401  (it makes Pillow lenient for the whole process)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    content = picture(200, 200, "JPEG")
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(SimpleUploadedFile("flags.jpg", content[: len(content) // 2]))
    assert caught.value.code == "unreadable"
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # Left as the library wants it.


class TestQueryForm:
    def test_a_bad_value_is_dropped_and_the_others_kept(self, db):
        from django.http import QueryDict

        from events.forms import EventFilterForm

        form = EventFilterForm(QueryDict("year=10000&kind=dialogue&place=+Brussels++&page=abc"))
        assert not form.is_valid()
        assert form.cleaned_data == {
            "page": None,
            "year": None,
            "kind": "dialogue",
            "organisation": None,
            "place": "Brussels",
        }

    @pytest.mark.parametrize("slug", ["a b", "a\x00b", "É", "x" * 101])
    def test_a_slug_that_cannot_be_one_costs_no_query(self, db, django_assert_num_queries, slug):
        from people.models import Organisation
        from unlops.forms import QueryForm, SlugChoiceField

        class Form(QueryForm):
            organisation = SlugChoiceField(Organisation.objects.all())

        with django_assert_num_queries(0):
            form = Form({"organisation": slug})
            assert not form.is_valid()
        assert form.cleaned_data["organisation"] is None


def test_names_sort_with_their_base_letter_whatever_their_diacritics():
    from unlops.sorting import collation_key, sort_key

    names = ["Zeid Ra'ad Al Hussein", "Šimonović", "Ladsous", "Ólafur", "Simon", "Øresund", "ana"]
    assert sorted(names, key=sort_key) == [
        "ana",
        "Ladsous",
        "Ólafur",
        "Øresund",
        "Simon",
        "Šimonović",
        "Zeid Ra'ad Al Hussein",
    ]
    assert sorted(names) != sorted(names, key=sort_key)  # Plain code-point order puts Š after Z.
    assert collation_key("  Jenča  Miroslav ") == "jenca miroslav"
