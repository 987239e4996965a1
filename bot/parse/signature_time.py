"""The timestamp after a signature, read the way MediaWiki wrote it on one wiki.

MediaWiki expands ``~~~~`` and ``~~~~~`` with (``Parser::pstPass2``)::

    $contLang->timeanddate( <local time>, false, false ) . " (" . <zone label> . ")"

that is, in the content language's default date-and-time format, with its month names
(nominative ``F``, genitive ``xg`` or abbreviated ``M``, as that format asks), in its own digits
when ``$wgTranslateNumerals`` is on, at the wiki's local time (``$wgLocaltimezone``), followed
by a zone label. The label (``MWTimestamp::getTimezoneMessage``) is the ``timezone-<abbr>``
message when it exists (core translates only ``timezone-utc``: "ت ع م" in Arabic; a wiki may
add others), else PHP's abbreviation itself. For zones the tz database has no letters for,
that abbreviation is numeric: ``+03`` (Asia/Riyadh), ``-03`` (America/Sao_Paulo), ``+0330``
(Asia/Tehran), ``+0545`` (Asia/Kathmandu). It changes on summer-time days: CET and CEST on
either side of the switch.

pywikibot's TimeStripper finds the date and time fields of all these formats, in any order and
any script it knows, and we let it do that. Where it reads less than MediaWiki writes we adapt
its input and its output, never its internals (each point checked against pywikibot 11.9 with
MediaWiki 1.43's own output, ``tests/unit/data/talk/signature_samples.json``):

1. Its zone pattern refuses ``+`` and ``-``, so a numeric label never matches and the text has
   no timestamp at all: every comment on such a wiki is lost. We read the label ourselves and
   give TimeStripper a letters-only stand-in.
2. It knows the names of ``site.months_names`` (``january``… and ``jan``…), not the genitive
   ``january-gen``… that ru, uk, pl, he, ar and fa write. Most still match because it finds a
   name inside a longer word ("декабря" holds "дек", "בדצמבר" holds "דצמבר"), but Russian
   "мая" (of May) holds none of them. We put the nominative in place of each genitive form.
3. Its digit table (``NON_ASCII_DIGITS``) lists 13 languages' digits (Eastern Arabic, Persian,
   Devanagari, Bengali …); Myanmar digits, for one, are not in it. We convert every Unicode
   decimal digit first.
4. It stamps every time with the wiki's *current* offset (siteinfo ``timeoffset``): on a wiki
   with summer time a winter comment read in summer is an hour off. We place the wall time in
   the wiki's named zone, and in the repeated autumn hour the label (CEST or CET) says which
   side of the switch it was written on.
5. It runs a dozen passes over the text it is given, and runs again inside every link; we give
   it only what stands between the label and the last link or tag before it, at most
   :data:`REACH` characters, which holds the longest timestamp MediaWiki writes.

A label that names another zone is taken at its word: "UTC" (or the wiki's translation of it)
is UTC, a numeric label is that offset. Any other label, such as the weekday "(木)" a Japanese
date carries, leaves the time in the wiki's zone. Calendars other than the Gregorian one (the
Thai solar year ``xkY``, Hebrew, Persian, Hijri dates) are not read: no language uses one in
its default format except Thai, whose years TimeStripper does not accept.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

# TimeStripper's own zone label (its ``timeznR``), and the numeric ones PHP writes for zones
# with no letter abbreviation.
LETTERS_LABEL = r"[^(){}\[\]:;#\t\n\r\f\v+-]+"
NUMERIC_LABEL = r"[+-]\d\d(?:\d\d)?"
# How far before its label a timestamp may start. The longest default format MediaWiki has,
# Portuguese "14h40min de 3 de dezembro de 2026", is 34 characters; month names run to 20.
REACH = 100

_NUMERIC = re.compile(r"([+-])(\d\d)(\d\d)?")
_DIGIT = re.compile(r"\d")
_STAND_IN = "(Z)"
_UTC_NAMES = ("UTC", "GMT")
_ZONE_SAMPLE_YEARS = range(2000, 2041)


def label_pattern(extra: Iterable[str] = ()) -> str:
    """A regex for one parenthesised zone label, with EXTRA labels the wiki itself defines.

    A ``timezone-*`` message may hold characters TimeStripper's letters refuse ("UTC+3"); those
    labels are matched as written.
    """
    literal = sorted((re.escape(label) for label in extra if label), key=len, reverse=True)
    return r"\((" + "|".join([*literal, NUMERIC_LABEL, LETTERS_LABEL]) + r")\)"


@dataclass(frozen=True)
class SiteClock:
    """The words and zone of one wiki's signature timestamps (digits of any script need none).

    ``months`` pairs each month's name with its abbreviation, as pywikibot's
    ``site.months_names`` does; ``genitive`` holds the twelve ``{month}-gen`` messages (empty
    when unknown). ``zone`` is siteinfo ``timezone``; ``offset_minutes`` (siteinfo
    ``timeoffset``) is used only when that zone is unknown to this machine. ``labels`` maps a
    zone abbreviation, lower case as in the message key, to the text of its ``timezone-<abbr>``
    message, for the messages that exist.
    """

    lang: str
    months: Sequence[tuple[str, str]]
    genitive: Sequence[str] = ()
    zone: str | None = None
    offset_minutes: int = 0
    labels: Mapping[str, str] = field(default_factory=dict)

    def zone_labels(self) -> frozenset[str]:
        """Every label the wiki writes after a signature that is not plain letters."""
        return frozenset(text for text in self.labels.values() if not re.fullmatch(LETTERS_LABEL, text))


def zone_abbreviations(zone: ZoneInfo) -> frozenset[str]:
    """The abbreviations ZONE has used since 2000 and will use until 2040, by its rules.

    MediaWiki looks up ``timezone-<abbr>`` for whichever applies when a comment is signed, so
    these are the message keys worth asking for. Sampled twice a month: no summer time is
    shorter than that.
    """
    found: set[str] = set()
    for year in _ZONE_SAMPLE_YEARS:
        for month in range(1, 13):
            for day in (1, 16):
                name = datetime(year, month, day, 12, tzinfo=UTC).astimezone(zone).tzname()
                if name:
                    found.add(name)
    return frozenset(found)


def wiki_zone(name: object) -> ZoneInfo | None:
    """The wiki's zone by its siteinfo name, or None when this machine does not know it."""
    if not isinstance(name, str) or not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("Unknown wiki time zone %r; using the fixed offset the wiki reports", name)
        return None


