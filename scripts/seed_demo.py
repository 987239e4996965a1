#!/usr/bin/env python3
"""Seed the demo wiki with a realistic mentorship programme, or print where to look (--where).

    MENTOR_WIKI=demo python scripts/seed_demo.py          # seed (once; a second call does nothing)
    MENTOR_WIKI=demo python scripts/seed_demo.py --where  # print the dashboards' addresses

The same seed always gives the same wiki: 12 mentors, 240 mentees whose activity ranges from
brand-new accounts to long-gone ones, months of backdated edits, reverted edits, a week-long
block and an indefinite one, warnings on talk pages, questions on mentors' talk pages (some
answered), thanks, a volunteer who has welcomed most newcomers (the rest are "not yet greeted"),
and four mentees' new articles: one tagged for speedy deletion, one nominated for a deletion
discussion, one deleted and one moved to its maker's user space. Every demo mentor has the
browser workspace on (docs/GADGET.md): their ``common.js`` holds the line their dashboard shows,
and the demo wiki loads user scripts.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from botseed import seed_assignments
from wikiseed import DEFAULT_PASSWORD, ImportedEdit, Thank, UserSpec, Wiki

from bot.build.gadget_code import common_js_line
from bot.core.settings import Settings

SITE = os.environ.get("MENTOR_WIKI", "demo")
SEED = 20261125
MENTORS = [
    "Ada Mentor",
    "Bartholomew",
    "Chidi",
    "Dolores",
    "Eun-ji",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Kalinda",
    "Lorenzo",
]
WEIGHTS = [2, 2, 4, 1, 2, 2, 0, 2, 4, 1, 2, 2]
N_MENTEES = 240
WELCOMER = "Wanda Welcomes"  # a human volunteer, not a bot: her welcome counts as a greeting
GREETED = 0.8  # share of mentees she has welcomed
ARTICLES = ["Lhota Village Pond", "Brno Tram Line 4", "Sourdough in Ostrava", "Kofola Bottling Plant"]
FIRST = ["Sam", "Ria", "Tomas", "Yuki", "Olu", "Mira", "Pavel", "Lena", "Ravi", "Zoe", "Ana", "Kofi"]
LAST = ["Edits", "Writes", "Learns", "Reads", "Fixes", "Adds", "Tries", "Asks", "Helps", "Drafts"]
QUESTIONS = [
    ("How do I add a picture?", "I uploaded a photo but I cannot find how to put it in the article."),
    ("Citation help", "What counts as a reliable source for a local band?"),
    ("Why was my edit undone?", "Someone reverted my change to the river article, what did I do wrong?"),
    ("Creating a new article", "Can I write an article about my school?"),
    ("Infobox", "How do I change the population in the infobox?"),
]


def now() -> datetime:
    return datetime.now(UTC)


def mentee_names(rng: random.Random) -> list[str]:
    names: list[str] = []
    while len(names) < N_MENTEES:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {rng.randint(1, 999)}"
        if name not in names:
            names.append(name)
    return names


def seed(wiki: Wiki) -> None:
    rng = random.Random(SEED)
    t0 = time.monotonic()
    t = now()
    mentees = mentee_names(rng)
    # Activity profile per mentee: (registered days ago, [edit ages in days]).
    profiles: dict[str, tuple[int, list[float]]] = {}
    for i, name in enumerate(mentees):
        kind = i % 10
        if kind < 3:  # brand new: registered in the last two weeks, a few edits or none
            reg = rng.randint(0, 13)
            ages = [rng.uniform(0, reg) for _ in range(rng.choice([0, 0, 1, 2, 5]))]
        elif kind < 7:  # active this month
            reg = rng.randint(20, 300)
            ages = [rng.uniform(0, 29) for _ in range(rng.randint(1, 25))]
            ages += [rng.uniform(30, reg) for _ in range(rng.randint(0, 15))]
        elif kind < 9:  # quieter: last edit one to six months ago
            reg = rng.randint(200, 500)
            ages = [rng.uniform(31, 175) for _ in range(rng.randint(1, 8))]
        else:  # gone: last edit over half a year ago, or never edited
            reg = rng.randint(200, 700)
            ages = [rng.uniform(190, reg) for _ in range(rng.randint(0, 3))]
        profiles[name] = (reg, sorted(ages, reverse=True))

    specs = [UserSpec(m, registered=t - timedelta(days=rng.randint(400, 2000))) for m in MENTORS]
    specs.append(UserSpec(WELCOMER, registered=t - timedelta(days=1500)))
    specs += [UserSpec(n, registered=t - timedelta(days=profiles[n][0], hours=6)) for n in mentees]
    ids = wiki.create_users(specs)

    edits = []
    for n in mentees:
        for k, age in enumerate(profiles[n][1]):
            edits.append(
                ImportedEdit(f"Draft:{n}/Page {k % 4}", n, t - timedelta(days=age), f"Work {k} by {n}.")
            )
    for n in mentees:
        if rng.random() < GREETED:  # a day after they registered
            when = t - timedelta(days=max(profiles[n][0] - 1, 0), hours=2)
            edits.append(ImportedEdit(f"User talk:{n}", WELCOMER, when, f"Welcome, {n}! Ask me anything."))
    for m in MENTORS:
        for k in range(rng.randint(20, 60)):
            edits.append(ImportedEdit(f"Help:Notes/{m}", m, t - timedelta(days=rng.uniform(1, 300)), f"v{k}"))
    wiki.import_edits(edits)
    # Experienced mentors have hundreds of edits the demo doesn't import one by one; set the
    # counter (import_edits recounts from revisions). Lorenzo stays new, hence not eligible yet.
    veterans = ", ".join(f"'{m}'" for m in MENTORS if m != "Lorenzo")
    wiki.maint("sql", "--query", f"UPDATE user SET user_editcount = 1200 WHERE user_name IN ({veterans})")
    print(f"[demo] {len(specs)} accounts, {len(edits)} backdated edits in {time.monotonic() - t0:.1f}s")

    admin = wiki.admin()
    active = [n for n in mentees if profiles[n][1] and profiles[n][1][-1] < 29]
    # Reverted edits: the mentee edits live, an admin undoes it; jobs tag the edit mw-reverted.
    for n in active[:4]:
        admin.edit(f"Sandbox/{n}", "Sandbox base text.")
        rev = wiki.session_for(n).edit(f"Sandbox/{n}", "Some questionable text.", summary="trying")
        admin.undo(f"Sandbox/{n}", rev)
    wiki.run_jobs()
    admin.block(active[5], expiry="1 week", reason="Edit warring (demo)")
    admin.block(active[6], expiry="infinite", reason="Vandalism-only account (demo)")
    for n in active[7:10]:
        admin.edit(f"User talk:{n}", "{{uw-test1|Sandbox}} Please use the sandbox for tests. ~~~~")

    mentor_list = ["Mentors of this wiki. Admins keep this list; each mentor gets a dashboard.", ""]
    for i, (m, w) in enumerate(zip(MENTORS, WEIGHTS, strict=True)):
        if i % 2:
            mentor_list.append(f"* [[User:{m}]] | Hi, I'm {m.split()[0]}, happy to help with anything.")
        else:
            mentor_list.append(f"{{{{Mentor list entry|user={m}|weight={w}|message=Ask me about sources}}}}")
    admin.edit("Project:Mentorship/Mentors", "\n".join(mentor_list), summary="Mentor list")
    admin.edit(
        "Project:Mentorship/FAQ",
        "; How do I cite a source?\n: Use the ''Cite'' button in the editor toolbar.\n"
        "; Why was my edit reverted?\n: Check the edit summary and ask the person who reverted it.\n",
    )
    admin.edit(
        "Project:Mentorship/Resources",
        "* [[Help:Contents|Help pages]]\n* [[Project:Mentorship/FAQ|Frequently asked questions]]\n",
    )

    assigned: dict[str, list[int]] = {m: [] for m in MENTORS}
    pick = [m for m, w in zip(MENTORS, WEIGHTS, strict=True) for _ in range(w)]
    mentor_of = {}
    for n in mentees:
        mentor_of[n] = rng.choice(pick)
        assigned[mentor_of[n]].append(ids[n])
    seed_assignments(assigned, summary="demo: seed assignments")

    for i, n in enumerate(active[10:22]):
        subject, body = QUESTIONS[i % len(QUESTIONS)]
        mentor = mentor_of[n]
        wiki.session_for(n).new_section(f"User talk:{mentor}", subject, body)
        if i % 3 == 0:
            wiki.session_for(mentor).reply(f"User talk:{mentor}", subject, "Good question! Here is how…")
    # The busiest mentor's mentees first, so their dashboard (the screenshots') shows every alert.
    busiest = MENTORS[WEIGHTS.index(max(WEIGHTS))]
    page_fates(wiki, sorted(active[22:], key=lambda n: mentor_of[n] != busiest)[:4])
    wiki.add_thanks(
        Thank(rng.choice(mentees), rng.choice(MENTORS), t - timedelta(days=rng.uniform(0, 120)))
        for _ in range(60)
    )
    print(f"[demo] seeded {len(MENTORS)} mentors and {len(mentees)} mentees in {time.monotonic() - t0:.1f}s")


def page_fates(wiki: Wiki, makers: list[str]) -> None:
    """The moments a newcomer gives up (issue 22): each maker's new article meets another fate,
    through MediaWiki itself, so the dashboard's alerts come from the real logs and templates."""
    admin = wiki.admin()
    text = "{} is a village pond, tram line or bakery I know well."
    for maker, title in zip(makers, ARTICLES, strict=True):
        wiki.session_for(maker).edit(title, text.format(title), summary="new article")
    tagged, nominated, deleted, moved = ARTICLES
    mover = makers[3]  # this wiki has no Draft namespace: the page goes to its maker's user space
    admin.edit(tagged, "{{Speedy deletion|no sources}}\n" + text.format(tagged), summary="tag")
    admin.edit(nominated, "{{AfD}}\n" + text.format(nominated), summary="nominated for deletion")
    admin.edit(f"Project:Articles for deletion/{nominated}", "Not notable? ~~~~", summary="nomination")
    admin.post(action="delete", title=deleted, reason="No indication of importance", token=admin.token())
    admin.post(
        action="move", **{"from": moved}, to=f"User:{mover}/{moved}", noredirect=1,
        reason="Not ready for the main space yet", token=admin.token(),
    )  # fmt: skip
    wiki.run_jobs()


