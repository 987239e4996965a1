"""Render view-models to wikitext: the one place where text from the wiki is made harmless.

Every value a template prints goes through ``escape`` unless it is already ``Wikitext``, so a
mentee named ``A]]{{x}}~~~~`` shows up as exactly that and cannot add links, templates, signatures,
categories or table cells to a dashboard. Markup is only ever built here, by functions whose names
say why their output is safe, and by ``Messages.text`` from the reviewed message files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from bot.build.ping import PingView
from bot.build.tools import DepartedPage
from bot.build.view import Dashboard, MenteesPage, Workspace
from bot.core.names import ILLEGAL_TITLE_CHARS
from bot.model.problem import WHERE_AT
from bot.parse.talk_threads import wikilink_fragment
from bot.parse.workspace import UPDATED_JSON_LINE
from bot.render.escape import ISO_DATE_FORMAT, Wikitext, escape, isolate
from bot.render.installed import TEMPLATES_DIR

if TYPE_CHECKING:
    from bot.build.index import IndexPage, UnansweredPage
    from bot.build.status import ProblemLine, StatusView
    from bot.render.i18n import Messages

# The class of the <span> that holds the "last updated" line. Templates put that span at the start
# of a line of its own, so publish code can drop the line before comparing old and new text.
UPDATED_MARKER = "mentor-dashboard-updated"
_UPDATED_LINE_START = f'<span class="{UPDATED_MARKER}">'


# A name holding a character no title may contain (``#`` would survive escaping as a section
# anchor) cannot be linked correctly, so it is shown as text.
_NOT_IN_TITLES = ILLEGAL_TITLE_CHARS


def user_link(name: str, messages: Messages) -> Wikitext:
    """Link a user's page, talk page and contributions, with ``name`` escaped in target and label.

    MediaWiki decodes character references in link targets before it resolves the title, so the
    same escaping that keeps the label inert also keeps the target pointing at the right user.
    A name that could never be a title (real user names always can) is shown as text.
    """
    safe = escape(name)
    if not name.strip() or _NOT_IN_TITLES.search(name):
        return isolate(name)
    page = f"[[User:{safe}|{isolate(name)}]]"
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
        return isolate(label)
    return Wikitext(f"[[{escape(page)}#{wikilink_fragment(anchor)}|{isolate(label or page)}]]")


def transclusion(title: str) -> Wikitext:
    """``{{:TITLE}}``: show another page inside this one, with TITLE escaped like a link target."""
    if not title.strip() or _NOT_IN_TITLES.search(title):
        raise ValueError(f"{title!r} cannot be a page title")
    return Wikitext(f"{{{{:{escape(title)}}}}}")


def user_name_link(name: str, namespace: str = "User") -> Wikitext:
    """``[[User:NAME|NAME]]`` alone: where a row has no room for talk and contributions links."""
    safe = escape(name)
    if not name.strip() or _NOT_IN_TITLES.search(name):
        return isolate(name)
    return Wikitext(f"[[{namespace}:{safe}|{isolate(name)}]]")


def user_talk_link(name: str) -> Wikitext:
    """``[[User talk:NAME|NAME]]``: M7 sends the mentor to the mentee's talk page."""
    return user_name_link(name, "User talk")


def page_link(title: str) -> Wikitext:
    """Link any page by its title, shown as the title. The leading colon keeps an edit to a
    category or file page a link, instead of categorising the dashboard or embedding the file."""
    if not title.strip() or _NOT_IN_TITLES.search(title):
        return isolate(title)
    return Wikitext(f"[[:{escape(title)}|{isolate(title)}]]")


def diff_link(revid: int, label: object) -> Wikitext:
    """``[[Special:Diff/REVID|label]]``: the revision id is an int, so only the label needs escaping."""
    return _revision_link("Diff", revid, label)


def thank_link(revid: int, label: object) -> Wikitext:
    """``[[Special:Thanks/REVID|label]]``: the Thanks extension's form that thanks for one edit."""
    return _revision_link("Thanks", revid, label)


def _revision_link(special: str, revid: int, label: object) -> Wikitext:
    if isinstance(revid, bool) or not isinstance(revid, int):
        raise TypeError(f"a revision link expects an int revision id, got {type(revid).__name__}")
    return Wikitext(f"[[Special:{special}/{revid}|{isolate(label)}]]")


