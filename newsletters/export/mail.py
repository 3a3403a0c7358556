"""The e-mail edition: every element styled by its own style attribute, which mail clients keep."""

import re

SANS = "font-family:Arial,Helvetica,sans-serif;"
BODY_STYLES = {
    "p": "margin:0 0 14px;",
    "h3": f"margin:20px 0 8px;{SANS}font-size:18px;line-height:1.3;color:#13243a;",
    "h4": f"margin:16px 0 6px;{SANS}font-size:16px;line-height:1.3;color:#13243a;",
    "ul": "margin:0 0 14px;padding-left:22px;",
    "ol": "margin:0 0 14px;padding-left:22px;",
    "li": "margin:0 0 6px;",
    "a": "color:#00689d;text-decoration:underline;",
    "blockquote": (
        "margin:0 0 14px;padding-left:12px;border-left:3px solid #009edb;font-style:italic;"
    ),
}
LIST_PART_STYLE = "margin:0;padding-left:22px;"
OPENING_TAG_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>")


def inline_styles(html, styles=None):
    """Give each opening tag without a style attribute the style of its kind."""
    styles = BODY_STYLES if styles is None else styles

    def add_style(match):
        tag, attributes = match[1].lower(), match[2] or ""
        if tag not in styles or re.search(r"\sstyle\s*=", attributes, re.IGNORECASE):
            return match[0]
        style = LIST_PART_STYLE if 'class="list-part"' in attributes else styles[tag]
        closing = "/" if attributes.rstrip().endswith("/") else ""
        attributes = attributes.rstrip().removesuffix("/")
        return f'<{match[1]}{attributes} style="{style}"{closing}>'

    return OPENING_TAG_RE.sub(add_style, html)