# MediaWiki loads a user's common.js only with $wgAllowUserJs, off by default (Wikimedia wikis
# turn it on); the demo wiki turns it on so its mentors' workspace line works.
ALLOW_USER_JS = """
# --- added by scripts/seed_demo.py: the demo mentors' common.js loads the workspace ---
$wgAllowUserJs = true;
"""


def enable_workspace(wiki: Wiki) -> None:
    """Turn the browser workspace on for every demo mentor, as each would: the line their
    dashboard shows, in their own common.js, saved through the API as them."""
    settings = Path(str(wiki.info["dir"])) / "LocalSettings.php"
    if "$wgAllowUserJs = true;" not in settings.read_text():
        with settings.open("a") as f:
            f.write(ALLOW_USER_JS)
    script = wiki.api(action="query", meta="siteinfo", siprop="general")["query"]["general"]["script"]
    line = common_js_line(str(script), f"User:{wiki.info['bot']}/{Settings().gadget_code_page}")
    for m in MENTORS:
        page = f"User:{m}/common.js"
        if line not in texts_of(wiki, page):
            wiki.session_for(m).edit(page, line, summary="Load the mentor dashboard workspace")
    print(f"[demo] workspace on for {len(MENTORS)} mentors: {line}")


def texts_of(wiki: Wiki, title: str) -> str:
    pages = wiki.api(action="query", prop="revisions", titles=title, rvprop="content", rvslots="main")
    revisions = pages["query"]["pages"][0].get("revisions")
    return str(revisions[0]["slots"]["main"]["content"]) if revisions else ""


