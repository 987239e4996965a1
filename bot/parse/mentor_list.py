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

Each wikitext entry is read on its own: a template call is cut out of the page by its own
brackets before mwparserfromhell sees it, and a ``*`` line is read alone. A whole-page parse
would pair an apostrophe in one entry with one on any later line and lose the entry without a
word, and a lost entry looks like a removed mentor. So every line that looks like an entry
becomes a mentor or a problem naming that line; there is no third outcome.
"""

from __future__ import annotations

import html
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
from bot.core.names import ILLEGAL_TITLE_CHARS, folded, spaced, template_key, user_name
from bot.core.settings import Settings
from bot.model.mentor import ALLOWED_WEIGHTS, MESSAGE_LIMIT, MentorEntry, ParsedList
from bot.model.problem import Problem, Said, SaidError
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
    if _is_json(text, content_model):
        _parse_json(text, collector, default_weight)
    else:
        namespaces = frozenset(folded(name) for name in user_namespaces)
        templates = frozenset(template_key(name) for name in template_names)
        _parse_wikitext(text, collector, namespaces, templates, default_weight)
    return ParsedList(tuple(collector.mentors), tuple(collector.problems))


def _invalid_name_reason(name: str) -> Said | None:
    """Why ``name`` (already normalised) cannot be an account, or None when it can."""
    if not name:
        return Said.of("mentordashboard-problem-name-empty")
    if "\n" in name:
        return Said.of("mentordashboard-problem-name-lines")
    bad = ILLEGAL_TITLE_CHARS.search(name)
    if bad:
        return Said.of("mentordashboard-problem-name-character", bad.group())
    if "/" in name:
        return Said.of("mentordashboard-problem-name-subpage")
    if ":" in name:  # no account can have one, and User:<name>/… would be a page of nobody
        return Said.of("mentordashboard-problem-name-character", ":")
    return None


class _MalformedEntryError(SaidError):
    """Skips one entry; its message is the plain-words reason shown to admins."""


class _Collector:
    """Gathers entries and problems in page order, keeping the first of any duplicate."""

    def __init__(self, page: str) -> None:
        self.page = page
        self.mentors: list[MentorEntry] = []
        self.problems: list[Problem] = []
        self._first_seen: dict[str, Said] = {}

    def report(self, where: Said, key: str, *params: object) -> None:
        self.problems.append(Problem.of(self.page, key, *params, at=where))

    def at_line(self, line: int) -> Said:
        """A place on the page, as a message: the status page says it in the wiki's language."""
        return Said.of("mentordashboard-where-line", line)

    def at_key(self, key: str) -> Said:
        return Said.of("mentordashboard-where-mentor", _quote(key))

    def add(self, entry: MentorEntry, where: Said) -> None:
        first = self._first_seen.get(entry.username)
        if first is not None:
            self.report(where, "mentordashboard-problem-duplicate", entry.username, first)
            return
        self._first_seen[entry.username] = where
        self.mentors.append(entry)

    def message(self, raw: str, where: Said) -> str:
        """Keep an over-long message, cut to size: losing the mentor over it would be worse."""
        message = raw.strip()
        if len(message) > MESSAGE_LIMIT:
            self.report(where, "mentordashboard-problem-message-long", len(message), MESSAGE_LIMIT)
            message = message[:MESSAGE_LIMIT]
        return message


# --- wikitext: templates and legacy lines ------------------------------------------------------

# "{{", then a name up to the first "|" or "}}": what MediaWiki reads as a template call. Only the
# name is matched here; whether it is a mentor template is template_key's question.
_TEMPLATE_OPENING = re.compile(r"\{\{([^{}|]*)(?=\||\}\})")
_BRACES = re.compile(r"(?=\{\{)")  # every "{{", overlapping: "{{{{" holds three
_BRACKET = re.compile(r"\{\{|\}\}|\[\[|\]\]")
_CLOSER = {"}}": "{{", "]]": "[["}
# An internal link as MediaWiki finds one: a title without brackets, braces or "|", then a label.
_PLAIN_LINK = re.compile(r"\[\[([^\[\]{}|\n]+)(?:\|[^\[\]\n]*)?\]\]")


@dataclass(frozen=True)
class _WikitextContext:
    collector: _Collector
    namespaces: frozenset[str]
    default_weight: int


@dataclass(frozen=True)
class _Call:
    """One mentor template as written: its first line and its text, or why it has none."""

    line: int
    last_line: int
    text: str
    unclosed: str | None = None


