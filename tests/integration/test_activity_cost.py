"""The daily refresh costs what changed, not what the wiki has held for years (issue 23).

After a first run, the run memory holds each mentor's archive list and thanks totals, and the
facts of every dormant mentee (ARCHITECTURE §8.5, §8.6). The daily refresh learns new archives
and thanks from the change streams, so it asks nothing per mentor; it reads nothing of a
dormant mentee nothing happened to, and reads one again as soon as they edit. Either way it
builds the same pages a refresh without memory builds.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pywikibot.comms import http
from wikiseed import UserSpec, Wiki

from bot.decide.refresh import SWEEP_DAYS, sweep_day
from bot.gateway import _params_of
from bot.ops.memory import RunMemory, remembered_dormant, remembered_reads
from tests.integration.botrun import run_bot, seed_assignments

pytestmark = pytest.mark.wiki
MENTORS = [f"Cost Mentor {i}" for i in range(4)]
NOW = datetime.now(UTC)


# Consecutive ids, one more than the sweep's period: every day some are swept and some are not.
DORMANT = [f"Dormant Mentee {j:02d}" for j in range(SWEEP_DAYS + 1)]
IDS: dict[str, int] = {}


def mentees_of(mentor: str) -> list[str]:
    return [f"{mentor} Mentee {j}" for j in range(3)]


@contextmanager
def recorded() -> Iterator[list[dict[str, list[str]]]]:
    """The parameters of every request pywikibot sends inside the block."""
    seen: list[dict[str, list[str]]] = []

    def hook(response: Any, *args: Any, **kwargs: Any) -> None:
        seen.append(_params_of(response.request))

    hooks = http.session.hooks.setdefault("response", [])
    hooks.append(hook)
    try:
        yield seen
    finally:
        hooks.remove(hook)


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ago = NOW - timedelta(days=3)
    people = [n for m in MENTORS for n in [m, *mentees_of(m)]]
    ids = w.create_users([UserSpec(n, registered=ago) for n in people])
    # Registered two years ago and never edited: held, but neither new nor active.
    ids.update(w.create_users([UserSpec(n, registered=NOW - timedelta(days=730)) for n in DORMANT]))
    IDS.update(ids)
    w.admin().edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    held = {m: [ids[n] for n in mentees_of(m)] for m in MENTORS}
    held[MENTORS[3]] += [ids[n] for n in DORMANT]
    seed_assignments(held)
    asker = mentees_of(MENTORS[2])[0]
    w.session_for(asker).edit(
        f"User talk:{MENTORS[2]}/Archive 1", "== Early question ==\nHow do I start? ~~~~"
    )
    w.add_thanks([(mentees_of(MENTORS[0])[1], MENTORS[0], None)])
    yield w


@pytest.fixture(scope="module")
def memory(wiki: Wiki, tmp_path_factory: pytest.TempPathFactory) -> RunMemory:
    state = RunMemory(tmp_path_factory.mktemp("state") / "state.sqlite3")
    with recorded() as requests:
        run_bot(memory=state)  # the first run: no memory yet, so it reads each mentor on their own
    FIRST_RUN.extend(requests)
    return state


FIRST_RUN: list[dict[str, list[str]]] = []


def test_a_first_run_asks_about_a_dormant_mentee_once_account_and_edits_together(memory: RunMemory) -> None:
    for name in DORMANT:
        asked = reads_of(FIRST_RUN, name)
        assert len(asked) == 1, (name, asked)
        assert asked[0]["list"] == ["users|usercontribs"] and str(IDS[name]) in asked[0]["ucuserids"][
            0
        ].split("|")
    awake = mentees_of(MENTORS[3])[0]  # registered three days ago: new, so their talk page is read
    assert any(f"User talk:{awake}" in p.get("titles", [""])[0].split("|") for p in FIRST_RUN)


def per_mentor(requests: list[dict[str, list[str]]]) -> list[dict[str, list[str]]]:
    """Requests that list one mentor's archives (a talk-page prefix) or the thanks to them (a title)."""
    return [p for p in requests if p.get("gapnamespace") == ["3"] or "letitle" in p]


