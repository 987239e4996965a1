"""Signature timestamps in every format MediaWiki writes, from wikitext alone.

The samples in ``data/talk/signature_samples.json`` were written by MediaWiki 1.43 itself (see
``signature_samples.php`` next to it): for each language and zone, the signature timestamp
of a known UTC instant. Each test reads the text back and expects that instant.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pywikibot.textlib import TimeStripper

from bot.model.talk import Comment
from bot.parse.signature_time import SignatureTimes, SiteClock, zone_abbreviations
from bot.parse.talk_threads import SignatureRules, first_reply, parse_threads

SAMPLES: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "talk" / "signature_samples.json").read_text(encoding="utf-8")
)
# The languages the issue names; the file has more (bn, ne, pt, ko, uk, pl, ckb, my).
NAMED = ("en", "cs", "fr", "ar", "de", "es", "ru", "ja", "fa", "he", "hi")


def utc(stamp: str) -> datetime:
    """An instant as MediaWiki's 14-digit timestamp gives it."""
    return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=UTC)


def clock_for(name: str, zone: str | None, labels: Mapping[str, str] | None = None) -> SiteClock:
    """The words a wiki in sample language NAME and ZONE gives from_site."""
    entry = SAMPLES[name]
    return SiteClock(
        lang=entry["lang"],
        months=list(zip(entry["months"], entry["abbreviations"], strict=True)),
        genitive=entry["genitive"],
        zone=zone,
        labels={"utc": entry["timezone-utc"], **(labels or {})},
    )


@cache
def times_for(name: str, zone: str | None) -> SignatureTimes:
    return SignatureTimes(clock_for(name, zone))


def rules_for(times: SignatureTimes, zone_labels: frozenset[str] = frozenset()) -> SignatureRules:
    return SignatureRules(
        user_prefixes=frozenset({"User", "User talk"}),
        contributions_names=frozenset({"Special:Contributions"}),
        unsigned_templates=frozenset({"Unsigned"}),
        timestripper=times,
        zone_labels=zone_labels,
    )


def sample(name: str, zone: str, stamp: str) -> str:
    """The text MediaWiki wrote for STAMP in language NAME and ZONE."""
    return str(dict(SAMPLES[name]["samples"][zone])[stamp])


CASES = [(name, zone) for name, entry in SAMPLES.items() for zone in entry["samples"]]


# --- every sample MediaWiki wrote ---------------------------------------------------------------


@pytest.mark.parametrize(("name", "zone"), CASES)
def test_every_timestamp_mediawiki_wrote_reads_back_as_its_instant(name: str, zone: str) -> None:
    times = times_for(name, zone)
    rows = SAMPLES[name]["samples"][zone]
    assert [(text, times(text)) for _, text in rows] == [(text, utc(stamp)) for stamp, text in rows]


@pytest.mark.parametrize(("name", "zone"), CASES)
def test_every_signature_mediawiki_wrote_is_a_comment_by_its_signer(name: str, zone: str) -> None:
    rules = rules_for(times_for(name, zone))
    rows = SAMPLES[name]["samples"][zone]
    lines = [
        f"Text {i}. [[User:Signer {i}|S]] ([[User talk:Signer {i}|t]]) {text}"
        for i, (_, text) in enumerate(rows)
    ]
    [thread] = parse_threads("\n".join(["== Q ==", *lines]), rules)
    expected = [Comment(f"Signer {i}", utc(stamp), i + 2) for i, (stamp, _) in enumerate(rows)]
    assert list(thread.comments) == expected


@pytest.mark.parametrize("name", NAMED)
def test_the_named_languages_are_all_in_the_samples(name: str) -> None:
    assert {"UTC", "Europe/Prague", "America/Sao_Paulo", "Asia/Kathmandu"} <= set(SAMPLES[name]["samples"])


# --- numeric zone labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "label"),
    [
        ("Asia/Riyadh", "+03"),
        ("America/Sao_Paulo", "-03"),
        ("Asia/Colombo", "+0530"),
        ("Asia/Kathmandu", "+0545"),
        ("Asia/Tehran", "+0330"),
        ("Pacific/Chatham", "+1345"),
    ],
)
def test_numeric_zone_labels_are_what_mediawiki_writes_for_zones_without_letters(
    zone: str, label: str
) -> None:
    assert sample("en", zone, "20260103000500").endswith(f" ({label})")