def where(wiki: Wiki) -> None:
    base = wiki.base_url
    print("\nDashboards (the server keeps running; `make wiki-down` stops it, `make wiki-up` restarts it):")
    for m in MENTORS:
        print(f"  {base}/index.php?title=User:{m.replace(' ', '_')}/Mentor_dashboard")
    print(f"Mentor list: {base}/index.php?title=Project:Mentorship/Mentors")
    mentor = MENTORS[0]
    dashboard = f"User:{mentor.replace(' ', '_')}/Mentor_dashboard"
    print(
        f"\nThe workspace (filters, search, private stars, one-click tools) shows to a mentor on their own"
        f" dashboard.\nLog in as a demo mentor, e.g. user {mentor!r}, password {DEFAULT_PASSWORD!r}"
        f" (every demo mentor has it):\n  {base}/index.php?title=Special:UserLogin&returnto={dashboard}\n"
        f"then look above the mentee table of {base}/index.php?title={dashboard}"
    )
    print(f"\nLog in as Admin / {wiki.info['admin_password']} to look around; `make run` runs the bot again.")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--where", action="store_true", help="only print where to look")
    args = ap.parse_args()
    wiki = Wiki(SITE)
    if args.where:
        where(wiki)
        return
    done = wiki.api(action="query", list="allusers", aufrom=MENTORS[0], aulimit=1)["query"]["allusers"]
    if done and done[0]["name"] == MENTORS[0]:
        print("[demo] already seeded")
    else:
        seed(wiki)
    enable_workspace(wiki)


if __name__ == "__main__":
    main()
