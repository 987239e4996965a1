"""What the preflight concludes: which rights, pages and settings stop a run, and how long it takes.

Pure: ``bot/ops/check.py`` reads the account, the pages and a dry pass, and hands the records
here. Every conclusion is a ``Finding`` an operator can act on; ``exit_code`` says whether a run
may start (0), must wait for a fix on the wiki or the account (1), or for a configuration fix (2).

Rights come with the grant that carries them, because a BotPassword or OAuth consumer narrows
the account's rights to its grants: a right the groups give but the login lacks is a grant to add
on Special:BotPasswords, not a group to ask for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core.settings import Settings
from bot.model.preflight import Account, Finding, Level, Pace, Workload
from bot.model.problem import Problem


@dataclass(frozen=True)
class Need:
    """A right the bot uses, the grant that carries it, and what is lost without it."""

    right: str
    grant: str
    why: str
    level: Level  # how much it matters when it is missing


def needs(backend: str, s: Settings, account: Account) -> list[Need]:
    """The rights this wiki's backend and these settings use."""
    out = [
        Need("edit", "editpage", "save the dashboards and the bot's pages", Level.BLOCKING),
        Need(
            "createpage",
            "createeditmovepage",
            "create the dashboards, the index and the status page",
            Level.BLOCKING,
        ),
        Need(
            "editmyuserjson",
            "editmycssjs",
            "save its own JSON pages (the state page"
            + (", the assignments pages)" if backend == "standalone" else ")"),
            Level.BLOCKING,
        ),
        Need("apihighlimits", "highvolume", "read 500 titles a request instead of 50", Level.WARNING),
    ]
    if s.protect:
        out.append(
            Need(
                "protect",
                "protect",
                "protect the generated pages (edit=sysop, move=sysop): without it they stay open to "
                "anyone; an admin bot is needed, or the operator setting protect turned off",
                Level.WARNING,
            )
        )
        if "protect" in account.rights:
            out.append(
                Need(
                    "editprotected",
                    "editprotected",
                    "edit the pages it protects: with protect and without this, the second run fails",
                    Level.BLOCKING,
                )
            )
    if backend == "growth":
        out += [
            Need(
                "setmentor",
                "managementorship",
                "carry out mentors' claims in GrowthExperiments",
                Level.BLOCKING,
            ),
            Need(
                "managementors",
                "managementorship",
                "send mentors' away, message and weight to GrowthExperiments",
                Level.BLOCKING,
            ),
        ]
    return out


def rights_findings(account: Account, wanted: Iterable[Need]) -> list[Finding]:
    """One finding per right: held, missing from the account, or left out by the login's grants."""
    out: list[Finding] = []
    if account.blocked is not None:
        out.append(Finding(Level.BLOCKING, "account", f"{account.name} is blocked: {account.blocked}"))
    if account.has_bot_flag:
        out.append(Finding(Level.OK, "account", f"{account.name} has the bot flag"))
    else:
        out.append(
            Finding(
                Level.WARNING,
                "account",
                f"{account.name} is not in the bot group: ask the community to approve the bot and a "
                "bureaucrat (or steward) for the flag; until then its edits fill recent changes",
            )
        )
    for need in wanted:
        if need.right in account.rights:
            out.append(Finding(Level.OK, "rights", f"{need.right}: yes"))
        elif need.right in account.group_rights:
            out.append(
                Finding(
                    need.level,
                    "rights",
                    f"{need.right}: the account's groups give it, but this login's grants leave it out; "
                    f"add the grant '{need.grant}' to the bot password or OAuth consumer (to {need.why})",
                )
            )
        else:
            out.append(Finding(need.level, "rights", f"{need.right}: missing (needed to {need.why})"))
    return out


@dataclass(frozen=True)
class PageCheck:
    """An on-wiki page the bot reads, whether it exists, and what its absence means."""

    role: str
    title: str
    exists: bool
    missing_level: Level
    missing_means: str


def pages_to_check(backend: str, titles: Mapping[str, str], exists: Mapping[str, bool]) -> list[PageCheck]:
    """TITLES by role (the keys below); EXISTS says which are there."""
    roles: list[tuple[str, Level, str]] = []
    if backend == "standalone":
        roles.append(("mentor list", Level.BLOCKING, "nobody is a mentor; create it before the first run"))
    roles += [
        ("settings", Level.INFO, "the defaults apply"),
        ("community FAQ", Level.WARNING, "mentors' FAQ pages start empty, and M3 links nothing"),
        ("resources", Level.WARNING, "M6 says there is no resources page"),
        ("opt-out template", Level.WARNING, "mentees have no template to opt out with"),
        ("state page", Level.INFO, "this is the first run: it reads the new-user log of the last days"),
    ]
    return [
        PageCheck(role, titles[role], exists.get(titles[role], False), lvl, means)
        for role, lvl, means in roles
    ]


def page_findings(pages: Iterable[PageCheck]) -> list[Finding]:
    return [
        Finding(Level.OK, "pages", f"{p.role}: {p.title} exists")
        if p.exists
        else Finding(p.missing_level, "pages", f"{p.role}: {p.title} is missing: {p.missing_means}")
        for p in pages
    ]


def problem_findings(problems: Iterable[Problem]) -> list[Finding]:
    """What a run would put on the status page: malformed list entries, invalid settings, …"""
    return [Finding(Level.WARNING, "to fix on the wiki", str(p)) for p in dict.fromkeys(problems)]


def duration(seconds: float) -> str:
    """A duration as people say it: "40 s", "12 min", "1 h 5 min"."""
    if seconds < 60:
        return f"{math.ceil(seconds)} s"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"


def workload_findings(work: Workload, pace: Pace, backend: str, s: Settings) -> list[Finding]:
    """How many accounts and pages the next run handles, and how long it and a day take."""
    if backend == "growth":
        assign = "GrowthExperiments assigns new accounts; the bot assigns none"
    else:
        assign = (
            f"{work.new_mentees} new accounts would get a mentor (the first run looks back "
            f"{s.assignment_lookback_days} days), and {work.other_moves} mentees would move"
        )
    first = work.read_seconds + work.first_run_writes * pace.put_throttle
    daily_writes = work.pages_built + 1  # every generated page at most once, and the status page
    lag = (
        f"; every write also waits while the wiki's replication lag is above {pace.write_maxlag} s"
        if pace.write_maxlag
        else ""
    )
    return [
        Finding(Level.INFO, "next run", assign),
        Finding(
            Level.INFO,
            "next run",
            f"{work.creates} pages to create, {work.updates} to update, {work.protections} to protect, "
            f"{work.lifecycle_writes} lifecycle writes ({work.first_run_writes} writes in all)",
        ),
        Finding(Level.INFO, "pace", pace.describe()),
        Finding(
            Level.INFO,
            "time",
            f"the next run: about {duration(first)} ({work.first_run_writes} writes × "
            f"{pace.put_throttle:g} s, and {work.read_requests} reads that took "
            f"{duration(work.read_seconds)} here){lag}",
        ),
        Finding(
            Level.INFO,
            "time",
            f"a typical day: at most {daily_writes} saves (each generated page at most once, when dates "
            f"move at midnight), about {duration(daily_writes * pace.put_throttle)}, plus one full "
            "refresh's reads; hourly runs in between read only what changed",
        ),
    ]


def exit_code(findings: Iterable[Finding]) -> int:
    """2 when the configuration must change, 1 when something on the wiki blocks a run, else 0."""
    levels = {f.level for f in findings}
    if Level.CONFIG in levels:
        return 2
    return 1 if Level.BLOCKING in levels else 0
