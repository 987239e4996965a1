"""The mentor lifecycle on a GrowthExperiments wiki: claims and status changes, sent to its API.

GrowthExperiments assigns new accounts, keeps the mentor list and reassigns the mentees of
mentors who leave, so none of that happens here: no new-account assignment, no reassignment,
no assignment pages. What the bot still adds is the mentor's settings page as a way to act:

* **claims** are decided exactly as on a standalone wiki (``bot.lifecycle.plan``: carried out
  once, later revision wins, same failure reasons on the dashboard) and carried out with
  ``action=growthsetmentor``. The calls come before the state page is saved, so a run killed
  between the two repeats the claim, which GrowthExperiments answers with "already the mentor"
  and the bot treats as done;
* **status, weight and message** are sent with ``action=growthmanagementorlist`` when the mentor
  saves a new revision of their settings page and it differs from what GrowthExperiments has.
  Only a new revision counts, so a change the mentor makes in Special:MentorDashboard is not
  undone on the next run by an old settings page. A page that does not mention ``status`` keeps
  GrowthExperiments' away state, which is sent back as it is because a change without
  ``isaway`` would end it.

``status: quit`` is not carried out: on such a wiki a mentor leaves through
Special:QuitMentorship, which reassigns their mentees the GrowthExperiments way; the mentor is
told so on their dashboard.
"""

from __future__ import annotations

import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import pywikibot

from bot.core.clock import midnight
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle import plan as decide
from bot.lifecycle.journal import REASON_CLAIM, StateError, encode
from bot.lifecycle.standalone import Lifecycle, LifecycleResult
from bot.lifecycle.status import MentorStatus
from bot.model.mentor import MentorEntry
from bot.model.page import CurrentPage
from bot.model.problem import Problem
from bot.parse.mentor_settings import STATUS_ACTIVE, STATUS_AWAY, STATUS_QUIT
from bot.publish.moves import save_state
from bot.read import users as src
from bot.render.i18n import Messages

if TYPE_CHECKING:
    from bot.backends.growth import GrowthBackend

log = logging.getLogger(__name__)


def said_keys(status: MentorStatus) -> set[str]:
    """The keys the trusted settings revision actually wrote; defaults do not count as asking."""
    rev = status.settings.revision
    try:
        data = json.loads(rev.text) if rev is not None else {}
    except json.JSONDecodeError:
        return set()
    return set(data) if isinstance(data, dict) else set()


def status_change(
    status: MentorStatus, entry: MentorEntry, now: datetime
) -> tuple[dict[str, object] | None, str | None]:
    """What to send for one mentor's new settings revision: (set_status arguments or None when
    GrowthExperiments already agrees, a problem to show the mentor or None). Pure."""
    said = said_keys(status)
    settings = status.settings.settings
    back = entry.away_until
    current_away = back if back is not None and back > now else None
    away, problem = current_away, None
    if "status" in said:
        if settings.status == STATUS_AWAY and settings.away_until is not None:
            away = midnight(settings.away_until) if midnight(settings.away_until) > now else None
        elif settings.status == STATUS_AWAY:
            problem = 'GrowthExperiments needs a return date to mark you away: add "away_until"'
        elif settings.status == STATUS_QUIT:
            problem = "to stop mentoring on this wiki, use Special:QuitMentorship: it reassigns your mentees"
        elif settings.status == STATUS_ACTIVE:
            away = None
    message = settings.message if "message" in said and settings.message != entry.message else None
    weight = settings.weight if "weight" in said and settings.weight != entry.weight else None
    if away == current_away and message is None and weight is None:
        return None, problem
    return {"away_until": away, "message": message, "weight": weight}, problem