_MW_TAG = re.compile(r"^mw-[a-z-]+$")


def tag_label(tag: str) -> Wikitext:
    """A core ``mw-*`` change tag by the name the wiki itself gives it (its ``tag-<name>`` message,
    through core's ``int:``), so it reads in the wiki's language. Anything else is shown as text."""
    if not _MW_TAG.match(tag):
        return isolate(tag)
    return Wikitext(f"{{{{int:tag-{tag}}}}}")


def _percent_encode(text: str) -> str:
    """Every byte but ASCII letters and digits as ``%XX``: inside a URL that leaves no character
    that wikitext could read as markup, a signature, a magic word or the end of the link."""
    return "".join(chr(b) if chr(b).isascii() and chr(b).isalnum() else f"%{b:02X}" for b in text.encode())


def new_section_link(user: str, preload: str | None, label: object) -> Wikitext:
    """An external-style link that opens a new section on ``User talk:USER``, preloaded from PRELOAD.

    ``{{fullurl:}}`` is core: MediaWiki builds the URL for its own server and path, and decodes
    the character references in the escaped user name before it resolves the title. The
    preload title goes into the query string percent-encoded, letters and digits only.
    A name that could never be a title is shown as text.
    """
    if not user.strip() or _NOT_IN_TITLES.search(user):
        return isolate(label)
    query = "action=edit&section=new"
    if preload:
        query += "&preload=" + _percent_encode(preload.replace(" ", "_"))
    return Wikitext(f"[{{{{fullurl:User talk:{escape(user)}|{query}}}}} {isolate(label)}]")


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


def local_date(value: date, messages: Messages) -> Wikitext:
    """A day for people to read, written by the wiki in its own language (core ``#dateformat``).

    MediaWiki names the month in the content language and honours a reader's own date preference;
    the language's message file picks the default order. ``ISO 8601`` keeps the plain ISO date,
    which needs no parser function at all. Sort keys and JSON examples keep ``iso_date``.
    """
    iso = iso_date(value)
    if messages.date_format == ISO_DATE_FORMAT:
        return iso
    return Wikitext(f"{{{{#dateformat:{iso}|{messages.date_format}}}}}")


def local_minute(value: datetime, messages: Messages) -> Wikitext:
    """``local_date`` and ``HH:MM`` in UTC: ``#dateformat`` knows no times, and a clock is universal."""
    return Wikitext(f"{local_date(value, messages)} {_as_utc(value):%H:%M}")


def formatted_number(value: int) -> Wikitext:
    """Let the wiki group digits and choose numerals for its own language (core ``formatnum``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"num expects an int, got {type(value).__name__}")
    return Wikitext(f"{{{{formatnum:{value}}}}}")


def _as_utc(value: datetime) -> datetime:
    # View-models carry aware datetimes; a naive one is taken to be UTC already, as the API's are.
    return value.astimezone(UTC) if value.tzinfo is not None else value


def _shown(value: object) -> Wikitext:
    """What a template prints: markup the bot made as it is, text from users isolated, and any
    other value (a number, a date) escaped."""
    return isolate(value) if isinstance(value, str) else escape(value)


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """One shared environment: templates compile once per process.

    Autoescape stays off because Jinja's escaper speaks HTML; ``finalize`` applies the wikitext
    escaper to every printed value instead, and isolates text (``isolate``); the ``attr``
    filter escapes a value printed inside an HTML attribute, where no tag may go. Macros are
    avoided in the templates because their output is a plain ``str`` and would be escaped a
    second time.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=False,
        finalize=_shown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["attr"] = escape  # inside an attribute value: escaped, but no tag can go there
    env.filters["date"] = iso_date
    env.filters["timestamp"] = utc_minute
    env.filters["num"] = formatted_number
    return env


def _render(template_name: str, messages: Messages, **context: object) -> str:
    template = environment().get_template(template_name)
    text = template.render(
        msg=messages.text,
        said=messages.said,
        user_link=lambda name: user_link(name, messages),
        local_date=lambda value: local_date(value, messages),
        local_minute=lambda value: local_minute(value, messages),
        section_link=section_link,
        transclusion=transclusion,
        page_link=page_link,
        user_name_link=user_name_link,
        user_talk_link=user_talk_link,
        diff_link=diff_link,
        thank_link=thank_link,
        tag_label=tag_label,
        new_section_link=new_section_link,
        lang=escape(messages.lang),  # attribute values the bot chose: escaped, never isolated
        dir=escape(messages.direction),
        **context,
    )
    # MediaWiki strips trailing whitespace on save; doing the same here lets publish code compare
    # the rendered text with the stored text byte for byte.
    return text.rstrip()


