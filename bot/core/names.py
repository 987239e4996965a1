"""Titles and user names spelt the way MediaWiki stores them, so one person is one key.

The bot compares names that reach it from different places: a link an admin typed on the
mentor list, a signature on a talk page, a name in a mentor's settings JSON, the API's answer.
MediaWiki stores every title in one spelling (underscores and the other space characters are
one space, no bidi marks, no space at either end, the first letter capital), so each of those
must be brought to that spelling before two of them are compared. The rule lives here, once;
it is pure and needs no wiki.

What it cannot know is per wiki: the localised namespace names, and whether titles outside the
User namespace keep a lower-case first letter (``$wgCapitalLinks``). A title the bot writes or
asks for is therefore made by pywikibot from the site, in ``bot/read/titles.py`` (``title_of``):
that is the one site-aware normaliser, and it stays in the read stage because it needs the
site object. User names need neither: MediaWiki always capitalises the User namespace.
"""

from __future__ import annotations

import re

# The characters MediaWiki's title codec turns into one space (runs of them collapse), and the
# bidi marks it drops.
TITLE_SPACES = re.compile(r"[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
BIDI_MARKS = re.compile(r"[\u200e\u200f\u202a-\u202e]")
# Characters no title may hold (MediaWiki's Title::legalChars), and so no user name either.
ILLEGAL_TITLE_CHARS = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")

_TEMPLATE_PREFIX = re.compile(r"^\s*template\s*:", re.IGNORECASE)


def spaced(text: str) -> str:
    """TEXT with MediaWiki's spaces: bidi marks dropped, ``_`` and space runs one space, trimmed."""
    return TITLE_SPACES.sub(" ", BIDI_MARKS.sub("", text)).strip()


def ucfirst(text: str) -> str:
    """The first letter capital, as MediaWiki does it: one letter for one, so ``ß`` stays ``ß``
    (Python's ``"ß".upper()`` is ``"SS"``, which would be another user)."""
    if not text:
        return text
    first = text[0].upper()
    return (first if len(first) == 1 else text[0]) + text[1:]


def user_name(raw: str) -> str:
    """A user name (or the part of a title after its namespace) as MediaWiki stores it."""
    return ucfirst(spaced(raw))


def folded(name: str) -> str:
    """A namespace or special page name for comparing: MediaWiki matches those in any case."""
    return spaced(name).casefold()


def template_key(name: str) -> str:
    """A template's name for comparing: without ``Template:``, spaced and capitalised like a title."""
    return user_name(_TEMPLATE_PREFIX.sub("", name))


def title_text(title: str) -> str:
    """The part of a title the API returned after its namespace: ``User:A/b`` gives ``A/b``.

    Only for titles in a namespace (the callers read User and User talk titles): a main-namespace
    title may itself hold a colon.
    """
    return title.split(":", 1)[-1]


def page_owner(title: str) -> str:
    """The user whose page, talk page or subpage TITLE is: ``User talk:A/Archive 1`` gives ``A``."""
    return title_text(title).split("/", 1)[0]