class GrowthLifecycle:
    def __init__(
        self,
        gw: Gateway,
        backend: GrowthBackend,
        settings: Settings,
        messages: Messages,
        now: datetime,
        *,
        write: bool = True,
        show: Callable[[str], None] = print,
        known: Mapping[str, CurrentPage] | None = None,
    ) -> None:
        self.gw = gw
        self.backend = backend
        self.s = settings
        self.now = now
        self.write = write
        self.show = show
        # Reading settings pages and the state page is the same as on a standalone wiki.
        self.shared = Lifecycle(gw, settings, messages, now, write=False, show=show, known=known)
        self.rng = random.Random(settings.assignment_seed)

    def run(self) -> LifecycleResult:
        result = LifecycleResult()
        parsed = self.backend.mentors()
        entries = {m.username: m for m in parsed.mentors}
        mentors = self.shared.read_mentors(parsed)
        result.mentors = mentors
        try:
            state, state_rev = self.shared.read_state()
        except StateError as e:
            result.problems.append(Problem(self.shared.state_title, str(e)))
            return result
        result.claims = dict(state.claims)
        new_revision = {
            m
            for m, st in mentors.items()
            if st.settings.revision is not None
            and (m not in state.claims or state.claims[m].revid != st.settings.revision.revid)
        }
        stored, _ = self.backend.assignments(mentors)
        claimed = {n for st in mentors.values() for n in st.settings.settings.claim}
        targets = src.fetch_users(self.gw, names=claimed) if claimed else {}
        optouts = frozenset(src.fetch_optouts(self.gw, self._optout_title()))
        # Quitting is GrowthExperiments' business here: the plan must not reassign anyone.
        staying = tuple(replace(st, status=STATUS_ACTIVE) if st.quit else st for st in mentors.values())
        decided = decide.plan(
            decide.PlanInput(
                now=self.now,
                mentors=staying,
                list_clean=False,
                stored={m: frozenset(a.mentees) for m, a in stored.items()},
                accounts={},
                claim_targets=targets,
                optouts=optouts,
                new_accounts=(),
                state=replace(state, waiting=()),
            ),
            self.s,
            self.rng,
        )
        claims = tuple(mv for mv in decided.moves if mv.reason == REASON_CLAIM)
        result.moves = claims
        result.optouts = optouts
        result.stored = None if claims and self.write else stored  # what the read stage can reuse
        result.claims = dict(decided.state.claims)
        changes: dict[str, dict[str, object]] = {}
        for name in sorted(new_revision):
            change, problem = status_change(mentors[name], entries[name], self.now)
            if problem:
                result.problems.append(Problem(f"User:{name}", problem))
            if change is not None:
                changes[name] = change
        if not self.write:
            for mv in claims:
                self.show(f"would ask GrowthExperiments to make {mv.to} the mentor of {mv.name} (claim)")
            for name, change in changes.items():
                self.show(f"would change {name} in GrowthExperiments' mentor list: {change}")
            return result

        retry: set[str] = set()
        for mv in claims:
            assert mv.to is not None
            reason = f"{self.s.summary_prefix}: claimed in {mv.to}'s settings (revision {mv.revid})"
            refused = self.backend.claim(mv.name, mv.to, reason)
            if refused:
                result.problems.append(Problem(f"User:{mv.to}", f"claim of {mv.name}: {refused}"))
                retry.add(mv.to)
            else:
                log.info("claim: %s is now mentored by %s (was %s)", mv.name, mv.to, mv.frm)
        # A refused claim (a missing right, say) is not recorded as done: the next run tries again
        # and keeps reporting it, rather than the dashboard calling it carried out.
        claims_after = {m: r for m, r in decided.state.claims.items() if m not in retry}
        claims_after |= {m: state.claims[m] for m in retry if m in state.claims}
        result.claims = claims_after
        for name, change in changes.items():
            away = change["away_until"]
            message, weight = change["message"], change["weight"]
            assert away is None or isinstance(away, datetime)
            self.backend.set_status(
                name,
                away_until=away,
                message=message if isinstance(message, str) else None,
                weight=weight if isinstance(weight, int) else None,
            )
        final = replace(decided.state, pending=(), waiting=state.waiting, claims=claims_after)
        if encode(final) != encode(state):
            save_state(
                self.gw,
                self.shared.state_title,
                final,
                state_rev,
                f"{self.s.summary_prefix}: {len(claims)} claims sent to GrowthExperiments, settings read",
            )
        return result

    def _optout_title(self) -> str:
        return str(pywikibot.Page(self.gw.site, self.s.optout_template).title())