def _parse_wikitext(
    text: str,
    collector: _Collector,
    namespaces: frozenset[str],
    templates: frozenset[str],
    default_weight: int,
) -> None:
    """Read each entry on its own: no formatting elsewhere on the page can reach into it.

    A whole-page parse pairs ``''`` in one entry's message with ``''`` on any later line and
    silently loses the entry; here each template call is cut out by its own brackets first, and
    each ``*`` line is read alone, so every line that looks like an entry becomes a mentor or a
    reported problem.
    """
    context = _WikitextContext(collector, namespaces, default_weight)
    original_lines = text.split("\n")
    masked = drop_hidden(text)  # entries in comments, <nowiki> or <pre> are not entries
    found: list[tuple[int, _Call | int | str]] = []
    taken: set[int] = set()  # lines opening a mentor template are not also read as legacy lines
    inside: dict[int, int] = {}  # a later line of a template call → the line the call opens on
    for call in _template_calls(masked, templates):
        taken.add(call.line)
        inside.update(dict.fromkeys(range(call.line + 1, call.last_line + 1), call.line))
        found.append((call.line, call))
    masked_lines = masked.split("\n")
    for line, line_text in enumerate(masked_lines, start=1):
        if line not in taken and line_text.startswith("*"):
            found.append((line, inside.get(line, line_text)))
    found.sort(key=lambda item: item[0])
    for line, item in found:
        where = collector.at_line(line)
        entry: MentorEntry | None
        try:
            if isinstance(item, _Call):
                entry = _template_entry(item, where, context)
            elif isinstance(item, int):
                _line_inside_template(masked_lines[line - 1], item)
                entry = None
            else:
                entry = _legacy_entry(item, line, where, _quote(original_lines[line - 1]), context)
        except _MalformedEntryError as problem:
            collector.problems.append(Problem(collector.page, problem.said, where))
            continue
        if entry is not None:
            collector.add(entry, where)


def _line_inside_template(line_text: str, opening_line: int) -> None:
    """A bullet inside a template call is that entry's text, as on the rendered page; it is
    reported because it looks like an entry of its own, and most likely a "}}" is missing."""
    if line_text.lstrip("*").strip():
        raise _MalformedEntryError("mentordashboard-problem-inside-entry", opening_line, "}}")


def _template_calls(masked: str, templates: frozenset[str]) -> Iterator[_Call]:
    """Each mentor template call in MASKED, cut out by its own brackets.

    An opening counts wherever it is, nested in another template or not (a stray ``{{`` earlier
    on the page must not swallow an entry). A call ends at the ``}}`` that balances its ``{{``,
    counting the ``{{``/``}}`` and ``[[``/``]]`` pairs inside it as MediaWiki's preprocessor does
    (a ``}}`` inside an open link is text). A call that reaches the next mentor template, or the
    end of the page, before it balances is unclosed: one bad line, never the entries after it.
    """
    starts = [
        brace.start()
        for brace in _BRACES.finditer(masked)
        if (m := _TEMPLATE_OPENING.match(masked, brace.start())) is not None
        and template_key(m.group(1)) in templates
    ]
    line, counted = 1, 0  # counted on from the last opening: a page of openings stays linear
    for index, start in enumerate(starts):
        limit = starts[index + 1] if index + 1 < len(starts) else len(masked)
        line, counted = line + masked.count("\n", counted, start), start
        end = _balanced_end(masked, start, limit)
        if end is None:
            reason = "next-entry" if limit < len(masked) else "page-end"
            yield _Call(line, line, masked[start:limit], unclosed=reason)
        else:
            yield _Call(line, line + masked.count("\n", start, end), masked[start:end])


def _balanced_end(text: str, start: int, limit: int) -> int | None:
    """Where the ``{{`` at START is balanced, or None when it is not before LIMIT."""
    open_: list[str] = []
    for bracket in _BRACKET.finditer(text, start, limit):
        token = bracket.group()
        if token in ("{{", "[["):
            open_.append(token)
        elif open_ and open_[-1] == _CLOSER[token]:
            open_.pop()
            if not open_:
                return bracket.end()
    return None


def _parse(text: str) -> Wikicode | None:
    try:
        return mwparserfromhell.parse(text)
    except (ParserError, RecursionError):
        return None


def _template_entry(call: _Call, where: Said, context: _WikitextContext) -> MentorEntry:
    match = _TEMPLATE_OPENING.match(call.text)
    shown = f"{{{{{_quote(match.group(1) if match else '')}}}}}"
    if call.unclosed is not None:
        raise _MalformedEntryError(f"mentordashboard-problem-unclosed-{call.unclosed}", shown, "}}", "]]")
    code = _parse(call.text)
    nodes = code.nodes if code is not None else []
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        raise _MalformedEntryError("mentordashboard-problem-not-template", shown)
    return _template_fields(nodes[0], shown, call.line, where, context)


