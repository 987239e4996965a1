"""The growth backend against GrowthExperiments' API, served on a real local wiki by the test-only
stand-in in tests/growthstub (GrowthExperiments itself cannot be installed here).

What the stand-in proves, and what it cannot, is in the README ("Backends"). The standalone
backend stays the one tested end to end by every other module; here the same seeded data is
also given to a standalone wiki and the two dashboards are compared byte for byte.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import localwiki
import pytest
from pywikibot import config as pwb_config
from wikiseed import ImportedEdit, UserSpec, Wiki

from bot.backends.growth import GrowthBackend
from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.lifecycle.backend import BackendError, choose
from bot.model.assignment import day_number
from bot.publish.funnel import Writer
from bot.render.pages import strip_updated_line
from bot.run import RunReport
from tests.integration import growthwiki
from tests.integration.botrun import run_bot, save_assignment_pages, site_of

pytestmark = pytest.mark.wiki

GROWTH = "mdgrowth"
MW = os.environ.get("MW") or localwiki.DEFAULT_MW
NOW = datetime.now(UTC).replace(microsecond=0)
MENTOR = "Mentor Gail"
OTHER = "Mentor Hugo"
MESSAGE = "Ask me about [[sources]] & anything else"
MENTEES = ("Newbie One", "Newbie Two", "Newbie Three")
OUTSIDER = "Newbie Claimed"  # Hugo's mentee, claimed by Gail in a test
SETTINGS = Settings(protect=False)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def specs() -> list[UserSpec]:
    return [
        UserSpec(MENTOR, registered=days_ago(900), editcount=800),
        UserSpec(OTHER, registered=days_ago(700), editcount=600),
        UserSpec("Newbie One", registered=days_ago(40)),
        UserSpec("Newbie Two", registered=days_ago(5)),
        UserSpec("Newbie Three", registered=days_ago(300)),
        UserSpec(OUTSIDER, registered=days_ago(3)),
    ]


def seed_people(wiki: Wiki) -> dict[str, int]:
    """The same accounts, edits and block on either wiki. No newusers log entries, so the
    standalone lifecycle assigns nobody on its own and both wikis keep the seeded mentees."""
    ids = wiki.create_users(specs(), log=False)
    wiki.import_edits(
        [
            *[ImportedEdit(f"Sandbox/One{i}", "Newbie One", days_ago(2 + i), f"one {i}") for i in range(4)],
            ImportedEdit("Sandbox/Two", "Newbie Two", days_ago(1), "two"),
            ImportedEdit("Sandbox/Three", "Newbie Three", days_ago(250), "three"),
        ]
    )
    wiki.admin().block("Newbie Two", expiry="1 week", reason="test")
    return ids


def growth_list(ids: dict[str, int], **extra: dict[str, Any]) -> str:
    mentors = {
        str(ids[MENTOR]): {"username": MENTOR, "message": MESSAGE, "weight": 2, **extra.get(MENTOR, {})},
        str(ids[OTHER]): {"username": OTHER, "message": None, "weight": 1, **extra.get(OTHER, {})},
    }
    return json.dumps({"Mentors": mentors})


def run_pass(name: str, settings: Settings = SETTINGS) -> RunReport:
    return run_counted(name, settings)[0]


def run_counted(name: str, settings: Settings = SETTINGS) -> tuple[RunReport, Gateway]:
    """One pass, with the gateway that counted its requests."""
    return run_bot(settings, site=site_of(name), now=NOW)


def mentees(name: str, mentor: str) -> set[str]:
    result = Wiki(name).api(action="query", list="growthmentormentee", gemmmentor=mentor)
    return {m["name"] for m in result["growthmentormentee"]["mentees"]}


def mentor_list(name: str) -> dict[str, dict[str, Any]]:
    raw = Wiki(name).api(action="query", list="growthmentorlist")["growthmentorlist"]
    return {m["username"]: m for m in (raw or {}).values()}


@pytest.fixture(scope="module")
def growth() -> Iterator[dict[str, int]]:
    """A wiki with the stand-in, the mentors on MediaWiki:GrowthMentors.json, mentees set through
    action=growthsetmentor by an admin, as GrowthExperiments would have them."""
    growthwiki.create(GROWTH, MW)
    localwiki.start(GROWTH)
    pwb_config.family_files[GROWTH] = str(localwiki.FAMILIES / f"{GROWTH}_family.py")
    wiki = Wiki(GROWTH)
    ids = seed_people(wiki)
    admin = wiki.admin()
    admin.edit("MediaWiki:GrowthMentors.json", growth_list(ids))
    for mentee in MENTEES:
        admin.post(action="growthsetmentor", mentee=mentee, mentor=MENTOR, reason="seed", token=admin.token())
    admin.post(action="growthsetmentor", mentee=OUTSIDER, mentor=OTHER, reason="seed", token=admin.token())
    try:
        yield ids
    finally:
        localwiki.stop(GROWTH, quiet=True)


@pytest.fixture(scope="module")
def standalone(fresh_wiki: dict[str, Any]) -> dict[str, int]:
    """The session's standalone wiki with the same people, list and assignments."""
    wiki = Wiki(str(fresh_wiki["name"]))
    ids = seed_people(wiki)
    wiki.admin().edit(
        "Project:Mentorship/Mentors",
        f"{{{{Mentor list entry|user={MENTOR}|weight=2|message={MESSAGE}}}}}\n"
        f"{{{{Mentor list entry|user={OTHER}|weight=1}}}}\n",
    )
    # Assigned on the day they registered, as GrowthExperiments does at sign-up: the growth
    # backend can only give the registration day, so equivalent data means this.
    registered = {s.name: s.registered for s in specs() if s.registered is not None}
    days_of = {
        mentor: {ids[n]: day_number(registered[n].date()) for n in names}
        for mentor, names in ((MENTOR, MENTEES), (OTHER, (OUTSIDER,)))
    }
    save_assignment_pages(days_of, site=site_of(str(fresh_wiki["name"])), settings=SETTINGS)
    return ids


