"""The demo's own words, read from the files beside facts.json and keyed like the facts.

None of it is the printed newsletter's prose: article bodies, standfirsts, captions, the foreword
and event summaries are written afresh from the facts (events' summary_facts, photos' depicts,
people's titles). Official titles come out in full at first mention, short form after.

- ``issue.md``: the issue's number, slug and title in TOML front matter, the foreword below it;
- ``articles/<key>.md``: an article's standfirst in front matter, its body below in Markdown;
- ``events.toml``, ``photos.toml``, ``people.toml``: short plain texts, one table per key.

The files keep one sentence a line so that a change shows as the sentence it touches. Markdown's
line breaks within a paragraph, and a TOML text's lines, are joined with a space.
"""

import re
import tomllib
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from unlops.richtext import sanitize_html

TEXTS_DIR = Path(__file__).parent
# A paragraph "{photo-key inset}" (or "full") in an article's Markdown places that photo in the
# text there, as the editor's "Insert photo" does (see place_figures).
FIGURE_MARK = re.compile(r"<p>\{(photo-[a-z0-9-]+) (full|inset)\}</p>")
FRONT_MATTER = re.compile(r"\A\+\+\+\n(?P<front>.*?)\n\+\+\+\n(?P<body>.*)\Z", re.DOTALL)
LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def read_texts(facts, directory=TEXTS_DIR):
    """Every text of the demo, checked against ``facts``: a file's key the facts do not have is
    a typo, and a key of the facts with no text would load an empty field."""
    directory = Path(directory)
    issue = _read_markdown(directory / "issue.md")
    articles = {path.stem: _read_markdown(path) for path in sorted(directory.glob("articles/*.md"))}
    texts = {
        "issue": {**issue["front"], "foreword": issue["html"]},
        "articles": {
            key: {"standfirst": _fold(a["front"]["standfirst"]), "body": a["html"]}
            for key, a in articles.items()
        },
        "events": _read_toml(directory / "events.toml"),
        "photos": _read_toml(directory / "photos.toml"),
        "people": _read_toml(directory / "people.toml"),
    }
    for kind, required in (("articles", True), ("events", True), ("photos", True)):
        _check_keys(kind, texts[kind], {item["key"] for item in facts[kind]}, required=required)
    _check_keys("people", texts["people"], {p["key"] for p in facts["people"]}, required=False)
    return texts


def _check_keys(kind, texts, keys, *, required):
    problems = [f"{kind}: {key} is not in the facts" for key in sorted(set(texts) - keys)]
    if required:
        problems += [f"{kind}: {key} has no text" for key in sorted(keys - set(texts))]
    if problems:
        raise ValueError("; ".join(problems))


def _read_toml(path):
    with path.open("rb") as file:
        tables = tomllib.load(file)
    return {
        key: {name: _fold(value) for name, value in table.items()} for key, table in tables.items()
    }


def _read_markdown(path):
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError(f"{path}: no front matter between +++ lines at the top.")
    return {"front": tomllib.loads(match["front"]), "html": render_markdown(match["body"])}


def _fold(text):
    return LINE_BREAK.sub(" ", text.strip())


class _OneLineBlocks(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if element.text:
                element.text = LINE_BREAK.sub(" ", element.text)
            if element.tail:
                element.tail = LINE_BREAK.sub(" ", element.tail)
        for block in root[:-1]:
            block.tail = "\n"


class _OneLineBlocksExtension(Extension):
    """Each block on one line and blocks a line apart, with none of the indentation Python-Markdown
    adds: the stored HTML stays as it was, so a database loaded before sees no change."""

    def extendMarkdown(self, md):
        md.treeprocessors.deregister("prettify")
        # After the inline patterns (20) have turned the text into elements.
        md.treeprocessors.register(_OneLineBlocks(md), "one-line-blocks", 5)


def render_markdown(text):
    """Markdown as the sanitised HTML the rich-text fields store."""
    html = markdown.markdown(text, extensions=[_OneLineBlocksExtension()], output_format="html")
    return sanitize_html(html)


def place_figures(html, photos):
    """``html`` with each "{photo-key placement}" paragraph turned into the reference to that
    photo (``photos``: key → saved photo; an unknown key stops the load), and the keys placed."""
    placed = []

    def figure(match):
        placed.append(match[1])
        photo = photos[match[1]]
        return f'<figure data-photo="{photo.pk}" data-placement="{match[2]}"></figure>'

    return sanitize_html(FIGURE_MARK.sub(figure, html), figures=True), placed
