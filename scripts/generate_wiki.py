#!/usr/bin/env python3
"""Generate a synthetic mentorship wiki at benchmark scale on the local MediaWiki.

    python scripts/generate_wiki.py S|M|L [--seed N] [--anchor 2026-11-25] [--name benchm]
    python scripts/generate_wiki.py M --plan-only      # print the plan's fingerprint, touch nothing

Workloads (mentors / mentees / mentee edits / question threads on mentors' talk pages):

    S   10 /  1,000 /  ~10,000 /   200
    M  100 / 10,000 / ~100,000 / 2,000
    L  200 / 40,000 / ~400,000 / 8,000
    XL 200 / 400,000 held: L's 40,000, plus 360,000 dormant ones registered 1-4 years ago whose
       last edits (1-3 each, on "Old article" pages) are more than 200 days old

The wiki is a pure function of (workload, seed, anchor day): ``plan()`` draws everything from
one seeded RNG, with times relative to the anchor (midnight UTC of the run's day unless given),
so "last 30 days" keeps its meaning whenever the benchmark runs. The same inputs give the same
plan fingerprint and, on a fresh wiki, the same user ids and revisions.

Seeding takes the fast path for each kind of row: accounts through createUsers.php, every page
history (mentee edits, mentors' talk pages with signed questions and replies, warnings,
opt-outs, the mentor list) through bulkRevisions.php in one streamed call, thanks through
addThanks.php, and assignments through the bot's own store (scripts/botseed.py), so the
assignment pages are exactly what the standalone backend saves. The seeded database is kept
as a snapshot, so the benchmark can start every case from the same state without reseeding.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import localwiki
from wikiseed import Thank, UserSpec, Wiki

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20261125
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


@dataclass(frozen=True)
class Workload:
    name: str
    mentors: int
    mentees: int  # the current ones: edits and questions are drawn for them
    edits: int
    threads: int
    dormant: int = 0  # more held mentees, long inactive: what years of assignments leave behind

    @property
    def held(self) -> int:
        return self.mentees + self.dormant


WORKLOADS = {
    "S": Workload("S", 10, 1_000, 10_000, 200),
    "M": Workload("M", 100, 10_000, 100_000, 2_000),
    "L": Workload("L", 200, 40_000, 400_000, 8_000),
    "XL": Workload("XL", 200, 40_000, 400_000, 8_000, dormant=360_000),
}

# Shares of mentees with a given trait; chosen to look like a mid-sized Wikipedia's newcomers.
SHARE_NO_EDITS = 0.30
SHARE_NEW = 0.10  # registered in the last 14 days
SHARE_REVERTED = 0.04  # of mentee edits, tagged mw-reverted
SHARE_WARNED = 0.03
SHARE_OPTED_OUT = 0.01
SHARE_BLOCKED = 0.015
ARTICLE_TEXTS = [f"Article text, version {i}. " * (1 + i % 5) for i in range(64)]
SUMMARIES = ["copyedit", "add source", "fix typo", "expand", "update infobox", "", "link", "wording"]
SUBJECTS = [
    "How do I add a picture?",
    "Citation help",
    "Why was my edit undone?",
    "Creating a new article",
    "Infobox question",
    "Is this source reliable?",
    "Help with a table",
    "My draft was declined",
]
BODIES = [
    "I uploaded a photo but cannot find how to put it in the article.",
    "What counts as a reliable source for a local band?",
    "Someone reverted my change to the river article, what did I do wrong?",
    "Can I write an article about my school? It is quite old.",
    "How do I change the population figure in the infobox?",
    "I found a newspaper article from 1987, can I cite it even though it is not online?",
]
REPLIES = [
    "Good question! Have a look at the help page, and ask again if it is unclear.",
    "Thanks for asking. You can use the Cite button in the toolbar.",
    "I had a look at your edit; the source was a blog, which is why it was undone.",
    "Yes, go ahead and start a draft, I am happy to review it.",
]
FOLLOW_UPS = ["Thank you, that worked!", "Thanks, I will try that.", "One more thing: what about images?"]


@dataclass
class Plan:
    """Everything the wiki will hold, as data; ``fingerprint`` hashes it for the determinism check."""

    workload: Workload
    seed: int
    anchor: datetime
    users: list[UserSpec] = field(default_factory=list)
    dormant_users: list[UserSpec] = field(default_factory=list)  # created without a newusers log entry
    mentors: list[str] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=dict)
    mentor_of: dict[str, str] = field(default_factory=dict)  # mentee -> mentor
    pages: list[dict[str, Any]] = field(default_factory=list)  # bulkRevisions.php records
    editcounts: dict[str, int] = field(default_factory=dict)
    blocks: list[dict[str, str]] = field(default_factory=list)
    thanks: list[Thank] = field(default_factory=list)

    @property
    def revisions(self) -> int:
        return sum(len(p["revs"]) for p in self.pages)

    @property
    def mentee_edits(self) -> int:
        return sum(
            1
            for p in self.pages
            for r in p["revs"]
            if r[0] in self.mentor_of and str(p["page"]).startswith("Article ")
        )

    def records(self) -> Iterator[str]:
        """The JSON lines bulkRevisions.php reads."""
        for p in self.pages:
            yield json.dumps(p, ensure_ascii=False, separators=(",", ":"))
        yield json.dumps({"editcount": self.editcounts}, separators=(",", ":"))
        for b in self.blocks:
            yield json.dumps({"block": b}, separators=(",", ":"))

    def fingerprint(self) -> str:
        h = hashlib.sha256()
        for u in [*self.users, *self.dormant_users]:
            h.update(f"{u.name}|{u.registered}|{u.groups}\n".encode())
        for line in self.records():
            h.update(line.encode() + b"\n")
        for t in self.thanks:
            h.update(f"{t.thanker}|{t.recipient}|{t.timestamp}\n".encode())
        h.update(json.dumps(self.mentor_of, sort_keys=True).encode())
        return h.hexdigest()[:16]


def mw(ts: datetime) -> str:
    return ts.strftime("%Y%m%d%H%M%S")


def signature(user: str, when: datetime) -> str:
    """MediaWiki's English default signature, exactly as ~~~~ expands it on a UTC wiki."""
    stamp = f"{when:%H:%M}, {when.day} {MONTHS[when.month - 1]} {when.year} (UTC)"
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {stamp}"