def test_two_signatures_with_numeric_labels_on_one_line_are_two_comments() -> None:
    first, second = (
        sample("en", "America/Sao_Paulo", "20261203144000"),
        sample("en", "America/Sao_Paulo", "20261231233000"),
    )
    rules = rules_for(times_for("en", "America/Sao_Paulo"))
    [thread] = parse_threads(f"== Q ==\nA? [[User:A]] {first} B. [[User:B]] {second}", rules)
    assert thread.comments == (Comment("A", utc("20261203144000"), 2), Comment("B", utc("20261231233000"), 2))


def test_a_numeric_label_gives_its_offset_on_a_wiki_whose_zone_is_unknown_here() -> None:
    times = SignatureTimes(SiteClock("en", clock_for("en", None).months, zone="Mars/Olympus_Mons"))
    assert times("14:40, 3 December 2026 (+0545)") == datetime(2026, 12, 3, 8, 55, tzinfo=UTC)
    assert times("14:40, 3 December 2026 (-03)") == datetime(2026, 12, 3, 17, 40, tzinfo=UTC)


def test_timestripper_alone_finds_nothing_before_a_numeric_label() -> None:
    # Why the adapter reads the label itself (point 1 of bot/parse/signature_time.py).
    assert _bare_stripper("en").timestripper(sample("en", "Asia/Riyadh", "20261203144000")) is None


# --- localised digits and month names -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "digits"), [("ar", "٠١٢"), ("fa", "۰۱۲"), ("hi", "०१२"), ("bn", "০১২"), ("my", "၀၁၂")]
)
def test_localised_digits_are_read(name: str, digits: str) -> None:
    text = sample(name, "UTC", "20261203144000")
    assert set(digits) & set(text), text  # the sample really is in that script
    assert times_for(name, "UTC")(text) == utc("20261203144000")


def test_timestripper_alone_misses_myanmar_digits() -> None:
    # Point 3 of bot/parse/signature_time.py.
    assert _bare_stripper("my").timestripper(sample("my", "UTC", "20261203144000")) is None


@pytest.mark.parametrize("name", ["ru", "uk", "pl", "he", "ar", "fa", "ckb"])
def test_every_genitive_month_name_is_read(name: str) -> None:
    # Polish writes "M" by default; a genitive still reads, whatever the format.
    entry = SAMPLES[name]
    times = times_for(name, "UTC")
    label = entry["timezone-utc"]
    for number in range(1, 13):
        when = datetime(2026, number, 13, 9, 7, tzinfo=UTC)
        text = _render("H:i, j xg Y", entry, when) + f" ({label})"
        assert times(text) == when, text


def test_timestripper_alone_misses_the_russian_genitive_of_may() -> None:
    # Point 2 of bot/parse/signature_time.py: "мая" holds neither "май" nor another name.
    text = sample("ru", "UTC", "20260531230000")
    assert "мая" in text
    assert _bare_stripper("ru").timestripper(text) is None


# --- zone labels and summer time ----------------------------------------------------------------


def test_the_translated_utc_label_is_read() -> None:
    text = sample("ar", "UTC", "20261203144000")
    assert text.endswith("(ت ع م)")
    assert times_for("ar", "UTC")(text) == utc("20261203144000")


def test_a_label_the_wiki_translates_decides_the_side_of_the_autumn_switch() -> None:
    # A wiki with MediaWiki:Timezone-cest and -cet pages writes these words instead of CEST/CET.
    times = SignatureTimes(clock_for("cs", "Europe/Prague", {"cest": "SELČ", "cet": "SEČ"}))
    assert times("25. 10. 2026, 02:30 (SELČ)") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert times("25. 10. 2026, 02:30 (SEČ)") == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_translated_label_with_a_plus_sign_still_ends_a_signature() -> None:
    clock = clock_for("en", "Asia/Riyadh", {"+03": "UTC+3"})
    rules = rules_for(SignatureTimes(clock), clock.zone_labels())
    [thread] = parse_threads(
        "== Q ==\nHi [[User:A]] 14:40, 3 December 2026 (UTC+3) [[User:B]] 15:00, 3 December 2026 (UTC+3)",
        rules,
    )
    assert thread.comments == (
        Comment("A", datetime(2026, 12, 3, 11, 40, tzinfo=UTC), 2),
        Comment("B", datetime(2026, 12, 3, 12, 0, tzinfo=UTC), 2),
    )