# --- detection ----------------------------------------------------------------------------------


def test_auto_picks_growth_where_siteinfo_lists_growthexperiments(growth: dict[str, int]) -> None:
    gw = Gateway(site_of(GROWTH))
    try:
        assert choose(gw, Settings()) == "growth"
        assert choose(gw, Settings(backend="standalone")) == "standalone"
    finally:
        gw.close()


def test_auto_picks_standalone_and_forcing_growth_fails_where_it_is_missing(
    standalone: dict[str, int],
) -> None:
    gw = Gateway(site_of("mdtest"))
    try:
        assert choose(gw, Settings()) == "standalone"
        with pytest.raises(BackendError, match="does not have the GrowthExperiments extension"):
            choose(gw, Settings(backend="growth"))
    finally:
        gw.close()


# --- reading ------------------------------------------------------------------------------------


def test_mentor_list_and_mentees_are_read_through_the_api(growth: dict[str, int]) -> None:
    gw = Gateway(site_of(GROWTH))
    try:
        backend = GrowthBackend(gw, Writer(gw, dry_run=False), Settings())
        parsed = backend.mentors()
        assert parsed.problems == ()
        got = {m.username: (m.user_id, m.weight, m.message, m.away_until) for m in parsed.mentors}
        assert got == {
            MENTOR: (growth[MENTOR], 2, MESSAGE, None),
            OTHER: (growth[OTHER], 1, "", None),  # null message: GrowthExperiments' default text
        }
        assert backend.mentees_of(MENTOR) == {growth[n] for n in MENTEES}
        assert backend.mentees_of("Nobody Here") == frozenset()
    finally:
        gw.close()


# --- equivalence --------------------------------------------------------------------------------


def test_equivalent_data_gives_the_same_dashboard_on_both_backends(
    standalone: dict[str, int], growth: dict[str, int]
) -> None:
    title = f"User:{MENTOR}/Mentor dashboard"
    on_standalone = run_pass("mdtest").built[title].text
    on_growth = run_pass(GROWTH).built[title].text
    # Newbie Three last edited 250 days ago: inactive, so not listed on either.
    for name in ("Newbie One", "Newbie Two"):
        assert f"[[User:{name}|<bdi>{name}</bdi>]]" in on_growth
    assert "Newbie Three" not in on_growth and OUTSIDER not in on_growth
    assert strip_updated_line(on_growth) == strip_updated_line(on_standalone)