def default_anchor() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def plan(workload: Workload, seed: int = DEFAULT_SEED, anchor: datetime | None = None) -> Plan:
    """Draw the whole wiki from one RNG; no I/O, so it is cheap to test for determinism."""
    anchor = anchor or default_anchor()
    rng = random.Random(f"{seed}:{workload.name}")
    p = Plan(workload, seed, anchor)
    w = workload

    p.mentors = [f"Mentor {i:03d}" for i in range(1, w.mentors + 1)]
    cycle = (2, 1, 2, 4, 2, 1, 2, 2, 0, 4)
    p.weights = {m: cycle[i % len(cycle)] for i, m in enumerate(p.mentors)}
    mentor_reg = {m: anchor - timedelta(days=rng.uniform(400, 3000)) for m in p.mentors}
    p.users += [UserSpec(m, registered=mentor_reg[m]) for m in p.mentors]
    p.editcounts = {m: rng.randint(600, 20_000) for m in p.mentors}

    mentees = [f"Newcomer {i:05d}" for i in range(1, w.mentees + 1)]
    reg: dict[str, datetime] = {}
    for n in mentees:
        days = rng.uniform(0, 14) if rng.random() < SHARE_NEW else rng.uniform(15, 720)
        reg[n] = anchor - timedelta(days=days, seconds=rng.randint(0, 86_399))
    p.users += [UserSpec(n, registered=reg[n]) for n in mentees]

    # Weight-0 mentors only claim by hand: give them a small share, as if claimed.
    share = [max(p.weights[m], 0.25) for m in p.mentors]
    for n in mentees:
        p.mentor_of[n] = rng.choices(p.mentors, weights=share)[0]

    # Mentee edits: 30 % never edit, the rest follow a heavy tail scaled to the workload's total.
    editors = [n for n in mentees if rng.random() >= SHARE_NO_EDITS]
    raw = {n: min(rng.paretovariate(1.3), 400.0) for n in editors}
    scale = w.edits / sum(raw.values())
    article_count = max(50, w.edits // 8)
    by_page: dict[int, list[tuple[datetime, str]]] = {}
    for n in editors:
        count = max(1, round(raw[n] * scale))
        span = (anchor - reg[n]).total_seconds()
        stopped = reg[n] + timedelta(seconds=span * math.sqrt(rng.random()))  # last active
        window = max(60.0, (stopped - reg[n]).total_seconds())
        for _ in range(count):
            when = reg[n] + timedelta(seconds=rng.uniform(30, window))
            by_page.setdefault(rng.randrange(article_count), []).append((min(when, anchor), n))
    for k in sorted(by_page):
        revs = []
        for i, (when, user) in enumerate(sorted(by_page[k])):
            tags = ["mw-reverted"] if rng.random() < SHARE_REVERTED else []
            revs.append([user, mw(when), ARTICLE_TEXTS[(k + i) % 64], rng.choice(SUMMARIES), 0, tags])
        p.pages.append({"page": f"Article {k:06d}", "revs": revs})

    _talk_pages(p, rng, reg)

    admin = "Admin"
    templates = {"Template:Uw-test1": "Please use the sandbox for test edits.", "Template:No mentor": ""}
    for title, text in templates.items():
        p.pages.append({"page": title, "revs": [[admin, mw(anchor - timedelta(days=800)), text, "", 0, []]]})
    for n in rng.sample(mentees, round(w.mentees * SHARE_WARNED)):
        when = max(reg[n], anchor - timedelta(days=rng.uniform(0, 120)))
        text = f"== Test edits ==\n{{{{uw-test1|Article}}}} {signature(admin, when)}"
        p.pages.append(
            {"page": f"User talk:{n}", "links": True, "revs": [[admin, mw(when), text, "warn", 0, []]]}
        )
    for n in rng.sample(mentees, round(w.mentees * SHARE_OPTED_OUT)):
        when = reg[n] + timedelta(minutes=5)
        text = "{{No mentor}}\nI would rather find my own way, thanks."
        p.pages.append({"page": f"User:{n}", "links": True, "revs": [[n, mw(when), text, "", 0, []]]})

    lines = ["Mentors of this wiki. Admins keep this list; each mentor gets a dashboard.", ""]
    for m in p.mentors:
        lines.append(f"{{{{Mentor list entry|user={m}|weight={p.weights[m]}|message=Ask me about sources}}}}")
    p.pages.append(
        {
            "page": "Project:Mentorship/Mentors",
            "revs": [[admin, mw(anchor - timedelta(days=30)), "\n".join(lines), "Mentor list", 0, []]],
        }
    )

    for n in rng.sample(mentees, round(w.mentees * SHARE_BLOCKED)):
        when = max(reg[n] + timedelta(hours=1), anchor - timedelta(days=rng.uniform(0, 170)))
        kind = rng.random()
        expiry = "infinity" if kind < 0.4 else mw(when + timedelta(days=7 if kind < 0.7 else 1))
        p.blocks.append(
            {"user": n, "by": admin, "timestamp": mw(when), "expiry": expiry, "reason": "Vandalism"}
        )

    for m in p.mentors:
        own = [n for n, mm in p.mentor_of.items() if mm == m] or mentees
        for _ in range(5 + w.mentees // w.mentors // 20):
            thanker = rng.choice(own)
            when = max(reg[thanker] + timedelta(hours=1), anchor - timedelta(days=rng.uniform(0, 365)))
            p.thanks.append(Thank(thanker, m, when))
    if w.dormant:
        _dormant(p, random.Random(f"{seed}:{w.name}:dormant"), share)
    return p


def _dormant(p: Plan, rng: random.Random, share: list[float]) -> None:
    """Mentees assigned years ago who stopped soon after: registered 1-4 years before the anchor,
    1-3 edits within their first 60 days and never later than 200 days before the anchor. Their
    own RNG, so the current part of the plan is L's exactly."""
    anchor = p.anchor
    by_page: dict[int, list[list[Any]]] = {}
    for i in range(1, p.workload.dormant + 1):
        name = f"Dormant {i:06d}"
        reg = anchor - timedelta(days=rng.uniform(365, 4 * 365), seconds=rng.randint(0, 86_399))
        p.dormant_users.append(UserSpec(name, registered=reg))
        p.mentor_of[name] = rng.choices(p.mentors, weights=share)[0]
        last = min(reg + timedelta(days=60), anchor - timedelta(days=200))
        for _ in range(rng.randint(1, 3)):
            when = reg + timedelta(seconds=rng.uniform(600, max(1200.0, (last - reg).total_seconds())))
            by_page.setdefault(rng.randrange(5_000), []).append(
                [name, mw(when), "", rng.choice(SUMMARIES), 0, []]
            )
    for k in sorted(by_page):
        revs = sorted(by_page[k], key=lambda r: r[1])
        for j, r in enumerate(revs):
            r[2] = ARTICLE_TEXTS[(k + j) % 64]
        p.pages.append({"page": f"Old article {k:06d}", "revs": revs})


def _talk_pages(p: Plan, rng: random.Random, reg: dict[str, datetime]) -> None:
    """Mentors' talk pages: one revision per signed comment, each holding the page as it was then."""
    anchor = p.anchor
    mentees_of: dict[str, list[str]] = {}
    for n, m in p.mentor_of.items():
        mentees_of.setdefault(m, []).append(n)
    askers_by_mentor = [m for m in p.mentors if mentees_of.get(m)]
    counts = [len(mentees_of[m]) for m in askers_by_mentor]
    per_mentor: dict[str, int] = dict.fromkeys(askers_by_mentor, 0)
    for m in rng.choices(askers_by_mentor, weights=counts, k=p.workload.threads):
        per_mentor[m] += 1
    for mentor in askers_by_mentor:
        # events: (time, thread index, author, comment line, tags)
        events: list[tuple[datetime, int, str, str, list[str]]] = []
        headings: list[str] = []
        for t in range(per_mentor[mentor]):
            asker = rng.choice(mentees_of[mentor])
            start = max(reg[asker] + timedelta(minutes=10), anchor - timedelta(days=180))
            asked = start + timedelta(
                seconds=rng.uniform(0, max(60.0, (anchor - start).total_seconds() - 60))
            )
            asked = asked.replace(second=0, microsecond=0)
            if rng.random() < 0.5:
                date = f"{asked.day} {MONTHS[asked.month - 1]} {asked.year}"
                headings.append(f"Question from [[User:{asker}|{asker}]] ({date})")
            else:
                headings.append(rng.choice(SUBJECTS))
            tags = ["mentorship module question"] if rng.random() < 0.3 else []
            events.append((asked, t, asker, f"{rng.choice(BODIES)} {signature(asker, asked)}", tags))
            outcome = rng.random()
            if outcome < 0.6:  # answered: by the mentor mostly, sometimes by another mentor
                helper = (
                    mentor
                    if outcome < 0.45
                    else rng.choice([m for m in p.mentors if m != mentor] or [mentor])
                )
                answered = asked + timedelta(minutes=rng.uniform(20, 5 * 24 * 60))
                if answered < anchor:
                    answered = answered.replace(second=0, microsecond=0)
                    events.append(
                        (answered, t, helper, f":{rng.choice(REPLIES)} {signature(helper, answered)}", [])
                    )
                    if rng.random() < 0.3:
                        later = (answered + timedelta(minutes=rng.uniform(5, 600))).replace(
                            second=0, microsecond=0
                        )
                        if later < anchor:
                            line = f"::{rng.choice(FOLLOW_UPS)} {signature(asker, later)}"
                            events.append((later, t, asker, line, []))
        events.sort(key=lambda e: (e[0], e[1]))
        comments: dict[int, list[str]] = {}
        revs = [["Admin", mw(anchor - timedelta(days=400)), "{{User talk header}}", "", 0, []]]
        for when, t, author, line, tags in events:
            comments.setdefault(t, []).append(line)
            text = "{{User talk header}}\n" + "\n".join(
                f"\n== {headings[i]} ==\n" + "\n".join(c)
                for i, c in comments.items()  # sections in the order they were opened
            )
            summary = (
                f"/* {headings[t]} */ new section" if len(comments[t]) == 1 else f"/* {headings[t]} */ reply"
            )
            revs.append([author, mw(when), text, summary, 0, tags])
        p.pages.append({"page": f"User talk:{mentor}", "revs": revs})


# --- seeding ------------------------------------------------------------------------------------


def wiki_name(workload: str) -> str:
    return f"bench{workload.lower()}"


def seeded_dir(name: str) -> Path:
    return localwiki.site_dir(name) / "seeded"


def seed(p: Plan, name: str, mw_version: str) -> dict[str, float]:
    """Create a fresh wiki NAME and load plan P into it; returns seconds per step."""
    times: dict[str, float] = {}
    t = time.monotonic()
    localwiki.create(name, mw_version, force=True)
    localwiki.start(name)
    times["create wiki"] = time.monotonic() - t
    wiki = Wiki(name)

    t = time.monotonic()
    ids = wiki.create_users(p.users)
    times[f"{len(p.users)} accounts"] = time.monotonic() - t
    if p.dormant_users:
        t = time.monotonic()
        for i in range(0, len(p.dormant_users), 50_000):  # bounded batches for the PHP side
            ids.update(wiki.create_users(p.dormant_users[i : i + 50_000], log=False))
        times[f"{len(p.dormant_users)} dormant accounts"] = time.monotonic() - t

    t = time.monotonic()
    out = wiki.maint("bulkRevisions.php", input="\n".join(p.records()) + "\n")
    stats = json.loads(out.strip().splitlines()[-1])
    wiki.maint("initSiteStats", "--update")
    times[f"{stats['revisions']} revisions on {stats['pages']} pages, {stats['blocks']} blocks"] = (
        time.monotonic() - t
    )

    t = time.monotonic()
    wiki.add_thanks(p.thanks)
    times[f"{len(p.thanks)} thanks"] = time.monotonic() - t

    t = time.monotonic()
    os.environ["MENTOR_WIKI"] = name
    os.environ.setdefault("PYWIKIBOT_DIR", str(ROOT))
    from botseed import seed_assignments  # imports pywikibot, which reads MENTOR_WIKI once

    assigned: dict[str, list[int]] = {m: [] for m in p.mentors}
    for n, m in p.mentor_of.items():
        assigned[m].append(ids[n])
    seed_assignments(assigned, summary="benchmark: seed assignments")
    times[f"assignments of {len(p.mentors)} mentors"] = time.monotonic() - t

    t = time.monotonic()
    save_seeded(name, p.fingerprint())
    times["snapshot"] = time.monotonic() - t
    return times


def save_seeded(name: str, fingerprint: str) -> None:
    """Keep the seeded database so every benchmark case can start from it."""
    d = localwiki.site_dir(name)
    localwiki.stop(name, quiet=True)
    shutil.rmtree(seeded_dir(name), ignore_errors=True)
    shutil.copytree(d / "data", seeded_dir(name))
    (seeded_dir(name) / "fingerprint").write_text(fingerprint + "\n")
    localwiki.start(name)


def seeded_fingerprint(name: str) -> str | None:
    f = seeded_dir(name) / "fingerprint"
    return f.read_text().strip() if f.exists() else None


def restore_seeded(name: str) -> None:
    """Put the wiki back to the state right after seeding (no dashboards yet)."""
    d = localwiki.site_dir(name)
    localwiki.stop(name, quiet=True)
    time.sleep(1)  # php -S workers release the port a moment after the group is killed
    shutil.rmtree(d / "data")
    shutil.copytree(seeded_dir(name), d / "data")
    (d / "data" / "fingerprint").unlink(missing_ok=True)
    shutil.rmtree(d / "cache", ignore_errors=True)
    (d / "cache").mkdir()
    localwiki.write_pywikibot_config(name, localwiki.site_info(name))
    localwiki.start(name)


def ensure(workload: str, seed_value: int, anchor: datetime | None, mw_version: str) -> tuple[str, Plan]:
    """Seed the workload's wiki unless a snapshot of the same plan exists; then restore it."""
    p = plan(WORKLOADS[workload], seed_value, anchor)
    name = wiki_name(workload)
    fp = p.fingerprint()
    if seeded_fingerprint(name) == fp and (localwiki.site_dir(name) / "site.json").exists():
        print(f"[generate] {name}: seeded snapshot {fp} is current; restoring it", flush=True)
        restore_seeded(name)
        return name, p
    t0 = time.monotonic()
    times = seed(p, name, mw_version)
    for step, secs in times.items():
        print(f"[generate]   {step}: {secs:.1f}s", flush=True)
    print(
        f"[generate] {name}: seeded workload {workload} in {time.monotonic() - t0:.1f}s (plan {fp})",
        flush=True,
    )
    return name, p


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--anchor", help="the day the plan counts back from, YYYY-MM-DD (default: today, UTC)")
    ap.add_argument("--mw", default=os.environ.get("MW") or localwiki.DEFAULT_MW)
    ap.add_argument("--plan-only", action="store_true", help="print the plan's size and fingerprint only")
    ap.add_argument("--force", action="store_true", help="reseed even when a current snapshot exists")
    a = ap.parse_args(argv)
    anchor = datetime.strptime(a.anchor, "%Y-%m-%d").replace(tzinfo=UTC) if a.anchor else None
    if a.plan_only:
        t0 = time.monotonic()
        p = plan(WORKLOADS[a.workload], a.seed, anchor)
        print(
            f"workload {a.workload}: {len(p.users) + len(p.dormant_users)} accounts, {p.revisions} revisions "
            f"({p.mentee_edits} mentee edits) on {len(p.pages)} pages, {len(p.blocks)} blocks, "
            f"{len(p.thanks)} thanks; fingerprint {p.fingerprint()} ({time.monotonic() - t0:.1f}s)"
        )
        return
    if a.force:
        shutil.rmtree(seeded_dir(wiki_name(a.workload)), ignore_errors=True)
    ensure(a.workload, a.seed, anchor, a.mw)


if __name__ == "__main__":
    main()
