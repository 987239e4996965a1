"""Read what M3–M6 need: mentors' talk pages and archives, thread openers, thanks, FAQ pages.

Costs, for M mentors and a batch size B (500 for a bot, 50 otherwise):

- signature rules: one ``allmessages`` request (month names and zone labels);
- talk pages: ceil(M / 50) requests, content included (texts are read 50 at a time, so one
  answer's texts are all that is held before parsing);
- archive subpages and thanks, for a mentor the run memory knows (ARCHITECTURE §8.5): nothing
  per mentor. The remembered archive titles, with the ones recent changes and the move log
  name under the mentor's archive prefix, get their latest revision in ceil(N / B) ``prop=info``
  requests for everyone; thanks are the remembered totals plus the new entries of the thanks
  log, which the change reader already streams. For a mentor it does not know (a first run, a
  lost memory, a new mentor): one request each, an ``allpages`` listing (the API takes one
  prefix per listing) and the thanks log (``letitle`` takes one title) side by side; or, when
  the wiki is small enough that listing its whole User talk namespace and its whole thanks log
  is at most half that (``siprop=statistics`` says how many pages it has: one request), those
  two streams for everyone instead (:func:`wide_read_fits`);
- the text of only those archive revisions the local cache does not hold, ceil(N / B);
- thread openers: ceil(P / B) ``list=users`` requests for P distinct people who opened a
  thread, plus as many per GrowthExperiments question tag;
- FAQ and resources pages: one existence check for all of them, plus the community FAQ's text
  when some mentor's FAQ is missing;
- headings that hold a template: one ``action=parse`` request for all of them, only when a page
  has one (MediaWiki's anchor depends on what the template expands to).

None of it grows with the number of questions. Everything is returned as plain data; the
decisions are made in ``bot/build/questions.py``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.core.clock import parse_api_time
from bot.gateway import Gateway
from bot.model.change import Changes
from bot.model.talk import (
    Asker,
    MentorKnown,
    TalkData,
    TalkPageThreads,
    Thank,
    ThanksReceived,
    thread_openers,
)
from bot.parse.talk_threads import SignatureRules, clock_message_keys, headings_with_templates, parse_threads
from bot.read.pages import TEXT_BATCH
from bot.read.revcache import RevisionCache
from bot.read.titles import title_of
from bot.read.users import fetch_users

log = logging.getLogger(__name__)

NS_USER_TALK = 3


def _content(page: Mapping[str, object]) -> tuple[int, str] | None:
    revs = page.get("revisions")
    if page.get("missing") or not isinstance(revs, list) or not revs:
        return None
    rev = revs[0]
    return int(rev["revid"]), str(rev["slots"]["main"].get("content", ""))


def signature_rules(gw: Gateway, unsigned_templates: Iterable[str]) -> SignatureRules:
    """What a signature looks like on the wiki: names from cached siteinfo, and in one
    ``allmessages`` request the genitive month names and the zone's ``timezone-*`` labels."""
    keys = clock_message_keys(gw.site)
    result = gw.request(action="query", meta="allmessages", ammessages="|".join(keys), amlang=gw.site.lang)
    messages = {
        str(m["name"]): str(m.get("content", ""))
        for m in result.get("query", {}).get("allmessages", [])
        if not m.get("missing")
    }
    return SignatureRules.from_site(gw.site, unsigned_templates, messages)


WIDE_FROM = 8  # below this many mentors the per-mentor read is a handful of requests anyway