def _template_fields(
    template: Template, shown: str, line: int, where: Said, context: _WikitextContext
) -> MentorEntry:
    params: dict[str, str] = {}
    for param in template.params:
        name = str(param.name).strip()
        params[name] = str(param.value).strip()
        if name not in _TEMPLATE_PARAMS:
            # Most likely a typo such as "wieght", which would otherwise silently take the default.
            context.collector.report(where, "mentordashboard-problem-unknown-parameter", shown, _quote(name))
    raw_user = params.get("user") or params.get("1") or ""
    if not raw_user:
        raise _MalformedEntryError("mentordashboard-problem-no-user", shown)
    username = _template_username(raw_user, context.namespaces)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError("mentordashboard-problem-template-user", _quote(raw_user), reason)
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
    raise _MalformedEntryError("mentordashboard-problem-template-weight", _quote(raw))


def _legacy_entry(
    line_text: str, line: int, where: Said, quote: str, context: _WikitextContext
) -> MentorEntry | None:
    """Read ``* [[User:Name|Label]] | message``: the first link names the mentor."""
    body = line_text.lstrip("*").strip()
    if not body:
        return None  # an empty bullet, or one whose text is all hidden, holds nothing to skip
    link = _first_link(body)
    if link is None:
        raise _MalformedEntryError("mentordashboard-problem-no-user-link", quote)
    title, link_text = link
    prefix, colon, rest = title.strip().removeprefix(":").partition(":")
    if not colon or folded(prefix) not in context.namespaces:
        raise _MalformedEntryError("mentordashboard-problem-no-user-link", quote)
    username = user_name(rest)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError("mentordashboard-problem-link-not-user", quote, reason)
    after = body[body.find(link_text) + len(link_text) :]
    _, _, raw_message = after.partition("|")
    message = context.collector.message(raw_message, where)
    return MentorEntry(username, context.default_weight, message, None, line, None)


def _first_link(body: str) -> tuple[str, str] | None:
    """The first internal link's title and whole text. mwparserfromhell reads the line; where
    it sees no link, a plain ``[[…]]`` still counts, as on the rendered page (``[[[User:A]]``
    shows a "[" and then a link)."""
    code = _parse(body)
    links = code.filter_wikilinks(recursive=True) if code is not None else []
    if links:
        return str(links[0].title), str(links[0])
    plain = _PLAIN_LINK.search(body)
    return (plain.group(1), plain.group()) if plain else None