@dataclass
class _StripperSite:
    """The three things TimeStripper reads from a site; its own offset is never used."""

    lang: str
    months_names: list[tuple[str, str]]
    siteinfo: dict[str, Any]


class SignatureTimes:
    """Reads the timestamp that ends a piece of text, on one wiki; callable like TimeStripper.

    Returns the instant in UTC, or None when the text does not end in ``<timestamp> (<label>)``
    give or take what follows the label. Raises what TimeStripper raises on impossible dates
    (31 February); the caller treats that as no timestamp.
    """

    def __init__(self, clock: SiteClock) -> None:
        from pywikibot.textlib import TimeStripper

        months = [(name, short) for name, short in clock.months]
        site = _StripperSite(clock.lang, months, {"timeoffset": 0, "timezone": "UTC"})
        self._strip = TimeStripper(site=site).timestripper
        self._label = re.compile(label_pattern(clock.zone_labels()))
        self._zone = wiki_zone(clock.zone)
        self._fixed = timezone(timedelta(minutes=clock.offset_minutes))
        self._labels = {abbr.casefold(): text.strip() for abbr, text in clock.labels.items()}
        self._utc = {name.casefold() for name in (*_UTC_NAMES, self._labels.get("utc", "UTC"))}
        nominative = {name for name, _ in clock.months} | {short for _, short in clock.months}
        replace = {
            gen: clock.months[number][0]
            for number, gen in enumerate(clock.genitive[:12])
            if gen and gen not in nominative
        }
        self._genitive = replace
        self._genitive_pattern = (
            re.compile("|".join(re.escape(g) for g in sorted(replace, key=len, reverse=True)))
            if replace
            else None
        )

    def __call__(self, text: str) -> datetime | None:
        labels = list(self._label.finditer(text))
        if not labels:
            return None
        label = labels[-1]
        tail = text[max(0, label.start() - REACH) : label.start()]
        # No timestamp holds a link or a tag; what comes before the last one only costs time.
        link, tag = tail.rfind("]]"), tail.rfind(">")
        tail = tail[max(link + 2 if link >= 0 else 0, tag + 1) :]
        if not tail.isascii():
            tail = _DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), tail)
        if self._genitive_pattern is not None:
            tail = self._genitive_pattern.sub(lambda m: self._genitive[m.group()], tail)
        found = self._strip(tail + _STAND_IN)
        if found is None:
            return None
        wall = datetime(found.year, found.month, found.day, found.hour, found.minute, found.second)
        # In UTC: a time in the repeated hour compares unequal to every other zone's (PEP 495).
        return self._place(wall, label.group(1).strip()).astimezone(UTC)

    def _place(self, wall: datetime, label: str) -> datetime:
        """WALL in the zone LABEL names: the wiki's, on the side of a switch the label says."""
        key = label.casefold()
        if self._zone is not None:
            for fold in (0, 1):
                local = wall.replace(tzinfo=self._zone, fold=fold)
                abbr = local.tzname() or ""
                if self._labels.get(abbr.casefold(), abbr).casefold() == key:
                    return local
        numeric = _NUMERIC.fullmatch(label)
        if numeric:
            sign = -1 if numeric.group(1) == "-" else 1
            offset = timedelta(hours=int(numeric.group(2)), minutes=int(numeric.group(3) or 0))
            return wall.replace(tzinfo=timezone(sign * offset))
        if key in self._utc:
            return wall.replace(tzinfo=UTC)
        return wall.replace(tzinfo=self._zone or self._fixed)
