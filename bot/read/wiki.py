"""The read stage proper: every fact about the mentors a pass refreshes, in batched requests.

The reads are batched across mentors (one users query for everyone's mentees, one
contributions stream, one block-log pass, talk pages 50 or 500 at a time), so the cost follows
the wiki's activity, not the number of mentees times the number of figures on a dashboard.
Windows start on a Monday (``bot/core/clock.py``), so the clock alone changes what is read at
most once a week.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from itertools import chain
from pathlib import Path

from bot.core.clock import window_start
from bot.core.settings import Settings
from bot.decide.refresh import quiet_mentees
from bot.gateway import Gateway
from bot.lifecycle.status import MentorStatus
from bot.model.assignment import Assignments, HeldIds
from bot.model.change import Changes
from bot.model.dormant import Dormant, DormantFold, PackedRows
from bot.model.mentee import MenteeFacts, dormant_account
from bot.model.mentor import MentorEntry
from bot.model.talk import MentorKnown, TalkData
from bot.model.titles import Titles
from bot.model.user import Activity, WikiUser
from bot.model.wiki import WikiData
from bot.parse.dormant_row import encode_dormant
from bot.read import users as src
from bot.read.greeted import read_mentee_talk
from bot.read.page_fate import read_page_fate
from bot.read.praise import read_praise
from bot.read.revcache import RevisionCache
from bot.read.talk import read_talk, signature_rules

NO_EDITS = Activity()


def assigned_on(day: int) -> date:
    """The store's yyyymmdd day number as a date."""
    return date(day // 10000, day // 100 % 100, day % 100)


def held_twice(held: Mapping[str, Mapping[int, int]], distinct: int) -> frozenset[int]:
    """Ids more than one of these mentors hold, of DISTINCT ids in all: the store should not
    have any, but a hand edit can make one."""
    if sum(len(m) for m in held.values()) == distinct:
        return frozenset()
    seen: set[int] = set()
    twice: set[int] = set()
    for mentees in held.values():
        for uid in mentees:
            (twice if uid in seen else seen).add(uid)
    return frozenset(twice)


def dormant_facts(user: WikiUser, day: int, blocks: tuple[datetime, ...], opted_out: bool) -> MenteeFacts:
    """A dormant mentee's facts as the loop in :func:`read_wiki` makes them: no edit in the
    window, and nothing of what only a listed row shows (reverts, page alerts, talk page) read."""
    return MenteeFacts(user=user, blocks=blocks, opted_out=opted_out, assigned=assigned_on(day))


def read_wiki(
    gw: Gateway,
    s: Settings,
    *,
    mentors: tuple[MentorEntry, ...],
    stored: Mapping[str, Assignments],
    statuses: Mapping[str, MentorStatus],
    optouts: frozenset[str] | None,
    titles: Titles,
    now: datetime,
    cache: Path | None,
    known: Mapping[str, MentorKnown] | None = None,
    changes: Changes | None = None,
    dormant: Mapping[int, MenteeFacts] | None = None,
    touched: frozenset[int] = frozenset(),
) -> WikiData:
    """What the build stage needs for MENTORS; OPTOUTS when the lifecycle already read them.

    CACHE is the talk-page revision cache's file (None: in memory, for this run only). KNOWN is
    what the run memory holds of mentors' archives and thanks, and CHANGES what happened since
    the run that left it; without both, they are read once per mentor. DORMANT are the facts the
    memory keeps of mentees who were neither new nor active, valid only with CHANGES; those of
    them not TOUCHED since (ids the change streams name) are not read at all, except for the
    account of those due for the slow sweep (ARCHITECTURE §8.6).
    """
    all_ids = HeldIds.of(stored.values())
    if not mentors:  # nothing to refresh: the shared pages come from the run memory's rows
        return WikiData((), {}, TalkData(), all_ids)
    held = {m.username: stored[m.username].mentees if m.username in stored else {} for m in mentors}
    ids = HeldIds(uid for mentees in held.values() for uid in mentees)
    remembered = dormant if dormant is not None and changes is not None else {}
    quiet, swept = quiet_mentees(ids, remembered, touched, now.date())
    recent = window_start(now.date(), s.recent_days)
    window = window_start(now.date(), s.active_edit_days)
    blocks = src.fetch_blocks(gw, since=window)
    if optouts is None:
        optouts = frozenset(src.fetch_optouts(gw, titles.optout))
    folds = {m: DormantFold() for m in held}
    dormant_read = PackedRows()
    twice = held_twice(held, len(ids))

    def settle(uid: int, mentor: str, user: WikiUser) -> bool:
        """Add a dormant mentee read afresh to their mentor's totals as their batch arrives, so
        the pass never holds every account at once (a first run at XL reads 400,000). Not those
        the streams named (their talk page is still to be read), not those swept (compared with
        the memory below), not one two mentors hold (each gets a copy, in the loop below)."""
        if uid in swept or uid in touched or uid in twice or not dormant_account(user, NO_EDITS, now, s):
            return False
        day = held[mentor][uid]
        f = dormant_facts(user, day, tuple(blocks.get(user.name, ())), user.name in optouts)
        folds[mentor].add(f, day)
        dormant_read.append(uid, encode_dormant(f))
        return True

    found, activity = src.fetch_accounts_and_activity(
        gw,
        ((uid, m) for m, mentees in held.items() for uid in mentees if uid not in quiet),
        since=window,
        recent=recent,
        keep_latest=s.digest_edits,
        settle=settle,
    )
    # A swept mentee whose account is as remembered stays quiet: nothing else is read of them.
    unchanged = {uid for uid in swept if found.get(uid) == remembered[uid].user}
    from_memory = HeldIds(chain(quiet, unchanged))  # sorted: a frozenset costs five times the bytes
    del quiet  # the swept ones stay: ``settle`` asks about them
    accounts = found  # less the swept ones found as remembered: one dict of every account, not two
    for uid in unchanged:
        del accounts[uid]
    # What shows only on a listed mentee's row (reverts, page alerts, the greeting) is not asked
    # for dormant ones. Their talk page is read when the streams named them (a warning this
    # week counts in the digest), but not on a pass without memory, where it would cost one
    # request per 500 held mentees for what is almost never there (ARCHITECTURE §8.6).
    awake = {
        u.name for u in accounts.values() if not dormant_account(u, activity.get(u.name, NO_EDITS), now, s)
    }
    lively = [u.name for u in accounts.values() if u.name in awake and u.editcount > 0]
    talk_of = [u.name for uid, u in accounts.items() if u.name in awake or uid in touched]
    reverted = src.fetch_reverted(gw, lively)
    talk_ns = gw.site.namespaces[3].custom_name
    mentee_talk = read_mentee_talk(gw, talk_of, s.warning_prefixes, talk_ns, titles.bot)
    warned_at, ungreeted = mentee_talk.warned_at, mentee_talk.ungreeted
    with gw.phase("alerts"):  # issue 22's reads, counted apart for the benchmark
        fates = read_page_fate(
            gw,
            lively,
            since=window_start(now.date(), s.page_alert_days),
            tag_templates=s.deletion_tag_templates,
            tag_categories=s.deletion_tag_categories,
            discussion_templates=s.deletion_discussion_templates,
            discussion_page=s.deletion_discussion_page,
        )

    # Dormant mentees are added up, not kept one by one (ARCHITECTURE §8.6, ``Dormant``); those
    # read afresh are also kept whole for the run memory. Most were added as they were read.
    mentees_of: dict[str, tuple[MenteeFacts, ...]] = {}
    dormant_of: dict[str, Dormant] = {}
    for m in mentors:
        facts = []
        fold = folds[m.username]
        for uid, day in held[m.username].items():
            if uid in from_memory:  # the blocks come from the block log read anyway
                f = remembered[uid]
                fold.add(f, day, tuple(blocks.get(f.user.name, ())))
                continue
            user = accounts.get(uid)
            if user is None:  # gone, hidden, or already added up
                continue
            f = MenteeFacts(
                user=user,
                activity=activity.get(user.name, NO_EDITS),
                reverted=tuple(reverted.get(user.name, ())),
                blocks=tuple(blocks.get(user.name, ())),
                warned=user.name in warned_at,
                opted_out=user.name in optouts,
                assigned=assigned_on(day),
                warned_at=warned_at.get(user.name),
                page_alerts=fates.get(user.name, ()),
                greeted=user.name not in ungreeted,
            )
            if dormant_account(user, f.activity, now, s):
                fold.add(f, day)
                dormant_read.append(uid, encode_dormant(f))
            else:
                facts.append(f)
        mentees_of[m.username] = tuple(facts)
        dormant_of[m.username] = fold.tally()
    thanks_since = window_start(now.date(), s.impact_thanks_days)
    usable = {m: k for m, k in (known or {}).items() if k.thanks.covers(thanks_since)}
    talk = read_talks(gw, s, [m.username for m in mentors], titles, cache, usable, changes)
    overrides = {n: st.settings.settings.praise for n, st in statuses.items()}
    engagement = read_praise(gw, mentees_of, overrides, s, now)
    return WikiData(mentors, mentees_of, talk, all_ids, engagement, from_memory, dormant_of, dormant_read)


def read_talks(
    gw: Gateway,
    s: Settings,
    names: list[str],
    titles: Titles,
    cache: Path | None,
    known: Mapping[str, MentorKnown] | None = None,
    changes: Changes | None = None,
) -> TalkData:
    """Talk pages, archives, thanks and the FAQ/resources pages: batched, see bot/read/talk.py."""
    revisions = RevisionCache(cache)
    try:
        return read_talk(
            gw,
            names,
            archive_prefix=s.archive_prefix,
            question_tags=s.question_tags,
            rules=signature_rules(gw, s.unsigned_templates),
            cache=revisions,
            faq_titles=[titles.mentors[n].faq for n in names],
            resources_title=titles.shared.resources,
            community_faq_title=titles.shared.community_faq,
            also_check=[
                *([titles.mentors[n].praise for n in names] if s.praise_enabled else ()),
                *(titles.mentors[n].welcome for n in names),
            ],
            known=known,
            changes=changes,
        )
    finally:
        revisions.close()
