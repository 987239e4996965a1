"""Read the standalone backend's record of who mentors whom (ARCHITECTURE §10.2): one listing for all.

Every mentor's ``User:<Bot>/Assignments/<Mentor>.json`` comes from one ``allpages`` listing
with the text included (continued as the API splits its answers), never one request per mentor.
The page format is ``bot/parse/assignments.py``'s; the page history, with edit summaries that
say why, is the audit log.

The pages belong to the bot, but anyone with the rights can edit them, so the store fails soft
(ARCHITECTURE §9.8). A page whose newest revision is not the bot's costs one history request:

* when it cannot be read, the mentees of the bot's own last revision stand in for it, flagged
  ``unreadable``: the mentor's dashboard keeps its true mentee list and nothing moves to or from
  that page until someone fixes it;
* when it can, the edit is accepted and reported with its diff: who added or removed whom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.clock import parse_api_time, utcnow
from bot.core.names import user_name
from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.model.problem import Problem, Said
from bot.parse.assignments import AssignmentError, decode
from bot.read.history import recent_revisions, revision_text
from bot.read.users import fetch_users

NS_USER = 2
# How long a well-formed hand edit stays on the status page: the bot keeps it, so after a week
# the page history alone tells the story.
HAND_EDIT_SHOWN = timedelta(days=7)


@dataclass(frozen=True)
class _Foreign:
    """A page whose newest revision someone else saved."""

    mentor: str  # from the title: the bot chose it, so it is the key
    title: str
    revid: int
    user: str
    text: str
    at: datetime


def read_all(gw: Gateway, bot_user: str, prefix: str) -> tuple[dict[str, Assignments], list[Problem]]:
    """Every mentor's assignments page in one listing: (by mentor name, problems)."""
    out: dict[str, Assignments] = {}
    foreign: list[_Foreign] = []
    for page in gw.generator_pages(
        "allpages",
        gapnamespace=NS_USER,
        gapprefix=f"{bot_user}/{prefix}",
        gaplimit="max",
        prop="revisions",
        rvprop="content|ids|user|timestamp",
        rvslots="main",
    ):
        revs = page.get("revisions")
        if not revs or not page["title"].endswith(".json"):
            continue
        rev = revs[0]
        text = rev["slots"]["main"].get("content", "")
        name_in_title = page["title"].split("/", 1)[1][len(prefix) : -len(".json")]
        found = _Foreign(
            name_in_title,
            page["title"],
            int(rev["revid"]),
            rev.get("user", "?"),
            text,
            parse_api_time(rev["timestamp"]),
        )
        if found.user != bot_user:
            foreign.append(found)
            continue
        try:
            mentor, mentees = decode(text, page["title"])
        except AssignmentError:  # the bot's own text: only a bug or a storage fault, but fail soft
            foreign.append(found)
            continue
        mentor = mentor or name_in_title
        out[mentor] = Assignments(mentor, page["title"], mentees, int(rev["revid"]))
    problems: list[Problem] = []
    changes: list[tuple[_Foreign, set[int], set[int]]] = []
    for f in foreign:
        last = _bot_revision(gw, f.title, bot_user)
        try:
            mentor, mentees = decode(f.text, f.title)
            if mentor and user_name(mentor) != user_name(f.mentor):
                raise AssignmentError(
                    "mentordashboard-problem-assignments-wrong-mentor", f.title, mentor, f.mentor
                )
        except AssignmentError as e:
            kept = last.mentees if last else {}
            out[f.mentor] = Assignments(f.mentor, f.title, kept, f.revid, unreadable=str(e))
            problems.append(Problem(f.title, _unreadable_message(f, e.said, last)))
            continue
        out[f.mentor] = Assignments(f.mentor, f.title, mentees, f.revid)
        if utcnow() - f.at <= HAND_EDIT_SHOWN:
            before = set(last.mentees) if last else set()
            changes.append((f, set(mentees) - before, before - set(mentees)))
    if changes:
        problems.extend(_edit_reports(gw, changes, out))
    return out, problems


def _bot_revision(gw: Gateway, title: str, bot_user: str) -> Assignments | None:
    """The newest revision of TITLE the bot saved that it can read (None: there is none)."""
    for rev in recent_revisions(gw, title):
        if rev.get("user") != bot_user:
            continue
        try:
            mentor, mentees = decode(revision_text(rev), title)
        except AssignmentError:
            continue
        return Assignments(mentor, title, mentees, int(rev["revid"]))
    return None


def _unreadable_message(f: _Foreign, reason: Said, last: Assignments | None) -> Said:
    if last is None:
        return Said.of("mentordashboard-problem-assignments-unknown", reason, f.user, f.revid, f.mentor)
    return Said.of(
        "mentordashboard-problem-assignments-kept",
        reason,
        f.user,
        f.revid,
        f.mentor,
        last.revid,
        len(last.mentees),
    )


def _edit_reports(
    gw: Gateway, changes: list[tuple[_Foreign, set[int], set[int]]], pages: Mapping[str, Assignments]
) -> list[Problem]:
    """One line per hand edit: who added or removed which mentee, and who now has no mentor."""
    ids = {uid for _, added, removed in changes for uid in added | removed}
    names = {u.user_id: u.name for u in fetch_users(gw, ids=ids).values()} if ids else {}
    held = {uid for page in pages.values() for uid in page.mentees}
    out: list[Problem] = []
    for f, added, removed in changes:
        parts: list[Said] = []
        if not added and not removed:
            parts.append(Said.of("mentordashboard-problem-assignments-unchanged"))
        if removed:
            parts.append(Said.of("mentordashboard-problem-assignments-removed", _names(removed, names)))
        if added:
            parts.append(Said.of("mentordashboard-problem-assignments-added", _names(added, names)))
        orphans = sorted(removed - held)
        if orphans:
            lost = Said.of(
                "mentordashboard-problem-assignments-orphans", _names(set(orphans), names), len(orphans)
            )
            parts.append(lost)
        key = "mentordashboard-problem-assignments-hand-edit"
        out.append(Problem.of(f.title, key, f.user, f.mentor, f.revid, tuple(parts)))
    return out


def _names(ids: set[int], names: Mapping[int, str]) -> str:
    return ", ".join(f"{names[uid]} (#{uid})" if uid in names else f"#{uid}" for uid in sorted(ids))
