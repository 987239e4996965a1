"""mentor-dashboard check: a read-only preflight before the first run on a wiki.

It tells an operator, without writing anything:

* which backend the bot would use (standalone, or GrowthExperiments when the wiki has it);
* whether the account has the bot flag and each right the bot uses (protect, editprotected,
  editmyuserjson, and setmentor/managementors on a GrowthExperiments wiki), and which rights a
  BotPassword's or OAuth consumer's grants leave out;
* which of the pages the bot reads exist: the mentor list, the settings page, the community FAQ,
  the resources page, the opt-out template and the bot's state page;
* what the next run would do: the accounts it would assign, the pages it would create, update
  and protect, counted on a full dry pass over every mentor;
* how long that run and a typical day take at the put throttle and maxlag of user-config.py;
* every problem a run would report: malformed mentor-list entries, invalid settings, …

Exit codes: 0 nothing blocks a run; 1 something on the wiki or the account blocks it (a missing
right, a missing mentor list, the shutoff page, a read-only wiki); 2 the configuration cannot be
used (no account for this wiki, the login is refused, a backend the wiki does not have).

Only reads and a dry pass reach the wiki, and a dry pass sends no write, so the check can be
run on a live wiki at any time. It reads as much as a full run does.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.core.settings import Settings
from bot.decide.preflight import (
    exit_code,
    needs,
    page_findings,
    pages_to_check,
    problem_findings,
    rights_findings,
    workload_findings,
)
from bot.model.journal import REASON_NEW
from bot.model.page import PageAction
from bot.model.preflight import Finding, Level, Pace, Workload
from bot.model.problem import Problem
from bot.model.titles import Titles

if TYPE_CHECKING:  # the parser is built offline: nothing that loads pywikibot at import time
    from bot.gateway import Gateway
    from bot.run import RunReport

HELP = "read-only preflight: backend, rights, pages, what the first run would do and how long"


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Register ``check`` on the command line's subcommands."""
    assert __doc__ is not None
    return sub.add_parser(  # type: ignore[no-any-return]
        "check", help=HELP, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def pace_from_config() -> Pace:
    """The put throttle and maxlag pywikibot will use, as user-config.py (or -putthrottle) set them."""
    from pywikibot import config

    write_maxlag = getattr(config, "write_maxlag", None)
    read_maxlag = getattr(config, "read_maxlag", None)
    return Pace(
        put_throttle=float(config.put_throttle),
        write_maxlag=int(write_maxlag) if write_maxlag else None,
        read_maxlag=int(read_maxlag) if read_maxlag else None,
        retry_wait=float(config.retry_wait),
    )


def main(_: argparse.Namespace | None = None) -> int:
    """Check the configured wiki and print the findings; the exit code says whether a run may start."""
    import pywikibot
    import requests

    from bot.gateway import Gateway

    gw: Gateway | None = None
    try:
        gw = Gateway(pywikibot.Site())
        findings = preflight(gw, Settings(), pace_from_config())
    except (pywikibot.exceptions.Error, requests.RequestException, OSError) as e:
        print(f"failed: the wiki did not answer the check: {type(e).__name__}: {e}")
        return 1
    finally:
        if gw is not None:
            gw.close()
    for f in findings:
        print(f)
    code = exit_code(findings)
    verdict = {0: "nothing blocks a run", 1: "fix the blocking findings first", 2: "fix the configuration"}
    print(f"check: {verdict[code]}; requests: {gw.counts.summary()}; edits: {gw.edits}")
    return code


def preflight(gw: Gateway, defaults: Settings, pace: Pace) -> list[Finding]:
    """Every finding, in the order an operator fixes them: wiki, login, settings, rights, pages, size."""
    import pywikibot

    from bot.read.account import existing, read_account
    from bot.read.control import ShutoffError, read_control
    from bot.read.siteinfo import ReadOnlyError, check_writable
    from bot.read.titles import page_titles

    out: list[Finding] = []
    try:
        extensions: frozenset[str] | None = check_writable(gw)
    except ReadOnlyError as e:
        out.append(Finding(Level.BLOCKING, "wiki", str(e)))
        extensions = None
    try:
        gw.site.login()
        account = read_account(gw)
    except pywikibot.exceptions.Error as e:
        return [*out, Finding(Level.CONFIG, "login", f"cannot log in: {type(e).__name__}: {e}")]
    if not account.name or "user" not in account.groups:
        return [
            *out,
            Finding(Level.CONFIG, "login", "not logged in: check user-config.py and the password file"),
        ]

    try:
        control = read_control(gw, defaults)
        s, titles, stopped = control.settings, control.titles, False
    except ShutoffError as e:
        out.append(Finding(Level.BLOCKING, "shutoff", str(e)))
        s, titles, stopped = defaults, page_titles(gw.site, defaults, ()), True
    backend = _backend(gw, s, extensions, out)
    if backend is not None:
        out.append(Finding(Level.OK, "backend", f"{backend}{_backend_note(backend)}"))

    out += rights_findings(account, needs(backend or "standalone", s, account))
    roles = _roles(titles)
    found = existing(gw, [*roles.values(), titles.status])
    out += page_findings(pages_to_check(backend or "standalone", roles, found))

    if stopped or backend is None or extensions is None:
        out.append(Finding(Level.INFO, "next run", "not counted: a run would stop before it starts"))
        return out
    try:
        report, work = dry_pass(
            gw,
            defaults,
            status_exists=found.get(titles.status, False),
            state_exists=found.get(titles.state, False),
            can_protect="protect" in account.rights and s.protect,
        )
    except pywikibot.exceptions.Error as e:  # what a real run would fail on, said with the rest
        return [*out, Finding(Level.BLOCKING, "next run", f"the dry pass failed: {type(e).__name__}: {e}")]
    out += problem_findings(report.problems)
    if report.lifecycle is not None:  # a mentor's own settings: on their dashboard, and here
        out += problem_findings(
            Problem(f"{m}'s settings page", p)
            for m, st in report.lifecycle.mentors.items()
            for p in st.settings.problems
        )
    out += [
        Finding(Level.INFO, "pages", f"{o.title} refuses this bot ({{{{nobots}}}} or an in-use template)")
        for o in report.outcomes
        if o.action is PageAction.SKIPPED_NOBOTS
    ]
    out += workload_findings(work, pace, backend, s)
    return out


def _backend(gw: Gateway, s: Settings, extensions: frozenset[str] | None, out: list[Finding]) -> str | None:
    from bot.lifecycle.backend import BackendError, choose

    try:
        return choose(gw, s, extensions)
    except BackendError as e:
        out.append(Finding(Level.CONFIG, "backend", str(e)))
        return None


def _backend_note(backend: str) -> str:
    if backend == "growth":
        return " (GrowthExperiments is installed: mentors and mentees come from its API)"
    return " (the mentor list page and the bot's own assignments pages)"


def _roles(titles: Titles) -> dict[str, str]:
    return {
        "mentor list": titles.mentor_list,
        "settings": titles.settings,
        "community FAQ": titles.shared.community_faq,
        "resources": titles.shared.resources,
        "opt-out template": titles.optout,
        "state page": titles.state,
    }


@dataclass(frozen=True)
class _Counted:
    creates: int
    updates: int
    protections: int


def dry_pass(
    gw: Gateway, defaults: Settings, *, status_exists: bool, state_exists: bool, can_protect: bool
) -> tuple[RunReport, Workload]:
    """A full dry pass over every mentor: what the next run would write, and what its reads cost."""
    from bot.render.i18n import Messages
    from bot.run import RunMode, run_pass

    reads_before = gw.counts.reads
    started = time.monotonic()
    report = run_pass(
        gw, defaults, Messages.load(gw.site.lang), RunMode(full=True, dry_run=True), show=lambda _: None
    )
    seconds = time.monotonic() - started
    reads = gw.counts.reads - reads_before
    counted = _count_pages(gw, report, status_exists, can_protect)
    moves = report.lifecycle.moves if report.lifecycle is not None else ()
    gaining = {m.to for m in moves if m.to} | {m.frm for m in moves if m.frm}
    # A batch saves the state page twice (the journal, then cleared); with no move, the first
    # run still saves its log position.
    lifecycle = (2 + len(gaining) + sum(1 for m in moves if m.notice)) if moves else int(not state_exists)
    work = Workload(
        new_mentees=sum(1 for m in moves if m.reason == REASON_NEW),
        other_moves=sum(1 for m in moves if m.reason != REASON_NEW),
        creates=counted.creates,
        updates=counted.updates,
        protections=counted.protections,
        lifecycle_writes=lifecycle,
        pages_built=len(report.built),
        read_seconds=seconds,
        read_requests=reads,
    )
    return report, work


def _count_pages(gw: Gateway, report: RunReport, status_exists: bool, can_protect: bool) -> _Counted:
    """Creations and updates among the pages the dry pass would save (and the status page)."""
    from bot.read.account import existing

    would = [o.title for o in report.outcomes if o.action is PageAction.DRY_RUN]
    there = existing(gw, would) if would else {}
    new = [t for t in would if not there.get(t)]
    protect = sum(1 for t in new if t in report.built and report.built[t].protect) if can_protect else 0
    status_new = 0 if status_exists else 1
    return _Counted(len(new) + status_new, len(would) - len(new) + (1 - status_new), protect)