def test_growth_run_writes_no_assignment_pages(growth: dict[str, int]) -> None:
    run_pass(GROWTH)
    pages = Wiki(GROWTH).api(action="query", list="allpages", apnamespace=2, apprefix="MentorBot/")
    titles = [p["title"] for p in pages["query"]["allpages"]]
    assert [t for t in titles if "/Assignments/" in t] == []


# --- writes -------------------------------------------------------------------------------------


def test_claim_in_settings_goes_through_growthsetmentor_once(growth: dict[str, int]) -> None:
    wiki = Wiki(GROWTH)
    wiki.session_for(MENTOR).edit(f"User:{MENTOR}/Mentor dashboard.json", json.dumps({"claim": [OUTSIDER]}))
    run_pass(GROWTH)
    assert OUTSIDER in mentees(GROWTH, MENTOR)
    assert OUTSIDER not in mentees(GROWTH, OTHER)
    log = wiki.api(action="query", list="logevents", letype="growthexperiments", letitle=f"User:{OUTSIDER}")
    changes = [e for e in log["query"]["logevents"] if e["params"].get("new-mentor") == MENTOR]
    assert len(changes) == 1 and changes[0]["user"] == "MentorBot"
    # Hugo takes the mentee back by hand; the old claim is not carried out a second time.
    admin = wiki.admin()
    admin.post(action="growthsetmentor", mentee=OUTSIDER, mentor=OTHER, reason="back", token=admin.token())
    run_pass(GROWTH)
    assert OUTSIDER in mentees(GROWTH, OTHER)


def test_away_weight_and_message_go_through_growthmanagementorlist(growth: dict[str, int]) -> None:
    back = (NOW + timedelta(days=20)).date()
    settings_page = f"User:{OTHER}/Mentor dashboard.json"
    session = Wiki(GROWTH).session_for(OTHER)
    session.edit(settings_page, json.dumps({"status": "away", "away_until": back.isoformat(), "weight": 4}))
    run_pass(GROWTH)
    entry = mentor_list(GROWTH)[OTHER]
    assert entry["weight"] == 4
    assert entry["awayTimestamp"] == f"{back.isoformat()}T00:00:00Z"

    # A later revision that only changes the message keeps the absence: a "change" without
    # isaway would have ended it.
    session.edit(settings_page, json.dumps({"message": "Back soon", "weight": 4}))
    run_pass(GROWTH)
    entry = mentor_list(GROWTH)[OTHER]
    assert (entry["message"], entry["weight"]) == ("Back soon", 4)
    assert entry["awayTimestamp"] == f"{back.isoformat()}T00:00:00Z"

    session.edit(settings_page, json.dumps({"status": "active", "message": "Back soon", "weight": 4}))
    run_pass(GROWTH)
    assert "awayTimestamp" not in mentor_list(GROWTH)[OTHER]


def test_unchanged_settings_send_nothing(growth: dict[str, int]) -> None:
    run_pass(GROWTH)
    revs_before = Wiki(GROWTH).last_revid("MediaWiki:GrowthMentors.json")
    _, gw = run_counted(GROWTH)
    assert Wiki(GROWTH).last_revid("MediaWiki:GrowthMentors.json") == revs_before
    assert gw.counts.by_phase["lifecycle"]["write"] == 0


def test_standalone_claim_moves_the_mentee_between_assignment_pages(standalone: dict[str, int]) -> None:
    from bot.backends.standalone import StandaloneBackend

    gw = Gateway(site_of("mdtest"))
    try:
        backend = StandaloneBackend(
            gw, Writer(gw, dry_run=False), Settings(), "Project:Mentorship/Mentors", None
        )
        assert backend.claim(OUTSIDER, MENTOR, "test") is None
        assert standalone[OUTSIDER] in backend.mentees_of(MENTOR)
        assert standalone[OUTSIDER] not in backend.mentees_of(OTHER)
        assert backend.claim("No Such Account", MENTOR, "test") is not None
    finally:
        gw.close()
