"""Incremental runs: only what changed is refreshed, and the result equals a full refresh."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from wikiseed import UserSpec, Wiki

from bot.gateway import Gateway
from bot.ops.memory import RunMemory
from bot.render.pages import strip_updated_line
from tests.integration.botrun import run_bot, seed_assignments
from tests.integration.wikipages import texts

pytestmark = pytest.mark.wiki
MENTORS = [f"Inc Mentor {i:02d}" for i in range(48)]


def mentees_of(mentor: str) -> list[str]:
    return [f"{mentor} Mentee {j}" for j in range(3)]


@pytest.fixture(scope="module")
def wiki(fresh_wiki: dict[str, Any]) -> Iterator[Wiki]:
    w = Wiki(str(fresh_wiki["name"]))
    ago = datetime.now(UTC) - timedelta(days=3)
    people = [n for m in MENTORS for n in [m, *mentees_of(m)]]
    ids = w.create_users([UserSpec(n, registered=ago) for n in people])
    w.admin().edit("Project:Mentorship/Mentors", "\n".join(f"* [[User:{m}]]" for m in MENTORS))
    seed_assignments({m: [ids[n] for n in mentees_of(m)] for m in MENTORS})
    yield w


@pytest.fixture(scope="module")
def after_full_run(wiki: Wiki, tmp_path_factory: pytest.TempPathFactory) -> tuple[RunMemory, Gateway]:
    """The module's memory of runs, after a first run (no memory yet: a full refresh)."""
    state = RunMemory(tmp_path_factory.mktemp("state") / "state.sqlite3")
    first, gw = run_bot(memory=state)
    assert len(first.changed) >= len(MENTORS)
    return state, gw


def test_incremental_run_refreshes_only_the_affected_dashboards_and_reads_nothing_per_mentor(
    wiki: Wiki, after_full_run: tuple[RunMemory, Gateway]
) -> None:
    state, full_gw = after_full_run

    edited, asked = MENTORS[3], MENTORS[7]
    wiki.session_for(mentees_of(edited)[0]).edit("Sandbox/Inc", "a mentee's edit")
    wiki.session_for(mentees_of(asked)[1]).new_section(f"User talk:{asked}", "A question", "How do I cite?")

    report, inc_gw = run_bot(memory=state)
    assert report.refreshed == frozenset({edited, asked})
    dashboards = {o.title for o in report.changed if o.title.endswith("/Mentor dashboard")}
    assert dashboards == {f"User:{edited}/Mentor dashboard", f"User:{asked}/Mentor dashboard"}
    # Talk pages, archives and thanks are read for the two affected ones only, and with the
    # memory nothing per mentor: the signature rules, the remembered archives, the talk pages,
    # the thread openers and the FAQ check, one request each. (The first run read this small
    # wiki's archives and thanks whole, so its talk phase is not per mentor either.)
    inc, full = inc_gw.counts, full_gw.counts
    assert inc.by_phase["talk"]["read"] <= 5, (inc.summary(), full.summary())
    # The page-fate alerts (issue 22) read the wiki's move and deletion logs once a run, whoever
    # is refreshed: a cost per run, not per mentor, which the full run here did not pay because
    # no mentee had edited yet. It stays a handful of requests.
    alerts = inc.by_phase["alerts"]["read"] if "alerts" in inc.by_phase else 0
    assert alerts <= 5, inc.summary()
    # Only the changed pages are checked and saved. (The totals are not compared with the first
    # run's: on a wiki this small the first run reads archives and thanks whole, in as few
    # requests as the memory's reads, and the incremental run's publish checks the pages it
    # saves over, which the first run created.)
    assert inc.writes == len(report.changed), inc.summary()


def test_incremental_and_full_refresh_give_byte_identical_pages(
    wiki: Wiki, after_full_run: tuple[RunMemory, Gateway]
) -> None:
    state, _ = after_full_run
    # A mixed set of changes: edits, a question, a reply, a block, thanks, a mentor's settings.
    wiki.session_for(mentees_of(MENTORS[1])[0]).edit("Sandbox/Mixed", "edit one")
    wiki.session_for(mentees_of(MENTORS[2])[2]).new_section(
        f"User talk:{MENTORS[2]}", "Help", "Where is the sandbox?"
    )
    wiki.session_for(MENTORS[2]).reply(f"User talk:{MENTORS[2]}", "Help", "Here: [[Sandbox]].")
    wiki.admin().block(mentees_of(MENTORS[4])[1], expiry="2 days", reason="test")
    wiki.add_thanks([(mentees_of(MENTORS[5])[0], MENTORS[5], None)])
    wiki.session_for(MENTORS[6]).edit(f"User:{MENTORS[6]}/Mentor dashboard.json", '{"message": "Welcome!"}')

    now = datetime.now(UTC).replace(microsecond=0)
    inc, _ = run_bot(memory=state, now=now)
    assert inc.refreshed is not None
    assert {MENTORS[1], MENTORS[2], MENTORS[4], MENTORS[5], MENTORS[6]} <= inc.refreshed
    full, _ = run_bot(memory=state, full=True, dry_run=True, now=now)
    assert full.refreshed is None
    # What the incremental run rendered is exactly what a full refresh renders at the same moment;
    # the pages it left alone differ from a full refresh only in the clock-only "last updated" line.
    assert set(inc.built) < set(full.built)
    assert {t: inc.built[t].text for t in inc.built} == {t: full.built[t].text for t in inc.built}
    saved = texts(wiki, full.built)
    assert {t: strip_updated_line(saved[t]) for t in full.built} == {
        t: strip_updated_line(full.built[t].text) for t in full.built
    }
    assert {o.action for o in full.outcomes} == {"unchanged"}


def test_a_rerun_with_nothing_changed_reads_no_mentee_data_and_saves_nothing(
    wiki: Wiki, after_full_run: tuple[RunMemory, Gateway]
) -> None:
    state, _ = after_full_run
    run_bot(memory=state)  # catch up with whatever the module's earlier tests changed
    report, gw = run_bot(memory=state)
    assert report.refreshed == frozenset()
    assert report.changed == [] and gw.counts.writes == 0
    # Nothing to refresh: no mentee facts, talk pages or praise are read, and the shared pages
    # are rebuilt from the run memory's rows alone.
    assert not {"read", "talk", "praise"} & set(gw.counts.by_phase), gw.counts.summary()