def _quote(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


# --- JSON: the GrowthMentors.json schema ------------------------------------------------------


def whole_list_error(text: str, content_model: str) -> Said | None:
    """Why the page as a whole lists nobody, or None when it is a list.

    Only a JSON page can fail as a whole (a syntax error, no "Mentors" object); wikitext entries
    stand or fall one by one. The caller then falls back to the newest revision that is a list
    (``bot/read/mentor_list.py``), as it does for the settings page.
    """
    if not _is_json(text, content_model):
        return None
    loaded = _load_json(text)
    return loaded if isinstance(loaded, Said) else None


def _is_json(text: str, content_model: str) -> bool:
    """Whether the page is read as JSON: by its content model, or by text that opens an object."""
    return content_model == "json" or _JSON_START.match(text) is not None


def _load_json(text: str) -> tuple[dict[str, Any], list[str]] | Said:
    """The "Mentors" object and the keys it repeats, or why there is none."""
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
        return Said.of("mentordashboard-problem-json-invalid", error.lineno, error.colno, error.msg)
    except (ValueError, RecursionError) as error:
        # Nesting too deep for Python, or a number with thousands of digits.
        return Said.of("mentordashboard-problem-json-unreadable", _quote(str(error)))
    mentors = data.get("Mentors") if isinstance(data, dict) else None
    if not isinstance(mentors, dict):
        return Said.of("mentordashboard-problem-json-no-mentors")
    return mentors, duplicate_keys


def _parse_json(text: str, collector: _Collector, default_weight: int) -> None:
    loaded = _load_json(text)
    if isinstance(loaded, Said):
        collector.problems.append(Problem(collector.page, loaded))
        return
    mentors, duplicate_keys = loaded
    for key in duplicate_keys:
        collector.report(collector.at_key(key), "mentordashboard-problem-json-duplicate-key")
    for key, record in mentors.items():
        where = collector.at_key(key)
        try:
            entry = _json_entry(key, record, where, collector, default_weight)
        except _MalformedEntryError as problem:
            collector.problems.append(Problem(collector.page, problem.said, where))
            continue
        collector.add(entry, where)


def _json_entry(
    key: str, record: object, where: Said, collector: _Collector, default_weight: int
) -> MentorEntry:
    if not _USER_ID_KEY.fullmatch(key):
        raise _MalformedEntryError("mentordashboard-problem-json-key")
    if not isinstance(record, dict):
        raise _MalformedEntryError("mentordashboard-problem-json-not-object")
    raw_name = record.get("username")
    if not isinstance(raw_name, str):
        raise _MalformedEntryError("mentordashboard-problem-json-no-username")
    username = user_name(raw_name)
    reason = _invalid_name_reason(username)
    if reason is not None:
        raise _MalformedEntryError("mentordashboard-problem-json-username", _quote(raw_name), reason)
    raw_message = record.get("message")
    if raw_message is not None and not isinstance(raw_message, str):
        raise _MalformedEntryError("mentordashboard-problem-json-message", _describe(raw_message))
    weight = _json_weight(record, default_weight)
    away_until = _away_until(record.get("awayTimestamp"))
    message = collector.message(raw_message or "", where)
    return MentorEntry(username, weight, message, away_until, None, int(key))


def _json_weight(record: dict[str, Any], default_weight: int) -> int:
    automatic = record.get("automaticallyAssigned", True)
    if not isinstance(automatic, bool):
        raise _MalformedEntryError("mentordashboard-problem-json-automatic", _describe(automatic))
    weight = record.get("weight", default_weight)
    # bool is an int in Python, but true is no weight.
    if isinstance(weight, bool) or not isinstance(weight, int) or weight not in ALLOWED_WEIGHTS:
        raise _MalformedEntryError("mentordashboard-problem-json-weight", _describe(weight))
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
    raise _MalformedEntryError("mentordashboard-problem-json-away", _describe(raw))


def _describe(value: object) -> Said | str:
    """Show a JSON value briefly; containers are named, not dumped, as they may be huge."""
    if isinstance(value, dict):
        return Said.of("mentordashboard-problem-json-an-object")
    if isinstance(value, list):
        return Said.of("mentordashboard-problem-json-a-list")
    return _quote(json.dumps(value, ensure_ascii=False))


# --- who the page still names: the removal rule (ARCHITECTURE §9.8) -----------------------------

# Every spelling of a space MediaWiki folds into one in a title, plus the two an editor may type.
_ANY_SPACE = r"(?:[ _\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|%20|&nbsp;)+"
_JSON_ESCAPES = re.compile(r"(?:\\u[0-9a-fA-F]{4})+")


def named_users(text: str, content_model: str, names: Collection[str]) -> frozenset[str]:
    """Which of NAMES (normalised user names) the raw page text still mentions anywhere.

    A mentor missing from the parsed list is removed only when their name has gone from the page:
    a broken or commented-out entry still names them. So every spelling MediaWiki takes for the
    same user counts (spaces or underscores, first letter in either case), hidden text counts,
    and a JSON page's ``\\uXXXX`` escapes and wikitext's character references are decoded first.
    A name counts only whole ("Anna" is not named by "Annabel"); a longer name that starts with it
    ("Anna B") does count, so that a doubt keeps the mentor.
    """
    variants = {text, html.unescape(text)}
    if _is_json(text, content_model):
        variants.add(_JSON_ESCAPES.sub(_decoded_escapes, text))
    return frozenset(
        name
        for name in names
        if (pattern := _name_pattern(name)) and any(pattern.search(v) for v in variants)
    )


def _name_pattern(name: str) -> re.Pattern[str] | None:
    name = spaced(name)
    if not name:
        return None
    first = "|".join(sorted({re.escape(name[0]), re.escape(name[0].upper()), re.escape(name[0].lower())}))
    rest = _ANY_SPACE.join(re.escape(word) for word in name[1:].split(" "))
    # Not inside a longer word: no letter or digit on either side ("_" is a space).
    return re.compile(rf"(?<![^\W_])(?:{first}){rest}(?![^\W_])")


def _decoded_escapes(run: re.Match[str]) -> str:
    """A run of ``\\uXXXX`` escapes as the text it stands for (surrogate pairs joined)."""
    units = run.group().encode("ascii").decode("unicode_escape")
    return units.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
