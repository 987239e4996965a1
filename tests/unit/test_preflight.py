"""The preflight's conclusions (bot/decide/preflight.py), from records, without a wiki."""

from __future__ import annotations

from bot.core.settings import Settings
from bot.decide import preflight as p
from bot.model.preflight import Account, Finding, Level, Pace, Workload
from bot.model.problem import Problem

SYSOP_BOT = frozenset(
    {"edit", "createpage", "editmyuserjson", "apihighlimits", "protect", "editprotected", "bot"}
)


def account(rights: frozenset[str], group_rights: frozenset[str] | None = None, bot: bool = True) -> Account:
    groups = frozenset({"*", "user", *(["bot"] if bot else [])})
    return Account("Bot", groups, rights, rights if group_rights is None else group_rights)


def levels(findings: list[Finding], topic: str) -> dict[str, Level]:
    return {f.message.split(":")[0]: f.level for f in findings if f.topic == topic}


def test_an_admin_bot_with_every_grant_has_nothing_missing() -> None:
    acc = account(SYSOP_BOT)
    found = p.rights_findings(acc, p.needs("standalone", Settings(), acc))
    assert {f.level for f in found} == {Level.OK}
    assert p.exit_code(found) == 0


def test_without_protect_the_pages_stay_open_and_the_run_may_still_start() -> None:
    acc = account(SYSOP_BOT - {"protect", "editprotected"})
    found = p.rights_findings(acc, p.needs("standalone", Settings(), acc))
    assert levels(found, "rights")["protect"] is Level.WARNING
    assert "editprotected" not in levels(found, "rights")  # only needed by a bot that protects
    assert p.exit_code(found) == 0


def test_protect_without_editprotected_blocks_because_the_second_run_would_fail() -> None:
    acc = account(SYSOP_BOT - {"editprotected"})
    found = p.rights_findings(acc, p.needs("standalone", Settings(), acc))
    assert levels(found, "rights")["editprotected"] is Level.BLOCKING
    assert p.exit_code(found) == 1


def test_a_right_the_groups_give_but_the_grants_leave_out_names_the_grant() -> None:
    acc = account(SYSOP_BOT - {"editmyuserjson"}, group_rights=SYSOP_BOT)
    (finding,) = [
        f for f in p.rights_findings(acc, p.needs("standalone", Settings(), acc)) if f.level != Level.OK
    ]
    assert finding.level is Level.BLOCKING
    assert "'editmycssjs'" in finding.message


def test_growth_needs_the_mentorship_rights_and_standalone_does_not() -> None:
    acc = account(SYSOP_BOT)
    growth = {n.right for n in p.needs("growth", Settings(), acc)}
    standalone = {n.right for n in p.needs("standalone", Settings(), acc)}
    assert {"setmentor", "managementors"} <= growth - standalone


def test_protect_is_not_asked_for_when_the_operator_turned_protection_off() -> None:
    acc = account(SYSOP_BOT - {"protect"})
    assert "protect" not in {n.right for n in p.needs("standalone", Settings(protect=False), acc)}


def test_no_bot_flag_and_a_block_are_reported() -> None:
    acc = Account("Bot", frozenset({"*", "user"}), SYSOP_BOT, SYSOP_BOT, blocked="vandalism")
    found = p.rights_findings(acc, [])
    assert [f.level for f in found] == [Level.BLOCKING, Level.WARNING]


def test_a_missing_mentor_list_blocks_a_standalone_wiki_only() -> None:
    titles = {
        r: f"T/{r}"
        for r in ("mentor list", "settings", "community FAQ", "resources", "opt-out template", "state page")
    }
    found = p.page_findings(p.pages_to_check("standalone", titles, {}))
    assert levels(found, "pages")["mentor list"] is Level.BLOCKING
    assert levels(found, "pages")["resources"] is Level.WARNING
    assert levels(found, "pages")["settings"] is Level.INFO
    growth = p.page_findings(p.pages_to_check("growth", titles, {}))
    assert "mentor list" not in levels(growth, "pages")
    assert p.exit_code(growth) == 0


def test_config_outranks_blocking_in_the_exit_code() -> None:
    assert p.exit_code([Finding(Level.BLOCKING, "a", "b"), Finding(Level.CONFIG, "c", "d")]) == 2
    assert p.exit_code([Finding(Level.WARNING, "a", "b")]) == 0


def test_times_follow_the_put_throttle() -> None:
    work = Workload(
        new_mentees=12,
        other_moves=0,
        creates=330,
        updates=0,
        protections=0,
        lifecycle_writes=0,
        pages_built=329,
        read_seconds=20,
        read_requests=40,
    )
    found = p.workload_findings(work, Pace(10, 5, 30, 5), "standalone", Settings())
    text = "\n".join(f.message for f in found)
    assert "12 new accounts would get a mentor" in text
    assert f"about {p.duration(20 + 330 * 10)}" in text  # 330 writes at 10 s: just under an hour
    assert p.duration(20 + 330 * 10) == "56 min"
    assert "at most 330 saves" in text
    assert "replication lag is above 5 s" in text


def test_durations_read_as_people_say_them() -> None:
    assert [p.duration(x) for x in (0.2, 59, 61, 3600, 3900)] == [
        "1 s",
        "59 s",
        "2 min",
        "1 h 0 min",
        "1 h 5 min",
    ]


def test_each_problem_is_listed_once() -> None:
    problem = Problem.of("Project:Mentorship/Mentors", "mentordashboard-problem-name-subpage")
    assert len(p.problem_findings([problem, problem])) == 1