def render_dashboard(
    view: Dashboard, messages: Messages, max_bytes: int | None = None, workspace: Workspace | None = None
) -> str:
    """The main dashboard page, ``User:<Mentor>/Mentor dashboard``; with MAX_BYTES, M4 lists
    fewer questions when the page would not fit (the mentee table already has its subpages).
    WORKSPACE adds the browser workspace's mount point above M1 and its common.js line to M2."""
    talk = view.talk
    if max_bytes is None or talk is None:
        return _render("dashboard.wikitext.j2", messages, view=view, workspace=workspace)
    return fit_rows(
        lambda n: _render(
            "dashboard.wikitext.j2",
            messages,
            view=replace(view, talk=replace(talk, rows_limit=n)),
            workspace=workspace,
        ),
        talk.rows_limit,
        max_bytes,
    )


def render_ping(view: PingView, messages: Messages) -> str:
    """The body of a mentor's opt-in message (bot/build/ping.py); publish signs it."""
    return _render("ping.wikitext.j2", messages, view=view)


def render_mentees_page(view: MenteesPage, messages: Messages) -> str:
    """One ``/Mentees`` overflow subpage of the mentee table."""
    last = view.first + len(view.rows) - 1
    return _render("mentees.wikitext.j2", messages, view=view, last=last)


def render_status(view: StatusView, messages: Messages) -> str:
    """The bot's own status page, ``User:<Bot>/Status``."""
    return _render(
        "status.wikitext.j2", messages, view=view, place=lambda line: problem_place(line, messages)
    )


def problem_place(line: ProblemLine, messages: Messages) -> Wikitext:
    """Where a problem is: the page (linked when it names one), then the place on it in the
    wiki's language ("line 3", "revision 12 by X"); a place a reader wrote into the title's
    text itself is escaped and shown as written."""
    page = page_link(line.page) if line.page else Wikitext("")
    where = Wikitext(page + isolate(line.rest)) if line.rest else page
    if line.at is None:
        return where
    return messages.text(WHERE_AT, where, messages.said(line.at))


def render_index(view: IndexPage, messages: Messages) -> str:
    """``Project:Mentorship/Dashboards``, every mentor's dashboard in one table."""
    return _render("index.wikitext.j2", messages, view=view)


def fit_rows(render: Callable[[int], str], rows: int, max_bytes: int) -> str:
    """RENDER(rows) with the row limit halved until the page fits MAX_BYTES.

    MediaWiki refuses a page over its size limit, and the refusal would stop the run; a long
    backlog of questions with long headings must shorten its table instead.
    """
    text = render(rows)
    while len(text.encode()) > max_bytes and rows > 0:
        rows //= 2
        text = render(rows)
    return text


def render_unanswered_page(view: UnansweredPage, messages: Messages, max_bytes: int | None = None) -> str:
    """``Project:Mentorship/Unanswered questions``, for mentors who can help each other; with
    MAX_BYTES, fewer rows when the page would not fit."""
    if max_bytes is None:
        return _render("unanswered.wikitext.j2", messages, view=view)
    return fit_rows(
        lambda n: _render("unanswered.wikitext.j2", messages, view=replace(view, rows_limit=n)),
        view.rows_limit,
        max_bytes,
    )


def render_departed(view: DepartedPage, messages: Messages) -> str:
    """The short page that replaces the dashboard of a mentor who is not mentoring any more."""
    return _render("departed.wikitext.j2", messages, view=view)


def strip_updated_line(text: str) -> str:
    """Drop the "last updated" line, so that two renders differing only in the clock compare equal.

    The escaper turns ``<`` and ``"`` into references, so no user text can forge this line. A
    workspace data page's clock is its ``"updated"`` member, which MediaWiki stores on a line of
    its own (``bot/parse/workspace.py``), and goes the same way.
    """
    return "\n".join(
        line
        for line in text.split("\n")
        if not line.startswith(_UPDATED_LINE_START) and not line.startswith(UPDATED_JSON_LINE)
    )