def test_comments_on_both_sides_of_the_autumn_switch_keep_their_order() -> None:
    # 02:30 CEST comes an hour before 02:30 CET: the clock went back in between.
    summer, winter = (
        sample("de", "Europe/Prague", "20261025003000"),
        sample("de", "Europe/Prague", "20261025013000"),
    )
    assert summer.replace("CEST", "CET") == winter
    rules = rules_for(times_for("de", "Europe/Prague"))
    text = f"== Frage ==\nWie? [[User:Asker]] {summer}\n:So. [[User:Mentor]] {winter}"
    [thread] = parse_threads(text, rules)
    assert [c.timestamp for c in thread.comments] == [utc("20261025003000"), utc("20261025013000")]
    reply = first_reply(thread, "Asker")
    assert reply is not None and reply.timestamp - thread.comments[0].timestamp == timedelta(hours=1)


def test_comments_on_both_sides_of_the_spring_switch_are_one_real_minute_apart() -> None:
    before, after = (
        sample("fr", "Europe/Prague", "20260329005900"),
        sample("fr", "Europe/Prague", "20260329010000"),
    )
    assert "01:59 (CET)" in before and "03:00 (CEST)" in after
    times = times_for("fr", "Europe/Prague")
    assert (times(after) or utc("0" * 14)) - (times(before) or utc("0" * 14)) == timedelta(minutes=1)


def test_a_utc_label_on_a_wiki_in_another_zone_means_utc() -> None:
    times = times_for("en", "Europe/Prague")
    assert times("10:00, 12 January 2026 (UTC)") == datetime(2026, 1, 12, 10, 0, tzinfo=UTC)
    assert times("10:00, 12 January 2026 (CET)") == datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


def test_an_unknown_label_leaves_the_time_in_the_wikis_zone() -> None:
    assert times_for("en", "Europe/Prague")("10:00, 12 July 2026 (XYZ)") == datetime(
        2026, 7, 12, 8, 0, tzinfo=UTC
    )


def test_the_japanese_weekday_in_parentheses_is_not_taken_for_the_zone() -> None:
    text = sample("ja", "Asia/Kathmandu", "20261203144000")
    assert "(木)" in text
    rules = rules_for(times_for("ja", "Asia/Kathmandu"))
    [thread] = parse_threads(f"== 質問 ==\n質問です [[User:A]] {text}（木）です [[User:B]] {text}", rules)
    assert thread.comments == (Comment("A", utc("20261203144000"), 2), Comment("B", utc("20261203144000"), 2))


@pytest.mark.parametrize(
    ("zone", "stamp", "local_day"),
    [
        ("America/Sao_Paulo", "20260103000500", "2"),  # 21:05 on the 2nd, local
        ("Asia/Kathmandu", "20261231233000", "1"),  # 05:15 on 1 January 2027, local
        ("America/New_York", "20260214235900", "14"),  # no crossing: 18:59 the same day
    ],
)
def test_local_midnight_crossings_keep_the_utc_date(zone: str, stamp: str, local_day: str) -> None:
    text = sample("es", zone, stamp)
    assert f" {local_day} " in text, text
    assert times_for("es", zone)(text) == utc(stamp)


def test_zone_abbreviations_list_both_sides_of_summer_time() -> None:
    assert {"CET", "CEST"} <= zone_abbreviations(ZoneInfo("Europe/Prague"))
    assert zone_abbreviations(ZoneInfo("Asia/Kathmandu")) == {"+0545"}