def test_a_daily_refresh_with_memory_asks_nothing_per_mentor_and_sees_new_archives_and_thanks(
    wiki: Wiki, memory: RunMemory, tmp_path: Path
) -> None:
    before = remembered_reads(memory)
    assert set(before) == set(MENTORS)
    assert before[MENTORS[2]].archives == {f"User talk:{MENTORS[2]}/Archive 1"}
    assert before[MENTORS[0]].thanks.total == 1

    created = f"User talk:{MENTORS[1]}/Archive 1"
    wiki.session_for(mentees_of(MENTORS[1])[2]).edit(created, "== Old question ==\nWhat is a stub? ~~~~")
    moved_from, moved_to = f"User talk:{MENTORS[2]}/Archive 1", f"User talk:{MENTORS[2]}/Archive 2025"
    admin = wiki.admin()
    admin.post(
        action="move", token=admin.token(), reason="rename archive", **{"from": moved_from, "to": moved_to}
    )
    wiki.add_thanks([(mentees_of(MENTORS[0])[2], MENTORS[0], None), (MENTORS[1], MENTORS[3], None)])

    now = datetime.now(UTC).replace(microsecond=0)
    with recorded() as requests:
        daily, _ = run_bot(memory=memory, full=True, now=now)
    assert daily.refreshed is None  # a full refresh: every mentor
    assert per_mentor(requests) == []

    after = remembered_reads(memory)
    assert after[MENTORS[1]].archives == {created}
    assert after[MENTORS[2]].archives == {moved_to}  # the old title is a redirect now
    assert (after[MENTORS[0]].thanks.total, after[MENTORS[3]].thanks.total) == (2, 1)

    # The pages equal what a refresh that reads every mentor on their own builds at that moment.
    with recorded() as requests:
        fresh, _ = run_bot(full=True, dry_run=True, now=now)
    assert len(per_mentor(requests)) == len(MENTORS)
    dashboards = [t for t in fresh.built if t.endswith("/Mentor dashboard")]
    assert len(dashboards) == len(MENTORS)
    assert {t: daily.built[t].text for t in fresh.built} == {t: fresh.built[t].text for t in fresh.built}


def reads_of(requests: list[dict[str, list[str]]], name: str) -> list[dict[str, list[str]]]:
    """Requests that ask about user NAME: by name, id, or their user or talk page."""
    wanted = {name, f"User:{name}", f"User talk:{name}"}
    uid = str(IDS[name])
    out = []
    for p in requests:
        items = {item for key, values in p.items() if key != "token" for v in values for item in v.split("|")}
        if items & wanted or ("ususerids" in p and uid in p["ususerids"][0].split("|")):
            out.append(p)
    return out


def test_a_dormant_mentee_nothing_happened_to_costs_no_read_until_they_edit(
    wiki: Wiki, memory: RunMemory
) -> None:
    ids = {IDS[n] for n in DORMANT}
    assert set(remembered_dormant(memory, ids)) == ids  # the first run found all of them dormant
    today = datetime.now(UTC).date()
    quiet = [n for n in DORMANT if not sweep_day(IDS[n], today)]
    swept = [n for n in DORMANT if sweep_day(IDS[n], today)]
    assert quiet and swept

    now = datetime.now(UTC).replace(microsecond=0)
    with recorded() as requests:
        daily, _ = run_bot(memory=memory, full=True, now=now)
    assert daily.refreshed is None
    for name in quiet:
        assert reads_of(requests, name) == [], name
    for name in swept:  # the slow sweep: their account, with everyone's, and nothing else
        asked = reads_of(requests, name)
        assert len(asked) == 1 and "ususerids" in asked[0], (name, asked)
    # Still counted: the pages are those a refresh without memory builds.
    fresh, _ = run_bot(full=True, dry_run=True, now=now)
    assert {t: daily.built[t].text for t in fresh.built} == {t: fresh.built[t].text for t in fresh.built}

    back = quiet[0]
    wiki.session_for(back).edit("Sandbox/Back", "back after two years")
    with recorded() as requests:
        inc, _ = run_bot(memory=memory)
    assert inc.refreshed == frozenset({MENTORS[3]})
    assert any("ucuserids" in p for p in reads_of(requests, back))  # their edits are read again
    dashboard = inc.built[f"User:{MENTORS[3]}/Mentor dashboard"].text
    assert back in dashboard and all(n not in dashboard for n in DORMANT if n != back)
    assert IDS[back] not in remembered_dormant(memory, ids)  # active now: no longer remembered
    assert set(remembered_dormant(memory, ids)) == ids - {IDS[back]}
