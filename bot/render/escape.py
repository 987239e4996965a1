"""The escaping type: every value from the wiki becomes inert text before it reaches a page.

MediaWiki parses markup first and decodes character references afterwards, so a value written
as references reads as itself and parses as nothing. Pure; the templates and i18n both use it.
"""

from __future__ import annotations

import re

# The date format (a message) that means "plain YYYY-MM-DD", with no {{#dateformat:}} around it.
ISO_DATE_FORMAT = "ISO 8601"


class Wikitext(str):
    """Text that is meant to be read as wikitext markup, as opposed to displayed literally.

    Concatenating it with a plain ``str`` gives a plain ``str`` again, so trust never spreads by
    accident: whatever is built from untrusted parts must go back through ``escape``.
    """

    __slots__ = ()


# Characters that start markup somewhere in running text or a table cell, as numeric character
# references. MediaWiki parses first and decodes references afterwards, so the reader sees the
# original character while the parser sees none of it. ``:`` stops free URLs (``http://``) and
# definition lists; ``%`` keeps link targets from being percent-decoded; ``"`` keeps attribute
# values (``data-sort-value="…"``) closed. ``&`` itself becomes ``&amp;``, so text that looks like
# a reference (``&#91;``) shows as typed instead of being decoded.
_REFERENCES = {ord(char): f"&#{ord(char)};" for char in "[]{}|<>~'=:*#;!_\"%"}
_REFERENCES[ord("&")] = "&amp;"


_LINE_BREAKS = re.compile(r"[\r\n]+")


# A horizontal rule is four dashes; escaping every dash that starts one leaves no four in a row.
_RULE_DASH = re.compile(r"-(?=---)")


# ISBN/RFC/PMID magic links, on wikis that still enable them. Escaping the first letter breaks
# the keyword, whatever the spacing after it.
_MAGIC_LINK_WORD = re.compile(r"rfc|pmid|isbn", re.IGNORECASE)


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def collapse_line_breaks(text: str) -> str:
    """Each run of line breaks becomes one space: a value must never start a new wikitext line."""
    return _LINE_BREAKS.sub(" ", text)


def isolate(value: object) -> Wikitext:
    """``escape`` VALUE and isolate its direction: ``<bdi>`` around a user's run of text.

    A name, title, heading or edit summary may be written right to left on a left-to-right page,
    or the other way round; without isolation its neutral characters (spaces, brackets, digits)
    take the direction of the text around them and the run comes out scrambled. ``<bdi>`` is in
    MediaWiki's allowed HTML (the Sanitizer's list) on every supported version. ``Wikitext`` is
    markup the bot wrote and is returned as it is; an empty value needs no isolating.
    """
    if isinstance(value, Wikitext):
        return value
    text = escape(value)
    return Wikitext(f"<bdi>{text}</bdi>") if text else text


def escape(value: object) -> Wikitext:
    """Make ``value`` display literally wherever running text or a table cell may appear.

    ``Wikitext`` is returned unchanged, so escaping twice is harmless. ``None`` is refused: it
    is always a builder bug, and printing "None" on a mentor's page would hide it.
    """
    if isinstance(value, Wikitext):
        return value
    if value is None:
        raise TypeError("escape(None): a view-model field that may be None needs an explicit fallback")
    text = collapse_line_breaks(str(value)).translate(_REFERENCES)
    text = _RULE_DASH.sub(_reference("-"), text)
    text = _MAGIC_LINK_WORD.sub(lambda m: _reference(m[0][0]) + m[0][1:], text)
    if text.startswith(" "):  # a leading space at the start of a line makes a <pre> block
        text = _reference(" ") + text[1:]
    return Wikitext(text)
