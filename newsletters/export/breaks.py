"""Line ends that cut a word in the text layer, mended by laying the pages out again.

Text readers join a line that ends in a hyphen to the next line of the same block of text and drop
the hyphen (textlayer.py). Two kinds of line end defeat that:

- a line that ends in a hyphen of the text itself ("UN-", then "EU"): the join drops a hyphen that
  belongs to the word, "UNEU". A joiner after that hyphen keeps the line from breaking there.
- a word hyphenated at the foot of a column or a page: the rest of it is in another block (the
  next column, or the next page after its running header and number), so pdftotext gives
  "De- 8 fence". The word is set whole; printers avoid a hyphen at a page's foot for the reader's
  sake too.

The layout is WeasyPrint's own: each pass marks what it found in the document's tree, and the
pages are laid out again until nothing is found (or ``MAX_LAYOUTS`` passes have been made).
"""

import re

from weasyprint.formatting_structure.boxes import LineBox, MarginBox, TextBox

from .textlayer import JOINER, KEEP_WHOLE_CLASS

MAX_LAYOUTS = 4  # A pass may move other words to line ends; more than three more is rare.


def lay_out(document, say, **options):
    """``document`` rendered, then rendered again while a line end cuts a word."""
    options.setdefault("cache", {})  # Pictures decoded once for every pass.
    rendered = document.render(**options)
    for _ in range(MAX_LAYOUTS - 1):
        mended = sum(mend(text, at_foot) for text, at_foot in hyphenated_line_ends(rendered))
        if not mended:
            break
        say(f"Laying out again: {mended} words cut at a line's end")
        rendered = document.render(**options)
    return rendered


def hyphenated_line_ends(rendered):
    """(text box, at a column's or page's foot) for each line that ends in a hyphen."""
    for page in rendered.pages:
        page_box = page._page_box  # WeasyPrint's laid-out boxes: not public, but stable.
        # The page's flow (not its running header and number), and each column on the page.
        flows = [box for box in page_box.children if not isinstance(box, MarginBox)]
        flows += [box for box in page_box.descendants() if box.is_column]
        feet = {id(lines[-1]) for flow in flows if (lines := _lines(flow))}
        for line in _lines(page_box):
            if (text := _last_text(line)) and text.text.endswith("-"):
                yield text, id(line) in feet


def _lines(box):
    return [child for child in box.descendants() if isinstance(child, LineBox)]


def _last_text(line):
    texts = [box for box in line.descendants() if isinstance(box, TextBox)]
    return texts[-1] if texts else None


def mend(text_box, at_foot):
    """Mark, in the document's tree, the word that the line ending in ``text_box`` cuts: a
    joiner after the text's own hyphen, or the hyphenated word at a foot kept whole. True if
    anything was marked."""
    found = _find(text_box)
    if not found:
        return False
    holder, attribute, match = found
    value = getattr(holder, attribute)
    if match["hyphen"] and match["rest"]:
        after = match.end("hyphen")
        setattr(holder, attribute, value[:after] + JOINER + value[after:])
        return True
    if at_foot and not match["hyphen"]:
        _wrap(text_box.element, holder, attribute, match.span("word"))
        return True
    return False


def _find(text_box):
    """(holder, attribute, match): where the line's text is in the text of the box's element,
    the line's last word in groups ``word`` (with ``hyphen`` if its hyphen is the text's, then
    ``rest``); None unless found exactly once."""
    words = text_box.text[:-1].split()
    if not words:
        return None
    # The line's text, then the rest of its last word; the line may begin inside a word.
    pattern = re.compile(
        "".join(rf"{re.escape(word)}\s+" for word in words[:-1])
        + rf"(?P<word>{re.escape(words[-1])}(?P<hyphen>-?)(?P<rest>(?<=-)[^\W\d_]+|\w*))",
        re.IGNORECASE,  # The box holds the text transformed (text-transform), the tree not.
    )
    element = text_box.element
    # The text nodes that belong to the element itself: its text and its children's tails.
    holders = [(element, "text"), *((child, "tail") for child in element)]
    found = [
        (holder, attribute, match)
        for holder, attribute in holders
        for match in pattern.finditer(getattr(holder, attribute) or "")
    ]
    return found[0] if len(found) == 1 else None


def _wrap(element, holder, attribute, span):
    value, (start, end) = getattr(holder, attribute), span
    word = element.makeelement("span", {"class": KEEP_WHOLE_CLASS})
    word.text, word.tail = value[start:end], value[end:]
    setattr(holder, attribute, value[:start])
    position = 0 if holder is element else list(element).index(holder) + 1
    element.insert(position, word)
