"""Template filters of the public pages: acronyms, highlights, captions."""

from types import SimpleNamespace

import pytest

from newsletters.templatetags import newsletter_tags
from tests.factories import PersonFactory, PhotoFactory, PhotoPersonFactory
from unlops.acronyms import acronyms_used
from unlops.templatetags import dates, pictures
from unlops.templatetags import text as text_tags

GLOSSARY = {
    "DPKO": "Department of Peacekeeping Operations",
    "UN": "United Nations",
    "HR/VP": "High Representative and Vice-President",
    "R&D": "Research & development",
    "EU": 'The "European" Union',
}


def test_an_acronym_is_explained_at_its_first_use_only():
    html = str(text_tags.richtext("<p>The DPKO and the DPKO.</p><p>DPKO again.</p>", GLOSSARY))
    assert html == (
        '<p>The <abbr title="Department of Peacekeeping Operations">DPKO</abbr> and the DPKO.</p>'
        "<p>DPKO again.</p>"
    )


def test_acronyms_match_whole_words_only():
    text = "<p>UNDP, DPKOS and UNITED are not acronyms here; UN is.</p>"
    html = str(text_tags.richtext(text, GLOSSARY))
    assert html.count("<abbr") == 1
    assert '<abbr title="United Nations">UN</abbr> is.' in html


def test_acronyms_with_signs_and_hyphens():
    html = str(text_tags.richtext("<p>The HR/VP met R&amp;D staff on UN-EU work.</p>", GLOSSARY))
    assert '<abbr title="High Representative and Vice-President">HR/VP</abbr>' in html
    assert '<abbr title="Research &amp; development">R&amp;D</abbr>' in html
    assert (
        '<abbr title="United Nations">UN</abbr>-'
        '<abbr title="The &quot;European&quot; Union">EU</abbr>'
    ) in html


def test_acronyms_in_tags_and_existing_abbr_are_left_alone():
    html = str(
        text_tags.richtext(
            '<p><a href="https://example.org/DPKO" title="UN">link</a> '
            '<abbr title="Own words">UN</abbr> then UN and DPKO.</p>',
            GLOSSARY,
        )
    )
    assert 'href="https://example.org/DPKO"' in html
    assert '<abbr title="Own words">UN</abbr> then UN and' in html
    assert '<abbr title="Department of Peacekeeping Operations">DPKO</abbr>.' in html


def test_stored_text_is_never_changed_and_is_sanitised_on_render():
    body = "<p>DPKO</p><script>alert(1)</script>"
    html = str(text_tags.richtext(body, GLOSSARY))
    assert "<script>" not in html
    assert body == "<p>DPKO</p><script>alert(1)</script>"


def test_standfirst_and_body_share_the_first_use():
    article = SimpleNamespace(standfirst="The UN & the DPKO.", body="<p>The UN and the EU.</p>")
    standfirst = str(newsletter_tags.standfirst(article, GLOSSARY))
    body = str(newsletter_tags.body(article, GLOSSARY))
    assert standfirst.count("<abbr") == 2 and "&amp;" in standfirst
    assert body == '<p>The UN and the <abbr title="The &quot;European&quot; Union">EU</abbr>.</p>'


def test_an_acronym_the_text_spells_out_needs_no_abbr_there():
    glossary = {**GLOSSARY, "PSC": "Political and Security Committee (EU)", "CAR": "Central A"}
    text = (
        "<p>The Department of  Peacekeeping operations (DPKO) and the DPKO; the Political and "
        "Security Committee (PSC), United Nations and (UN) officials, a Central A. (CAR).</p>"
    )
    html = str(text_tags.richtext(text, glossary))
    assert "(DPKO) and the DPKO;" in html and "(PSC)," in html  # Spelled out, then known.
    assert '(<abbr title="United Nations">UN</abbr>)' in html  # Not right before its bracket.
    assert '(<abbr title="Central A">CAR</abbr>)' in html
    assert html.count("<abbr") == 2


def test_the_acronyms_a_text_uses_are_found_in_its_text_only():
    markup = (
        '<p><a href="/DPKO" title="EU">The HR/VP</a> of R&amp;D, UN-led; UNDP and DPKOS.</p>'
        '<p><abbr title="Own words">UN</abbr></p>'
    )
    assert acronyms_used(markup, GLOSSARY) == {"HR/VP", "R&D", "UN"}
    assert acronyms_used(markup, {}) == set()


def test_without_glossary_text_is_unchanged():
    assert str(text_tags.richtext("<p>DPKO</p>", {})) == "<p>DPKO</p>"
    assert str(text_tags.abbreviate("a < b, DPKO", None)) == "a &lt; b, DPKO"


def test_highlight_escapes_first_then_marks():
    html = str(text_tags.highlight('<b>Peace</b> & "peacekeeping"', ["peace"]))
    assert html == (
        "&lt;b&gt;<mark>Peace</mark>&lt;/b&gt; &amp; &quot;<mark>peace</mark>keeping&quot;"
    )
    # A word that is also part of an entity name never breaks the entity.
    assert str(text_tags.highlight("R&D", ["amp"])) == "R&amp;D"
    assert str(text_tags.highlight("<i>", [])) == "&lt;i&gt;"


def test_excerpt_shows_a_passage_around_the_first_match():
    body = "<p>" + "Words before. " * 40 + "</p><p>The Mali mission.</p><p>" + "After. " * 40
    html = str(text_tags.excerpt(body, ["mali"]))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Mali</mark>" in html
    assert "<p>" not in html
    assert str(text_tags.excerpt("<p>One.</p><p>Two.</p>", [])) == "One. Two."


@pytest.mark.django_db
def test_caption_links_the_people_pictured_and_escapes_the_rest():
    photo = PhotoFactory(caption="Federica Mogherini <and> António Guterres, New York")
    mogherini = PersonFactory(name="Federica Mogherini", slug="federica-mogherini")
    guterres = PersonFactory(name="António Guterres", slug="antonio-guterres")
    unnamed = PersonFactory(name="Jan Eliasson", slug="jan-eliasson")
    for position, person in enumerate([mogherini, guterres, unnamed]):
        PhotoPersonFactory(photo=photo, person=person, position=position)
    html = str(pictures.caption(photo))
    assert html.startswith(
        '<a href="/people/federica-mogherini/">Federica Mogherini</a> &lt;and&gt; '
    )
    assert '<a href="/people/antonio-guterres/">António Guterres</a>, New York' in html
    assert 'Also pictured: <a href="/people/jan-eliasson/">Jan Eliasson</a>.' in html


def test_dates():
    import datetime

    assert dates.when(datetime.date(2017, 5, 7)) == "7 May 2017"
    assert dates.when(datetime.date(2017, 5, 7), "month") == "May 2017"
    assert dates.when(None) == ""


def test_display_gives_the_label_of_a_choice():
    from events.models import Participation
    from newsletters.models import Article

    assert text_tags.display(Article(section="political-update"), "section") == (
        "Brussels political update"
    )
    assert text_tags.display(Participation(role="met-with"), "role") == "Met with"
    assert text_tags.display(Article(section="unknown"), "section") == "unknown"
