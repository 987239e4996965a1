"""Read the mentor list page that community admins edit (ARCHITECTURE §6.1), in any of its three formats.

This module is pure: the caller fetches the page text, its content model and the site's user
namespace names, and gets back plain data. Admins edit the page by hand, so anything malformed is
skipped and reported as a :class:`~bot.model.problem.Problem`; the parser never raises on page text, and
one bad line never costs the other mentors their entries.

Formats:

* ``{{Mentor list entry|user=Name|weight=2|message=…}}`` (template names are configurable);
* the legacy GrowthExperiments line ``* [[User:Name]] | intro message``;
* a JSON page in the schema of ``MediaWiki:GrowthMentors.json``.

The template and legacy formats may be mixed on one page; JSON is always a whole page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import Template
from mwparserfromhell.parser import ParserError
from mwparserfromhell.wikicode import Wikicode

from bot.core.clock import parse_api_time
from bot.core.names import ILLEGAL_TITLE_CHARS, folded, template_key, user_name
from bot.core.settings import Settings
from bot.model.mentor import ALLOWED_WEIGHTS, MESSAGE_LIMIT, MentorEntry, ParsedList
from bot.model.problem import Problem
from bot.parse.hidden import drop_hidden

# How much of an offending line to quote back; enough to find it, short enough for a status table.
_QUOTE_LIMIT = 80

_DEFAULTS = Settings()
_TEMPLATE_PARAMS = frozenset({"user", "1", "weight", "message"})
_USER_ID_KEY = re.compile(r"[1-9][0-9]*")
_MW_TIMESTAMP = re.compile(r"[0-9]{14}")
# A JSON object opens with a key or closes at once; "{{" and "{|" are wikitext.
_JSON_START = re.compile(r"\s*\{(?![{|])")


def parse_mentor_list(
    text: str,
    *,
    page: str,
    user_namespaces: Collection[str],
    template_names: Collection[str] = _DEFAULTS.mentor_list_templates,
    content_model: str = "wikitext",
    default_weight: int = _DEFAULTS.default_weight,
) -> ParsedList:
    """Read every mentor on the page, reporting instead of raising so one typo never stops a run.

    ``user_namespaces`` holds every name and alias the site gives the User namespace (localised
    ones included), because admins link mentors however their wiki spells it. ``page`` only labels
    problems. ``default_weight`` is a programming choice, not page content, so a bad one raises.
    """
    if default_weight not in ALLOWED_WEIGHTS:
        raise ValueError(f"default_weight must be one of {sorted(ALLOWED_WEIGHTS)}, not {default_weight!r}")
    collector = _Collector(page)
    if content_model == "json" or _JSON_START.match(text):
        _parse_json(text, collector, default_weight)
    else:
        namespaces = frozenset(folded(name) for name in user_namespaces)
        templates = frozenset(template_key(name) for name in template_names)
        _parse_wikitext(text, collector, namespaces, templates, default_weight)
    return ParsedList(tuple(collector.mentors), tuple(collector.problems))


def _invalid_name_reason(name: str) -> str | None:
    """Why ``name`` (already normalised) cannot be an account, or None when it can."""
    if not name:
        return "the user name is empty"
    if "\n" in name:
        return "the user name runs over more than one line"
    bad = ILLEGAL_TITLE_CHARS.search(name)
    if bad:
        return f"the user name contains {bad.group()!r}, which no user name can"
    if "/" in name:
        return "it points to a user subpage, not a user"
    if ":" in name:  # no account can have one, and User:<name>/… would be a page of nobody
        return "the user name contains ':', which no user name can"
    return None


class _MalformedEntryError(Exception):
    """Skips one entry; its text is the plain-words reason shown to admins."""


class _Collector:
    """Gathers entries and problems in page order, keeping the first of any duplicate."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.mentors: list[MentorEntry] = []
        self.problems: list[Problem] = []
        self._first_seen: dict[str, str] = {}

    def report(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def at_line(self, line: int) -> str:
        return f"{self.page}, line {line}"

    def at_key(self, key: str) -> str:
        return f'{self.page}, mentor "{_quote(key)}"'

    def add(self, entry: MentorEntry, where: str) -> None:
        first = self._first_seen.get(entry.username)
        if first is not None:
            self.report(where, f"{entry.username} is already listed ({first}); only the first entry counts")
            return
        self._first_seen[entry.username] = where.removeprefix(f"{self.page}, ")
        self.mentors.append(entry)

    def message(self, raw: str, where: str) -> str:
        """Keep an over-long message, cut to size: losing the mentor over it would be worse."""
        message = raw.strip()
        if len(message) > MESSAGE_LIMIT:
            self.report(
                where,
                f"the intro message has {len(message)} characters; only the first {MESSAGE_LIMIT} are used",
            )
            message = message[:MESSAGE_LIMIT]
        return message


# --- wikitext: templates and legacy lines ------------------------------------------------------


@dataclass(frozen=True)
class _WikitextContext:
    collector: _Collector
    namespaces: frozenset[str]
    default_weight: int


def _parse_wikitext(
    text: str,
    collector: _Collector,
    namespaces: frozenset[str],
    templates: frozenset[str],
    default_weight: int,
) -> None:
    context = _WikitextContext(collector, namespaces, default_weight)
    original_lines = text.split("\n")
    masked = drop_hidden(text)  # entries in comments, <nowiki> or <pre> are not entries
    code = _parse(masked)
    if code is None:
        collector.report(collector.page, "the page could not be read as wikitext")
        return
    # Templates and list lines are found in two passes; merge them so everything is in page order.
    found: list[tuple[int, Template | str]] = []
    taken: set[int] = set()  # lines holding a mentor template are not also read as legacy lines
    for start, template in _located_templates(masked, code, templates):
        line = masked.count("\n", 0, start) + 1
        taken.update(range(line, line + str(template).count("\n") + 1))
        found.append((line, template))
    for line, line_text in enumerate(masked.split("\n"), start=1):
        if line not in taken and line_text.startswith("*"):
            found.append((line, line_text))
    found.sort(key=lambda item: item[0])
    for line, item in found:
        where = collector.at_line(line)
        entry: MentorEntry | None
        try:
            if isinstance(item, Template):
                entry = _template_entry(item, line, where, context)
            else:
                entry = _legacy_entry(item, line, where, _quote(original_lines[line - 1]), context)
        except _MalformedEntryError as problem:
            collector.report(where, str(problem))
            continue
        if entry is not None:
            collector.add(entry, where)


def _parse(text: str) -> Wikicode | None:
    try:
        return mwparserfromhell.parse(text)
    except (ParserError, RecursionError):
        return None


def _located_templates(
    masked: str, code: Wikicode, templates: frozenset[str]
) -> Iterator[tuple[int, Template]]:
    """Yield each mentor template with its offset; mwparserfromhell keeps no positions itself.

    Templates come in document order with ascending start offsets (nested ones start inside their
    parent), so searching forward from just past the last start finds each one in turn.
    """
    cursor = 0
    for template in code.filter_templates(recursive=True):
        if template_key(str(template.name)) not in templates:
            continue
        start = masked.find(str(template), cursor)
        if start < 0:
            continue
        cursor = start + 1
        yield start, template


def _template_entry(template: Template, line: int, where: str, context: _WikitextContext) -> MentorEntry:
    shown = f"{{{{{_quote(str(template.name))}}}}}"
    params: dict[str, str] = {}
    for param in template.params:
        name = str(param.name).strip()
        params[name] = str(param.value).strip()
        if name not in _TEMPLATE_PARAMS:
            # Most likely a typo such as "wieght", which would otherwise silently take the default.
            context.collector.report(
                where, f'{shown} has an unknown parameter "{_quote(name)}", which is ignored'
            )
    raw_user = params.get("user") or params.get("1") or ""
    if not raw_user:
        raise _MalformedEntryError(f"{shown} does not say which user (user=…), so it is skipped")
    username = _template_username(raw_user, context.namespaces)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError(f'user "{_quote(raw_user)}" is not a user name: {reason}')
    weight = _wikitext_weight(params.get("weight", ""), context.default_weight)
    message = context.collector.message(params.get("message", ""), where)
    return MentorEntry(username, weight, message, None, line, None)


def _template_username(raw: str, namespaces: frozenset[str]) -> str:
    """Accept ``User:Name`` where a bare name belongs: MediaWiki forbids names that start that way."""
    prefix, colon, rest = raw.partition(":")
    if colon and folded(prefix) in namespaces:
        return user_name(rest)
    return user_name(raw)


def _wikitext_weight(raw: str, default_weight: int) -> int:
    """A blank weight takes the default; anything outside 0/1/2/4 is refused, never guessed."""
    if not raw:
        return default_weight
    if raw in {str(weight) for weight in ALLOWED_WEIGHTS}:
        return int(raw)
    raise _MalformedEntryError(
        f'weight "{_quote(raw)}" is not one of 0, 1, 2 or 4, so this mentor is skipped'
    )


def _legacy_entry(
    line_text: str, line: int, where: str, quote: str, context: _WikitextContext
) -> MentorEntry | None:
    """Read ``* [[User:Name|Label]] | message``: the first link names the mentor."""
    body = line_text.lstrip("*").strip()
    if not body:
        return None  # an empty bullet, or one whose text is all hidden, holds nothing to skip
    code = _parse(body)
    links = code.filter_wikilinks(recursive=True) if code is not None else []
    if not links:
        raise _MalformedEntryError(f'"{quote}" does not link to a user page')
    link = links[0]
    prefix, colon, rest = str(link.title).strip().removeprefix(":").partition(":")
    if not colon or folded(prefix) not in context.namespaces:
        raise _MalformedEntryError(f'"{quote}" does not link to a user page')
    username = user_name(rest)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError(f'"{quote}" does not link to a user: {reason}')
    link_text = str(link)
    after = body[body.find(link_text) + len(link_text) :]
    _, _, raw_message = after.partition("|")
    message = context.collector.message(raw_message, where)
    return MentorEntry(username, context.default_weight, message, None, line, None)


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


# --- JSON: the GrowthMentors.json schema ------------------------------------------------------


def _parse_json(text: str, collector: _Collector, default_weight: int) -> None:
    duplicate_keys: list[str] = []

    def first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        # PHP keeps the last duplicate silently; keeping the first matches the wikitext formats.
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                duplicate_keys.append(key)
            else:
                result[key] = value
        return result

    try:
        data = json.loads(text, object_pairs_hook=first_wins)
    except json.JSONDecodeError as error:
        collector.report(
            collector.page, f"the JSON is not valid (line {error.lineno}, column {error.colno}): {error.msg}"
        )
        return
    except (ValueError, RecursionError) as error:
        # Nesting too deep for Python, or a number with thousands of digits.
        collector.report(collector.page, f"the JSON could not be read: {_quote(str(error))}")
        return
    for key in duplicate_keys:
        collector.report(collector.at_key(key), "this key appears more than once; only the first counts")
    mentors = data.get("Mentors") if isinstance(data, dict) else None
    if not isinstance(mentors, dict):
        collector.report(collector.page, 'the JSON has no "Mentors" object, so it lists no mentors')
        return
    for key, record in mentors.items():
        where = collector.at_key(key)
        try:
            entry = _json_entry(key, record, where, collector, default_weight)
        except _MalformedEntryError as problem:
            collector.report(where, str(problem))
            continue
        collector.add(entry, where)


def _json_entry(
    key: str, record: object, where: str, collector: _Collector, default_weight: int
) -> MentorEntry:
    if not _USER_ID_KEY.fullmatch(key):
        raise _MalformedEntryError(
            "the key is not a user id (a whole number above 0), so this entry is skipped"
        )
    if not isinstance(record, dict):
        raise _MalformedEntryError("the entry is not an object, so it is skipped")
    raw_name = record.get("username")
    if not isinstance(raw_name, str):
        raise _MalformedEntryError('the entry has no "username" text, so it is skipped')
    username = user_name(raw_name)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError(f'username "{_quote(raw_name)}" is not a user name: {reason}')
    raw_message = record.get("message")
    if raw_message is not None and not isinstance(raw_message, str):
        raise _MalformedEntryError(
            f'"message" is {_describe(raw_message)}, not text or null, so this mentor is skipped'
        )
    weight = _json_weight(record, default_weight)
    away_until = _away_until(record.get("awayTimestamp"))
    message = collector.message(raw_message or "", where)
    return MentorEntry(username, weight, message, away_until, None, int(key))


def _json_weight(record: dict[str, Any], default_weight: int) -> int:
    automatic = record.get("automaticallyAssigned", True)
    if not isinstance(automatic, bool):
        raise _MalformedEntryError(
            f'"automaticallyAssigned" is {_describe(automatic)}, not true or false, so this mentor is skipped'
        )
    weight = record.get("weight", default_weight)
    # bool is an int in Python, but true is no weight.
    if isinstance(weight, bool) or not isinstance(weight, int) or weight not in ALLOWED_WEIGHTS:
        raise _MalformedEntryError(
            f"weight {_describe(weight)} is not one of 0, 1, 2 or 4, so this mentor is skipped"
        )
    # The legacy flag predates weights: a mentor not assigned automatically is a weight-0 mentor.
    return weight if automatic else 0


def _away_until(raw: object) -> datetime | None:
    """Read MediaWiki's 14-digit UTC timestamp; guessing "not away" would send mentees to someone on leave."""
    if raw is None:
        return None
    if isinstance(raw, str) and _MW_TIMESTAMP.fullmatch(raw):
        try:
            return parse_api_time(raw)
        except ValueError:
            pass
    raise _MalformedEntryError(
        f'"awayTimestamp" {_describe(raw)} is not a time like "20261224000000" or null,'
        " so this mentor is skipped"
    )


def _describe(value: object) -> str:
    """Show a JSON value briefly; containers are named, not dumped, as they may be huge."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return _quote(json.dumps(value, ensure_ascii=False))
