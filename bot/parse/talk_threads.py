"""Talk-page threads and their signed comments, read from wikitext alone.

Questions to mentors arrive as level-2 sections on the mentor's talk page, and the only record of
who asked and who answered is the signatures inside them. This module turns one page's wikitext
into :class:`Thread` values carrying :class:`Comment` values, so the question logic
(ARCHITECTURE §6.4) never looks at wikitext. It does no I/O: :meth:`SignatureRules.from_site`
is the one place that reads the site, and it only reads siteinfo that pywikibot has cached or
fetches once. Hidden text is found by ``bot/parse/hidden.py`` and names are compared by
``bot/core/names.py``, the same rules the mentor list uses.

Choices worth knowing:

- Every level-2 section becomes a thread, even one without a signature (its ``comments`` is
  empty). Keeping them means ``index`` always counts level-2 sections as written.
- A level-1 heading ends the current thread; text under it belongs to no thread, because
  MediaWiki does not nest a level-1 section under the level-2 one before it.
- Signatures are found one line at a time. A ``{{unsigned}}`` template or a user link that
  spans several lines is not seen.
- A signature is the last user link before a timestamp; the timestamp is read by
  ``bot/parse/signature_time.py`` (pywikibot's TimeStripper, adapted to every format
  MediaWiki writes).
- A heading's anchor is worked out here, except for headings holding a template: the caller
  passes MediaWiki's own anchors for those (:func:`headings_with_templates`).
- ``Thread.tags`` is empty here: change tags live on revisions, which a wikitext parser cannot
  see. The source that knows the revisions fills it in with ``dataclasses.replace``.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

import mwparserfromhell

from bot.core.names import folded, spaced, template_key, user_name
from bot.core.settings import Settings
from bot.model.talk import Comment, Thread
from bot.parse.hidden import blank_hidden
from bot.parse.signature_time import (
    REACH,
    SignatureTimes,
    SiteClock,
    label_pattern,
    wiki_zone,
    zone_abbreviations,
)

log = logging.getLogger(__name__)

Timestripper = Callable[[str], datetime | None]

DEFAULT_UNSIGNED_TEMPLATES: tuple[str, ...] = Settings().unsigned_templates


@dataclass(frozen=True)
class SignatureRules:
    """What a signature looks like on one wiki.

    Names are compared the way MediaWiki compares them: namespace and special-page names
    case-insensitively, template names with a case-insensitive first letter, and ``_`` equal to
    a space everywhere.

    ``user_prefixes`` holds every name of the User and User talk namespaces ("User",
    "User talk", "UT", …). ``contributions_names`` holds "Special:Contributions"-style
    prefixes: each Special namespace name joined to each Contributions alias.
    ``unsigned_templates`` holds template names without the namespace.

    ``timestripper`` finds a timestamp in a piece of a line and returns an aware datetime, or
    None. Like pywikibot's TimeStripper, it must accept only timestamps that end in a
    parenthesised zone label: the parser splits lines with several signatures at those
    parentheses. It finds labels of letters ("(UTC)", "(ت ع م)") and numeric ones ("(+0545)");
    ``zone_labels`` adds the wiki's own labels that are neither, matched as written.
    """

    user_prefixes: frozenset[str]
    contributions_names: frozenset[str]
    unsigned_templates: frozenset[str]
    timestripper: Timestripper
    zone_labels: frozenset[str] = frozenset()

    @classmethod
    def from_site(
        cls,
        site: Any,
        unsigned_templates: Iterable[str] = DEFAULT_UNSIGNED_TEMPLATES,
        messages: Mapping[str, str] | None = None,
    ) -> SignatureRules:
        """The names and the timestamp format a signature takes on ``site``.

        It reads cached siteinfo and ``site.months_names``. MESSAGES holds the texts of the
        :func:`clock_message_keys` that exist on the wiki (``bot/read/talk.signature_rules``
        asks for them in one request); without them, pywikibot is asked for the ones core
        always has, the genitive month names and ``timezone-utc``, and a zone label the wiki
        translates itself is not known. See ``bot/parse/signature_time.py`` for why
        TimeStripper alone reads too little.
        """
        prefixes: set[str] = set()
        for ns_id in (2, 3):
            prefixes.update(_namespace_names(site.namespaces[ns_id]))
        special_names = _namespace_names(site.namespaces[-1])
        aliases = {"Contributions"}
        for entry in site.siteinfo.get("specialpagealiases") or ():
            if entry.get("realname") == "Contributions":
                aliases.update(entry.get("aliases") or ())
        contributions = frozenset(f"{ns}:{alias}" for ns in special_names for alias in aliases)
        if messages is None:
            messages = site.mediawiki_messages([*GENITIVE_KEYS, UTC_LABEL_KEY])
        clock = site_clock(site, messages)
        return cls(
            user_prefixes=frozenset(prefixes),
            contributions_names=contributions,
            unsigned_templates=frozenset(unsigned_templates),
            timestripper=SignatureTimes(clock),
            zone_labels=clock.zone_labels(),
        )


GENITIVE_KEYS: tuple[str, ...] = tuple(
    f"{month}-gen"
    for month in (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    )
)  # fmt: skip
UTC_LABEL_KEY = "timezone-utc"


def clock_message_keys(site: Any) -> list[str]:
    """The messages a signature timestamp on ``site`` may use besides ``months_names``: the
    genitive month names and ``timezone-<abbr>`` for every abbreviation of the wiki's zone.

    Core defines ``timezone-utc`` only; a wiki adds ``timezone-cest`` or ``timezone-+03`` as it
    likes, so most zone keys do not exist, which is fine.
    """
    zone = wiki_zone(site.siteinfo.get("timezone"))
    abbreviations = {"UTC", *(zone_abbreviations(zone) if zone is not None else ())}
    return [*GENITIVE_KEYS, *sorted(f"timezone-{abbr.strip().lower()}" for abbr in abbreviations)]


def site_clock(site: Any, messages: Mapping[str, str]) -> SiteClock:
    """The month names, zone and zone labels of ``site``, with the MESSAGES that exist there."""
    zone_name = site.siteinfo.get("timezone")
    genitive = [messages.get(key, "") for key in GENITIVE_KEYS]
    labels = {k.removeprefix("timezone-"): text for k, text in messages.items() if k.startswith("timezone-")}
    return SiteClock(
        lang=site.lang,
        months=list(site.months_names),
        genitive=genitive if all(genitive) else (),
        zone=zone_name if isinstance(zone_name, str) else None,
        offset_minutes=int(site.siteinfo.get("timeoffset") or 0),
        labels=labels,
    )


def _namespace_names(namespace: Any) -> set[str]:
    names = {namespace.custom_name, namespace.canonical_name, *namespace.aliases}
    return {name for name in names if name}


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_threads(
    text: str, rules: SignatureRules, anchors: Mapping[str, str] | None = None
) -> tuple[Thread, ...]:
    """Split a talk page into level-2 threads and find the signatures in each.

    Comments, ``<nowiki>``, ``<pre>``, ``<syntaxhighlight>`` and ``<source>`` are blanked out
    first (keeping line breaks), so nothing inside them is a heading or a signature.
    ANCHORS maps a heading's wikitext to the anchor MediaWiki gives it, for the headings
    :func:`anchor_for` cannot work out (:func:`headings_with_templates`); repeats are still
    numbered here.
    """
    known = anchors or {}
    lines = text.split("\n")
    masked = blank_hidden(text).split("\n")
    matcher = _Matcher.build(rules)
    used_anchors: set[str] = set()
    threads: list[Thread] = []
    current: _OpenThread | None = None

    def close(end: int) -> None:
        if current is None:
            return
        comments: list[Comment] = []
        for number in range(current.start + 1, end):
            comments.extend(matcher.comments_on_line(masked[number], number + 1))
        threads.append(
            Thread(
                title=current.title,
                level=2,
                index=len(threads) + 1,
                anchor=current.anchor,
                comments=tuple(comments),
                text="\n".join(lines[current.start + 1 : end]),
                line=current.start + 1,
            )
        )

    for number, level, title in _headings(lines, masked):
        anchor = _unique_anchor(known.get(title) or anchor_for(title), used_anchors)
        if level > 2:
            continue
        close(number)
        current = _OpenThread(number, title, anchor) if level == 2 else None
    close(len(lines))
    return tuple(threads)


def headings_with_templates(text: str) -> frozenset[str]:
    """The headings of TEXT, of any level and as :attr:`Thread.title` gives them, whose anchor
    depends on what a template or magic word expands to.

    Only the wiki knows that: ``bot/read/talk.py`` asks it for these headings' anchors and
    passes them to :func:`parse_threads`. ``{{!}}`` and ``{{=}}`` are known without asking.
    """
    lines = text.split("\n")
    masked = blank_hidden(text).split("\n")
    return frozenset(title for _, _, title in _headings(lines, masked) if _has_template(title))


def _has_template(title: str) -> bool:
    visible = _NOWIKI.sub("", _COMMENT.sub("", title)).replace("{{!}}", "").replace("{{=}}", "")
    return "{{" in visible


def _headings(lines: list[str], masked: list[str]) -> Iterator[tuple[int, int, str]]:
    """(0-based line, level, title) of every heading, hidden text ignored."""
    for number, line in enumerate(masked):
        heading = _heading(line, lines[number])
        if heading is not None:
            yield number, *heading


def first_reply(thread: Thread, asker: str) -> Comment | None:
    """The earliest comment, in time, after the asker's first one and by someone else.

    Time, not page order: people put a reply directly under the question, above replies
    written before it, and the first reply is the one written first. Signatures give only the
    minute, so within one minute page order decides, and a comment above the question in its
    own minute is not its reply. A comment dated before the question (a moved or copied post)
    is never a reply, wherever it stands.
    """
    who = user_name(asker)
    asked = next(((c.timestamp, i) for i, c in enumerate(thread.comments) if c.author == who), None)
    if asked is None:
        return None
    later = [
        ((c.timestamp, i), c)
        for i, c in enumerate(thread.comments)
        if c.author != who and (c.timestamp, i) > asked
    ]
    return min(later, key=lambda pair: pair[0])[1] if later else None


class _OpenThread(NamedTuple):
    start: int
    title: str
    anchor: str


_HEADING = re.compile(r"^(=+)(.+?)(=+)[ \t]*$")
_ALL_EQUALS = re.compile(r"^(=+)[ \t]*$")


def _heading(masked: str, original: str) -> tuple[int, str] | None:
    """Level and title of a heading line, following MediaWiki's rules for unbalanced ``=``."""
    if not masked.startswith("=") or not masked.rstrip(" \t").endswith("="):
        return None
    only = _ALL_EQUALS.match(masked)
    if only:
        count = len(only.group(1))
        level = min((count - 1) // 2, 6)
        return (level, "=" * (count - 2 * level)) if level >= 1 else None
    match = _HEADING.match(masked)
    if match is None:
        return None
    opening, closing = len(match.group(1)), len(match.group(3))
    level = min(opening, closing, 6)
    title = original[match.start(1) + level : match.end(3) - level]
    return level, title.strip()


# A link target may hold character references: MediaWiki 1.43 signs temporary accounts as
# [[Special:Contributions/&#126;2026-1|…]], and "#" there is not a fragment.
_WIKILINK = re.compile(r"\[\[((?:[^\[\]|#\n&]|&#?[0-9a-zA-Z]+;|&)*)(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*)?\]\]")
# Only a zone label with a time shortly before it can end a timestamp; checking that first
# keeps a line full of parentheses from costing a TimeStripper call each. \d also matches the
# digits of other scripts, which the timestripper converts.
_TIME = re.compile(r"\d\d[:.h]\d\d")
_TIME_REACH = REACH
_TEMPLATE_START = re.compile(r"\{\{\s*(?:template\s*:\s*)?([^{}|\n]+)(?=\||\}\})", re.IGNORECASE)


@functools.lru_cache(maxsize=8)
def _zone_pattern(labels: frozenset[str]) -> re.Pattern[str]:
    return re.compile(label_pattern(labels))


def _special_key(name: str) -> str:
    """``Special:Contributions`` in any case: special page names are not case-sensitive."""
    prefix, _, page = name.partition(":")
    return f"{folded(prefix)}:{folded(page)}"


class _Found(NamedTuple):
    start: int
    end: int
    author: str
    timestamp: datetime | None


# How much text may sit between two links of one signature: " (", " | ", "</span> (" …
_SIGNATURE_GAP = 30


def _signature_start(links: list[_Found], signer: _Found, floor: int) -> int:
    """Where a signature begins: the first of the signer's links that run up to the signing one.

    "[[User:A|A]] ([[User talk:A|talk]])" is signed by its last link, but the signature starts at
    the first, and the words before it are the comment.
    """
    start = signer.start
    for link in reversed(links):
        if link.end > start or link.start < floor:
            continue
        if link.author != signer.author or start - link.end > _SIGNATURE_GAP:
            break
        start = link.start
    return start


@dataclass(frozen=True)
class _Matcher:
    """SignatureRules with every name normalised once, for the per-line work."""

    user_prefixes: frozenset[str]
    contributions: frozenset[str]
    unsigned: frozenset[str]
    timestripper: Timestripper
    zone: re.Pattern[str]  # the parenthesised zone label that closes a timestamp

    @classmethod
    def build(cls, rules: SignatureRules) -> _Matcher:
        return cls(
            user_prefixes=frozenset(folded(p) for p in rules.user_prefixes),
            contributions=frozenset(_special_key(n) for n in rules.contributions_names),
            unsigned=frozenset(template_key(t) for t in rules.unsigned_templates),
            timestripper=rules.timestripper,
            zone=_zone_pattern(rules.zone_labels),
        )

    def comments_on_line(self, line: str, number: int) -> list[Comment]:
        """Every signature on one masked line, split at each timestamp.

        The line is read in pieces that end at each "(zone)" parenthesis. A piece whose text has
        a timestamp and a user link is one signature, signed by the piece's last user link;
        the next piece starts after it. An unsigned template is a signature by itself.
        """
        links = list(self._user_links(line))
        unsigned = list(self._unsigned(line))
        if not links and not unsigned:
            return []
        covered = [(m.start(), m.end()) for m in _WIKILINK.finditer(line)]
        covered += [(u.start, u.end) for u in unsigned]
        stops: list[tuple[int, _Found | None]] = [(u.end, u) for u in unsigned]
        stops += [
            (m.end(), None)
            for m in self.zone.finditer(line)
            if _TIME.search(line, max(0, m.start() - _TIME_REACH), m.start())
            and not any(start < m.start() < end for start, end in covered)
        ]
        stops.sort(key=lambda stop: stop[0])
        comments: list[Comment] = []
        piece_start = 0
        for stop, template in stops:
            if template is not None:
                if template.timestamp is not None:
                    comments.append(Comment(template.author, template.timestamp, number, template.start))
                piece_start = stop
                continue
            signer = None
            for link in links:
                if link.start >= piece_start and link.end <= stop:
                    signer = link
            if signer is None:
                continue
            when = self._timestamp(line[piece_start:stop])
            if when is None:
                continue
            comments.append(
                Comment(signer.author, when, number, _signature_start(links, signer, piece_start))
            )
            piece_start = stop
        return comments

    def _timestamp(self, text: str) -> datetime | None:
        try:
            found = self.timestripper(text)
        except (KeyError, ValueError, OverflowError) as error:
            # TimeStripper raises on dates such as 31 February; that text is just not a stamp.
            log.debug("No timestamp in %r: %s", text, error)
            return None
        if found is None:
            return None
        if found.tzinfo is None:
            found = found.replace(tzinfo=UTC)
        return datetime.fromtimestamp(found.timestamp(), tz=UTC)

    def _user_links(self, line: str) -> Iterator[_Found]:
        for match in _WIKILINK.finditer(line):
            author = self.user_from_target(match.group(1))
            if author:
                yield _Found(match.start(), match.end(), author, None)

    def user_from_target(self, target: str) -> str | None:
        """The user a link target points at: User:X, User talk:X/sub, Special:Contributions/X."""
        text = spaced(html.unescape(target))
        text = text.removeprefix(":").lstrip()
        prefix, colon, rest = text.partition(":")
        if not colon:
            return None
        if folded(prefix) in self.user_prefixes:
            name = rest.split("/", 1)[0]
        else:
            page, slash, name = rest.partition("/")
            if not slash or _special_key(f"{prefix}:{page}") not in self.contributions:
                return None
        name = user_name(name)
        return name or None

    def _unsigned(self, line: str) -> Iterator[_Found]:
        for match in _TEMPLATE_START.finditer(line):
            if template_key(match.group(1)) not in self.unsigned:
                continue
            try:
                nodes = mwparserfromhell.parse(line[match.start() :]).nodes
            except Exception as error:  # mwparserfromhell's own ParserError: a bug, not ours
                log.debug("Could not parse %r: %s", line, error)
                continue
            if not nodes or not isinstance(nodes[0], mwparserfromhell.nodes.Template):
                continue
            template = nodes[0]
            end = match.start() + len(str(template))
            found = self._unsigned_params(template)
            if found is None:
                yield _Found(match.start(), end, "", None)
            else:
                yield _Found(match.start(), end, *found)

    def _unsigned_params(self, template: Any) -> tuple[str, datetime] | None:
        """Who and when: the date is whichever of the first two parameters parses as one."""
        first, second = (
            str(template.get(key).value).strip() if template.has(key) else "" for key in ("1", "2")
        )
        for date, user in ((second, first), (first, second)):
            when = self._timestamp(date) if date else None
            if when is None:
                continue
            link = _WIKILINK.search(user)
            name = self.user_from_target(link.group(1)) if link else user_name(user)
            return (name, when) if name else None
        return None


# ---------------------------------------------------------------------------------------------
# Anchors

# An anchor is not a title: every run of whitespace in the heading's visible text (tabs and
# newlines from entities included) becomes one "_", which is not core.names' title rule.
_ANCHOR_SPACES = re.compile(r"[\s_]+")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_NOWIKI = re.compile(r"<nowiki\s*>(.*?)</nowiki\s*>", re.IGNORECASE | re.DOTALL)
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_LINK_TEXT = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_EXTERNAL_LINK = re.compile(r"\[(?:[a-z][a-z0-9+.-]*:)?//[^\s\[\]]+\s+([^\[\]]*)\]", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_QUOTES = re.compile(r"'{2,}")
_CATEGORY = re.compile(r"\s*category\s*:", re.IGNORECASE)
# Core's behaviour switches (English names): MediaWiki removes them before it builds headings.
_BEHAVIOUR_SWITCH = re.compile(
    r"__(?:NOTOC|FORCETOC|TOC|NOEDITSECTION|NEWSECTIONLINK|NONEWSECTIONLINK|NOGALLERY|HIDDENCAT|"
    r"EXPECTUNUSEDCATEGORY|NOCONTENTCONVERT|NOCC|NOTITLECONVERT|NOTC|INDEX|NOINDEX|STATICREDIRECT|"
    r"EXPECTUNUSEDTEMPLATE|DISAMBIG|ARCHIVEDTALK|NOTALK)__",
    re.IGNORECASE,
)


def _link_text(match: re.Match[str]) -> str:
    target, label = match.group(1), match.group(2)
    if label is not None:
        return label
    if _CATEGORY.match(target):
        return ""  # a category link shows nothing where it stands
    return target.strip().removeprefix(":")


def _quote_run(match: re.Match[str]) -> str:
    """Quote runs as MediaWiki reads them: 4 is an apostrophe then bold; past 5 the extras show."""
    count = len(match.group())
    if count == 4:
        return "'"
    return "'" * (count - 5) if count > 5 else ""


def anchor_for(title: str) -> str:
    """The fragment MediaWiki gives a heading with this wikitext, in html5 fragment mode.

    It works on the heading's visible text: comments removed; ``<nowiki>`` content kept
    literally; behaviour switches such as ``__NOTOC__`` (English names only) dropped;
    ``[[A|b]]`` → b, ``[[A]]`` → A (a leading ``:`` dropped, link trails joined,
    ``[[Category:…]]`` dropped); ``[url label]`` → label; HTML tags and bold/italic quotes
    removed; entities decoded; every run of whitespace or ``_`` becomes one ``_``, with none at
    either end. Unicode is kept as it is.

    Checked against MediaWiki 1.43. Not reproduced: templates and magic words other than
    ``{{!}}`` and ``{{=}}`` (MediaWiki expands them; they stay here as written), bare
    ``[url]`` links (numbered "[1]" per page), localised category namespace names, files, and
    ``<math>``-like extension tags. Repeated headings get ``_2``, ``_3`` …; that needs the
    whole page, so :attr:`Thread.anchor` has it and this function does not.
    For a ``[[Page#…]]`` link, pass the result through :func:`wikilink_fragment`.
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(1))
        return f"\ue000{len(kept) - 1}\ue001"

    text = _COMMENT.sub("", title)
    text = text.replace("{{!}}", "|").replace("{{=}}", "=")
    text = _NOWIKI.sub(keep, text)
    text = _BEHAVIOUR_SWITCH.sub("", text)
    text = _LINK_TEXT.sub(_link_text, text)
    text = _EXTERNAL_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_TAG.sub("", text)
    text = _QUOTES.sub(_quote_run, text)
    text = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
    text = html.unescape(text)
    return _ANCHOR_SPACES.sub(" ", text).strip().replace(" ", "_")


def _unique_anchor(anchor: str, used: set[str]) -> str:
    """MediaWiki's rule for repeated headings: case-insensitive (ASCII only), then _2, _3 …"""
    key = _ascii_lower(anchor)
    if key not in used:
        used.add(key)
        return anchor
    number = 2
    while f"{key}_{number}" in used:
        number += 1
    used.add(f"{key}_{number}")
    return f"{anchor}_{number}"


def _ascii_lower(text: str) -> str:
    return "".join(ch.lower() if ch.isascii() else ch for ch in text)


# Characters that would end or change a [[Page#fragment|label]] link, or be expanded on save.
# MediaWiki percent-decodes a link target that contains "%", so escaping them is safe. Runs of
# underscores are escaped too: MediaWiki finds behaviour switches such as __NOTOC__ anywhere in
# the text, link targets included, and a heading's anchor can hold one (``<nowiki>`` in it).
_FRAGMENT_UNSAFE = re.compile(r"[%\[\]{}|<>&~'\n]|_(?=_)|(?<=_)_")


def wikilink_fragment(anchor: str) -> str:
    """``anchor`` made safe to write after ``#`` in a ``[[Page#…]]`` link.

    Percent-encodes ``% [ ] { } | < > & ~ '``, newlines and every ``_`` next to another one;
    MediaWiki decodes them again when
    it resolves the link. Literal text that itself looks like an HTML entity (``&amp;``) cannot
    be expressed: MediaWiki decodes it after percent-decoding.
    """
    return _FRAGMENT_UNSAFE.sub(lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode()), anchor)


def user_from_link(target: str, rules: SignatureRules) -> str | None:
    """The user a link target names under ``rules``, or None; for callers that read titles."""
    return _Matcher.build(rules).user_from_target(target)


__all__ = [
    "DEFAULT_UNSIGNED_TEMPLATES",
    "Comment",
    "SignatureRules",
    "Thread",
    "anchor_for",
    "first_reply",
    "headings_with_templates",
    "parse_threads",
    "user_from_link",
    "wikilink_fragment",
]
