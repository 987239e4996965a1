"""Render view-models to wikitext: the one place where text from the wiki is made harmless.

Every value a template prints goes through ``escape`` unless it is already ``Wikitext``, so a
mentee named ``A]]{{x}}~~~~`` shows up as exactly that and cannot add links, templates, signatures,
categories or table cells to a dashboard. Markup is only ever built here, by functions whose names
say why their output is safe, and by ``Messages.text`` from the reviewed message files.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from bot.dashboard.tools import DepartedPage
from bot.dashboard.view import Dashboard, MenteesPage
from bot.sources.talk_threads import wikilink_fragment

if TYPE_CHECKING:
    from bot.dashboard.talk_modules import IndexPage, UnansweredPage
    from bot.i18n import Messages
    from bot.status import StatusView

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"

# The class of the <span> that holds the "last updated" line. Templates put that span at the start
# of a line of its own, so publish code can drop the line before comparing old and new text.
UPDATED_MARKER = "mentor-dashboard-updated"
_UPDATED_LINE_START = f'<span class="{UPDATED_MARKER}">'


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
# values (``data-sort-value="…"``) closed.
_REFERENCES = {ord(char): f"&#{ord(char)};" for char in "[]{}|<>~'=:*#;!_\"%"}
_REFERENCES[ord("&")] = "&amp;"

_LINE_BREAKS = re.compile(r"[\r\n]+")
# A horizontal rule is four dashes; escaping every dash that starts one leaves no four in a row.
_RULE_DASH = re.compile(r"-(?=---)")
# ISBN/RFC/PMID magic links, on wikis that still enable them. Escaping the first letter breaks
# the keyword, whatever the spacing after it.
_MAGIC_LINK_WORD = re.compile(r"rfc|pmid|isbn", re.IGNORECASE)
# Characters no title may contain (MediaWiki's Title::legalChars). ``#`` would survive escaping
# as a section anchor, so a name holding one of these cannot be linked correctly.
_NOT_IN_TITLES = re.compile(r"[#<>\[\]|{}\x00-\x1f\x7f]")


def _reference(char: str) -> str:
    return f"&#{ord(char)};"


def collapse_line_breaks(text: str) -> str:
    """Each run of line breaks becomes one space: a value must never start a new wikitext line."""
    return _LINE_BREAKS.sub(" ", text)


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


def user_link(name: str, messages: Messages) -> Wikitext:
    """Link a user's page, talk page and contributions, with ``name`` escaped in target and label.

    MediaWiki decodes character references in link targets before it resolves the title, so the
    same escaping that keeps the label inert also keeps the target pointing at the right user.
    A name that could never be a title (real user names always can) is shown as text.
    """
    safe = escape(name)
    if not name.strip() or _NOT_IN_TITLES.search(name):
        return safe
    page = f"[[User:{safe}|{safe}]]"
    talk = f"[[User talk:{safe}|{messages.text('mentordashboard-userlink-talk')}]]"
    contribs = f"[[Special:Contributions/{safe}|{messages.text('mentordashboard-userlink-contribs')}]]"
    return messages.text("mentordashboard-userlinks", Wikitext(page), Wikitext(talk), Wikitext(contribs))


def section_link(page: str, anchor: str, label: str) -> Wikitext:
    """Link a section of PAGE, with the anchor MediaWiki gave its heading and LABEL as plain text.

    The page title is escaped like any text (MediaWiki decodes character references in link
    targets before resolving them); the anchor is percent-encoded wherever it could end or
    change the link, and MediaWiki decodes that again. A title that could never be one is shown
    as text.
    """
    if not page.strip() or _NOT_IN_TITLES.search(page):
        return escape(label)
    return Wikitext(f"[[{escape(page)}#{wikilink_fragment(anchor)}|{escape(label or page)}]]")


def transclusion(title: str) -> Wikitext:
    """``{{:TITLE}}``: show another page inside this one, with TITLE escaped like a link target."""
    if not title.strip() or _NOT_IN_TITLES.search(title):
        raise ValueError(f"{title!r} cannot be a page title")
    return Wikitext(f"{{{{:{escape(title)}}}}}")


def iso_date(value: date) -> Wikitext:
    """``YYYY-MM-DD`` in UTC; only digits and dashes, so it is safe markup as it stands."""
    if isinstance(value, datetime):
        value = _as_utc(value).date()
    return Wikitext(value.isoformat())


def utc_minute(value: datetime) -> Wikitext:
    """``YYYY-MM-DD HH:MM`` in UTC: seconds would only make the page look busier than it is.

    Digits, dashes, a space and a colon between digits start no markup, so this is safe as is.
    """
    return Wikitext(_as_utc(value).strftime("%Y-%m-%d %H:%M"))


def formatted_number(value: int) -> Wikitext:
    """Let the wiki group digits and choose numerals for its own language (core ``formatnum``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"num expects an int, got {type(value).__name__}")
    return Wikitext(f"{{{{formatnum:{value}}}}}")


def _as_utc(value: datetime) -> datetime:
    # View-models carry aware datetimes; a naive one is taken to be UTC already, as the API's are.
    return value.astimezone(UTC) if value.tzinfo is not None else value


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """One shared environment: templates compile once per process.

    Autoescape stays off because Jinja's escaper speaks HTML; ``finalize`` applies the wikitext
    escaper to every printed value instead. Macros are avoided in the templates because their
    output is a plain ``str`` and would be escaped a second time.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=False,
        finalize=escape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["date"] = iso_date
    env.filters["timestamp"] = utc_minute
    env.filters["num"] = formatted_number
    return env


def _render(template_name: str, messages: Messages, **context: object) -> str:
    template = environment().get_template(template_name)
    text = template.render(
        msg=messages.text,
        user_link=lambda name: user_link(name, messages),
        section_link=section_link,
        transclusion=transclusion,
        lang=messages.lang,
        dir=messages.direction,
        **context,
    )
    # MediaWiki strips trailing whitespace on save; doing the same here lets publish code compare
    # the rendered text with the stored text byte for byte.
    return text.rstrip()


def render_dashboard(view: Dashboard, messages: Messages) -> str:
    """The main dashboard page, ``User:<Mentor>/Mentor dashboard``."""
    return _render("dashboard.wikitext.j2", messages, view=view)


def render_mentees_page(view: MenteesPage, messages: Messages) -> str:
    """One ``/Mentees`` overflow subpage of the mentee table."""
    last = view.first + len(view.rows) - 1
    return _render("mentees.wikitext.j2", messages, view=view, last=last)


def render_status(view: StatusView, messages: Messages) -> str:
    """The bot's own status page, ``User:<Bot>/Status``."""
    return _render("status.wikitext.j2", messages, view=view)


def render_index(view: IndexPage, messages: Messages) -> str:
    """``Project:Mentorship/Dashboards``, every mentor's dashboard in one table."""
    return _render("index.wikitext.j2", messages, view=view)


def render_unanswered_page(view: UnansweredPage, messages: Messages) -> str:
    """``Project:Mentorship/Unanswered questions``, for mentors who can help each other."""
    return _render("unanswered.wikitext.j2", messages, view=view)


def render_departed(view: DepartedPage, messages: Messages) -> str:
    """The short page that replaces the dashboard of a mentor who is not mentoring any more."""
    return _render("departed.wikitext.j2", messages, view=view)


def strip_updated_line(text: str) -> str:
    """Drop the "last updated" line, so that two renders differing only in the clock compare equal.

    The escaper turns ``<`` and ``"`` into references, so no user text can forge this line.
    """
    return "\n".join(line for line in text.split("\n") if not line.startswith(_UPDATED_LINE_START))