# --- custom signatures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "signature",
    [
        "[[User:Some one|<span style=\"color:#080\">'''Some one'''</span>]]",
        '<span class="sig">[[User:Some one|S]] <sup>[[User talk:Some one|talk]]</sup></span>',
        "[[File:Star.svg|12px|link=]] [[User:Some one|S]] · [[Special:Contributions/Some one|contribs]]",
        "<small>[[User talk:Some one|☎]]</small>",
        "[[User:Some one/Sig|Some one]] (<i>[[User talk:Some one|t]]</i>)",
    ],
)
def test_custom_signatures_sign_as_their_user(signature: str) -> None:
    text = sample("en", "Asia/Kathmandu", "20261203144000")
    rules = rules_for(times_for("en", "Asia/Kathmandu"))
    [thread] = parse_threads(f"== Q ==\nMy question about [[User:Other]]. {signature} {text}", rules)
    assert thread.comments == (Comment("Some one", utc("20261203144000"), 2),)


def test_a_custom_signature_with_a_date_inside_its_label_uses_the_one_after_it() -> None:
    rules = rules_for(times_for("en", "UTC"))
    line = "Q [[User:A|A (since 10:00, 1 May 2020 (UTC))]] 14:40, 3 December 2026 (UTC)"
    [thread] = parse_threads(f"== Q ==\n{line}", rules)
    assert thread.comments == (Comment("A", datetime(2026, 12, 3, 14, 40, tzinfo=UTC), 2),)


# --- properties over any instant ----------------------------------------------------------------

ZONES = ["UTC", "Europe/Prague", "America/New_York", "America/Sao_Paulo", "Asia/Kathmandu", "Asia/Tokyo"]


@settings(max_examples=200, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2039, 12, 31)),
    zone=st.sampled_from(ZONES),
    name=st.sampled_from(["en", "ru", "ar", "cs", "hi"]),
)
def test_any_minute_in_any_zone_reads_back(when: datetime, zone: str, name: str) -> None:
    instant = when.replace(second=0, microsecond=0, tzinfo=UTC)
    local = instant.astimezone(ZoneInfo(zone))
    entry = SAMPLES[name]
    abbr = local.tzname() or ""
    label = entry["timezone-utc"] if abbr == "UTC" else abbr
    text = _render(entry["format"], entry, local) + f" ({label})"
    assert times_for(name, zone)(text) == instant, text


def test_the_test_renderer_writes_what_mediawiki_writes() -> None:
    # _render must agree with MediaWiki, or the property above proves nothing.
    for name in ("en", "ru", "ar", "cs", "hi"):
        entry = SAMPLES[name]
        for zone in ZONES[:5]:
            for stamp, text in entry["samples"][zone]:
                local = utc(stamp).astimezone(ZoneInfo(zone))
                assert _render(entry["format"], entry, local) == text.rsplit(" (", 1)[0]


# --- helpers ------------------------------------------------------------------------------------


def _render(fmt: str, entry: Mapping[str, Any], local: datetime) -> str:
    """Just enough of MediaWiki's Language::sprintfDate for the formats tested here."""
    digits = entry["digits"]

    def num(value: int, width: int = 1) -> str:
        return "".join(digits[int(d)] for d in f"{value:0{width}d}")

    codes = {
        "xg": entry["genitive"][local.month - 1],
        "H": num(local.hour, 2),
        "i": num(local.minute, 2),
        "j": num(local.day),
        "n": num(local.month),
        "F": entry["months"][local.month - 1],
        "M": entry["abbreviations"][local.month - 1],
        "Y": num(local.year),
    }
    out, p = [], 0
    while p < len(fmt):
        if fmt.startswith("xg", p):
            out.append(codes["xg"])
            p += 2
        elif fmt[p] in codes:
            out.append(codes[fmt[p]])
            p += 1
        else:
            out.append(fmt[p])
            p += 1
    return "".join(out)


def _bare_stripper(name: str) -> TimeStripper:
    entry = SAMPLES[name]
    site = clock_for(name, "UTC")
    return TimeStripper(
        site=_Site(site.lang, list(zip(entry["months"], entry["abbreviations"], strict=True)))
    )


class _Site:
    """What TimeStripper reads from a site."""

    def __init__(self, lang: str, months: list[tuple[str, str]]) -> None:
        self.lang = lang
        self.months_names = months
        self.siteinfo = {"timeoffset": 0, "timezone": "UTC"}