def wide_read_fits(mentors: int, pages: int, limit: int) -> bool:
    """Whether listing the whole User talk namespace, LIMIT pages a request, surely costs at
    most half of the MENTORS requests the per-mentor read makes.

    PAGES, the wiki's count of all its pages, bounds the namespace from above, so the estimate
    never undercounts the listing; the siteinfo request that gave it is counted too. The thanks
    log rides in the same requests; :func:`fetch_archives_and_thanks` gives up on the wide read
    when that log turns out to need more.
    """
    return mentors >= WIDE_FROM and 1 + -(-max(pages, 1) // limit) <= mentors // 2


def fetch_archives_and_thanks(
    gw: Gateway, mentors: Sequence[str], archive_prefix: str
) -> tuple[dict[str, tuple[str, int]], dict[str, ThanksReceived]]:
    """Each mentor's archive subpages (title -> (mentor, revid)) and when they were thanked.

    Neither listing batches across mentors (``allpages`` takes one prefix, ``logevents`` one
    title), so both ride in the same request: one request per mentor, not two. A small wiki is
    cheaper to read whole: on the benchmark's M (100 mentors, 13,434 pages) the page count and
    one answer holding both streams, 2 requests instead of 100.
    """
    if len(mentors) >= WIDE_FROM:
        limit = 10 * gw.batch_size  # 5,000 list entries an answer for a bot, 500 otherwise
        stats = gw.request(action="query", meta="siteinfo", siprop="statistics")
        pages = int(stats.get("query", {}).get("statistics", {}).get("pages", 0))
        if wide_read_fits(len(mentors), pages, limit):
            wide = read_whole_namespace(gw, mentors, archive_prefix, limit, budget=len(mentors) // 2 - 1)
            if wide is not None:
                return wide
            log.info("the thanks log is too long to read whole; reading each mentor's on their own")
    return read_each_mentor(gw, mentors, archive_prefix)


def read_whole_namespace(
    gw: Gateway, mentors: Sequence[str], archive_prefix: str, limit: int, *, budget: int
) -> tuple[dict[str, tuple[str, int]], dict[str, ThanksReceived]] | None:
    """What :func:`read_each_mentor` gives, from the whole User talk namespace and the whole
    thanks log, read side by side; None once that has taken BUDGET requests and is not done."""
    talks = {title_of(gw.site, f"User talk:{m}"): m for m in mentors}
    recipients = {title_of(gw.site, f"User:{m}"): m for m in mentors}
    listing: dict[str, Any] = {}
    if archive_prefix:
        listing = {
            "generator": "allpages",
            "gapnamespace": NS_USER_TALK,
            "gapfilterredir": "nonredirects",
            "gaplimit": limit,
            "prop": "info",
        }
    archives: dict[str, tuple[str, int]] = {}
    received: dict[str, list[Thank]] = {m: [] for m in mentors}
    for used, result in enumerate(
        gw.query(
            list="logevents", letype="thanks", leprop="ids|title|timestamp|type", lelimit=limit, **listing
        ),
        start=1,
    ):
        query = result.get("query", {})
        for page in query.get("pages", []):
            title = str(page.get("title", ""))
            talk = title.split("/", 1)[0]  # a user name holds no slash
            owner = talks.get(talk)
            if owner and title.startswith(f"{talk}/{archive_prefix}") and "lastrevid" in page:
                archives[title] = (owner, int(page["lastrevid"]))
        for e in query.get("logevents", []):
            mentor = recipients.get(str(e.get("title", "")))
            if mentor is not None and e.get("action") == "thank":
                received[mentor].append(Thank(int(e["logid"]), mentor, parse_api_time(e["timestamp"])))
        if "continue" in result and used >= budget:
            return None
    return archives, {m: ThanksReceived(tuple(t)) for m, t in received.items()}


def read_each_mentor(
    gw: Gateway, mentors: Sequence[str], archive_prefix: str
) -> tuple[dict[str, tuple[str, int]], dict[str, ThanksReceived]]:
    """One request per mentor: what a wiki too big to read whole costs."""
    archives: dict[str, tuple[str, int]] = {}
    thanks: dict[str, ThanksReceived] = {}
    for mentor in mentors:
        talk = title_of(gw.site, f"User talk:{mentor}")
        listing: dict[str, Any] = {}
        if archive_prefix:
            listing = {
                "generator": "allpages",
                "gapnamespace": NS_USER_TALK,
                "gapprefix": f"{talk.split(':', 1)[1]}/{archive_prefix}",
                "gaplimit": "max",
                "prop": "info",
            }
        received: list[Thank] = []
        for result in gw.query(
            list="logevents",
            letype="thanks",
            letitle=title_of(gw.site, f"User:{mentor}"),
            leprop="ids|timestamp|type",
            lelimit="max",
            **listing,
        ):
            query = result.get("query", {})
            for page in query.get("pages", []):
                if "lastrevid" in page and not page.get("redirect"):
                    archives[page["title"]] = (mentor, int(page["lastrevid"]))
            received += (
                Thank(int(e["logid"]), mentor, parse_api_time(e["timestamp"]))
                for e in query.get("logevents", [])
                if e.get("action") == "thank"
            )
        thanks[mentor] = ThanksReceived(tuple(received))
    return archives, thanks


def known_archives_and_thanks(
    gw: Gateway, known: Mapping[str, MentorKnown], archive_prefix: str, changes: Changes
) -> tuple[dict[str, tuple[str, int]], dict[str, ThanksReceived]]:
    """The same as :func:`fetch_archives_and_thanks` for mentors the run memory knows, from the
    memory and the change streams: no request per mentor.

    An archive can only appear by being created, moved in, restored or imported, and each of
    those puts its title in CHANGES; one that was deleted or moved away no longer answers
    ``prop=info`` as a page of its own, and drops out.
    """
    candidates: dict[str, str] = {}  # title -> mentor
    for mentor, k in known.items():
        candidates.update(dict.fromkeys(k.archives, mentor))
        if archive_prefix:
            prefix = f"{title_of(gw.site, f'User talk:{mentor}')}/{archive_prefix}"
            candidates.update({t: mentor for t in changes.titles if t.startswith(prefix)})
    archives: dict[str, tuple[str, int]] = {}
    for page in gw.query_pages(sorted(candidates), prop="info"):
        owner = candidates.get(str(page.get("title", "")))
        if owner is not None and "lastrevid" in page and not page.get("redirect") and not page.get("missing"):
            archives[page["title"]] = (owner, int(page["lastrevid"]))
    thanks = {m: k.thanks.adding(t for t in changes.thanks if t.recipient == m) for m, k in known.items()}
    return archives, thanks


def fetch_talk_pages(
    gw: Gateway,
    mentors: Sequence[str],
    *,
    archives: Mapping[str, tuple[str, int]],
    rules: SignatureRules,
    cache: RevisionCache,
) -> dict[str, tuple[TalkPageThreads, ...]]:
    """Each mentor's talk page (first) and its ARCHIVES (title -> (mentor, revid)), parsed into
    threads; archive texts come from CACHE when their revision is already there. Headings
    holding a template get their anchors from the wiki (:func:`fetch_heading_anchors`)."""
    titles = {title_of(gw.site, f"User talk:{m}"): m for m in mentors}
    found: list[tuple[str, str, int, bool, str]] = []  # mentor, title, revid, archived, text
    for page in gw.query_pages(
        list(titles), size=TEXT_BATCH, prop="revisions", rvprop="ids|content", rvslots="main"
    ):
        content = _content(page)
        mentor = titles.get(page["title"])
        if content is None or mentor is None:
            continue
        found.append((mentor, page["title"], content[0], False, content[1]))

    texts = cache.get_many(revid for _, revid in archives.values())
    missing = [revid for _, revid in archives.values() if revid not in texts]
    if missing:
        for page in gw.query_pages(
            [str(r) for r in missing],
            key="revids",
            size=TEXT_BATCH,
            prop="revisions",
            rvprop="ids|content",
            rvslots="main",
        ):
            content = _content(page)
            if content is not None:
                texts[content[0]] = content[1]
        cache.keep({title: revid for title, (_, revid) in archives.items()}, texts)
    for title in sorted(archives):
        mentor, revid = archives[title]
        if revid in texts:
            found.append((mentor, title, revid, True, texts[revid]))

    headings = sorted({h for *_, text in found for h in headings_with_templates(text)})
    anchors = fetch_heading_anchors(gw, headings, found[0][1]) if headings else {}
    out: dict[str, list[TalkPageThreads]] = defaultdict(list)
    for mentor, title, revid, archived, text in found:
        threads = parse_threads(text, rules, anchors)
        out[mentor].append(TalkPageThreads(mentor, title, revid, archived, threads))
    return {m: tuple(pages) for m, pages in out.items()}


def fetch_heading_anchors(gw: Gateway, headings: Sequence[str], context: str) -> dict[str, str]:
    """The anchor MediaWiki gives each of HEADINGS, expanded as on page CONTEXT; one request.

    They go to ``action=parse`` as one text of level-2 headings, each behind a marker word of
    its own ("Mdbh7 …"), so no two collide and get numbered; the marker is cut off the anchor
    again. A heading whose anchor does not come back with its marker is left to the guess.
    """
    markers = [f"Mdbh{i}" for i in range(len(headings))]
    text = "\n".join(f"== {marker} {heading} ==" for marker, heading in zip(markers, headings, strict=True))
    result = gw.request(action="parse", text=text, title=context, prop="sections", contentmodel="wikitext")
    anchors: dict[str, str] = {}
    by_marker = dict(zip(markers, headings, strict=True))
    for section in result.get("parse", {}).get("sections", []):
        anchor = str(section.get("anchor", ""))
        marker, _, rest = anchor.partition("_")
        heading = by_marker.pop(marker, None)
        if heading is not None and rest:
            anchors[heading] = rest
    if by_marker:
        log.warning("No anchor from the wiki for %d heading(s); guessed instead", len(by_marker))
    return anchors


def fetch_askers(gw: Gateway, names: Iterable[str], tags: Sequence[str]) -> dict[str, Asker]:
    """Accounts behind the people who opened threads, and their edits with a question tag.

    Tagged edits are looked up only for real accounts: GrowthExperiments tags questions from
    logged-in newcomers, and ``ucuser`` refuses names that are not user names.
    """
    accounts = fetch_users(gw, names=sorted(set(names)))
    tagged: dict[str, list[datetime]] = defaultdict(list)
    users = sorted(accounts)
    for tag in tags:
        for i in range(0, len(users), gw.batch_size):
            for c in gw.query_list(
                "usercontribs",
                ucuser="|".join(users[i : i + gw.batch_size]),
                uctag=tag,
                ucnamespace=NS_USER_TALK,
                ucprop="timestamp",
                uclimit="max",
            ):
                tagged[c["user"]].append(parse_api_time(c["timestamp"]))
    return {
        name: Asker(name, u.user_id, u.temp, tuple(sorted(tagged.get(name, ()))))
        for name, u in accounts.items()
    }


def fetch_existing(gw: Gateway, titles: Iterable[str]) -> frozenset[str]:
    """Which of TITLES exist, in one batched ``prop=info`` query."""
    return frozenset(
        p["title"]
        for p in gw.query_pages(list(titles), prop="info")
        if not p.get("missing") and "pageid" in p
    )


def fetch_text(gw: Gateway, title: str) -> str | None:
    for page in gw.query_pages([title], prop="revisions", rvprop="ids|content", rvslots="main"):
        found = _content(page)
        return None if found is None else found[1]
    return None


def read_talk(
    gw: Gateway,
    mentors: Sequence[str],
    *,
    archive_prefix: str,
    question_tags: Sequence[str],
    rules: SignatureRules,
    cache: RevisionCache,
    faq_titles: Iterable[str],
    resources_title: str,
    community_faq_title: str,
    also_check: Iterable[str] = (),
    known: Mapping[str, MentorKnown] | None = None,
    changes: Changes | None = None,
) -> TalkData:
    """Everything M3–M6 need, counted under the gateway phase "talk".

    ALSO_CHECK are more titles whose existence rides along with the FAQ pages' check (M7's
    praise messages), so they cost no request of their own. KNOWN is what the run memory holds
    of mentors' archives and thanks, valid with CHANGES, everything since the last run; a mentor
    it does not hold is read on their own.
    """
    with gw.phase("talk"):
        remembered = {m: known[m] for m in mentors if m in known} if known and changes is not None else {}
        unknown = [m for m in mentors if m not in remembered]
        archives, thanks = fetch_archives_and_thanks(gw, unknown, archive_prefix)
        if remembered:
            assert changes is not None
            more_archives, more_thanks = known_archives_and_thanks(gw, remembered, archive_prefix, changes)
            archives.update(more_archives)
            thanks.update(more_thanks)
        pages = fetch_talk_pages(gw, mentors, archives=archives, rules=rules, cache=cache)
        askers = fetch_askers(gw, thread_openers(p for ps in pages.values() for p in ps), question_tags)
        faqs = list(faq_titles)
        existing = fetch_existing(gw, [*faqs, resources_title, community_faq_title, *also_check])
        community = None
        if community_faq_title in existing and any(t not in existing for t in faqs):
            community = fetch_text(gw, community_faq_title)
    by_mentor: dict[str, set[str]] = {m: set() for m in mentors}
    for title, (mentor, _) in archives.items():
        by_mentor[mentor].add(title)
    return TalkData(
        pages, askers, thanks, existing, community, {m: frozenset(t) for m, t in by_mentor.items()}
    )
