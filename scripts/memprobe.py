"""Peak memory of one pass's in-process stages on a synthetic XL-sized store, without a wiki.

The benchmark (``scripts/bench.py``) measures a real pass's peak RSS, but seeding XL takes most
of an hour. This probe builds what a pass holds from plain text instead (the assignment pages as
the wiki stores them, through the real parser; the dormant rows through the real run memory in a
temporary folder) and runs the read stage's folding (``bot/read/wiki.py``, with its sources
replaced by synthetic answers: this measures memory, not the Action API), the build stage and
the memory write, reporting the peak RSS (VmHWM) of each stage, reset between stages.

    python scripts/memprobe.py --case daily            # XL, a refresh with memory
    python scripts/memprobe.py --case first --dormant 0  # L's first run

It prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from bot.model.mentee import MenteeFacts

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def status(field: str) -> int:
    """A /proc/self/status figure in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5)."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


@contextmanager
def stage(name: str, rows: list[tuple[str, float, float, float]], trace: bool) -> Iterator[None]:
    gc.collect()
    reset_peak()
    before = status("VmRSS") / 1024
    if trace:
        tracemalloc.reset_peak()
    t0 = time.monotonic()
    yield
    took = time.monotonic() - t0
    peak = status("VmHWM") / 1024
    if trace:
        _, tpeak = tracemalloc.get_traced_memory()
        print(f"  {name}: tracemalloc peak {tpeak / 2**20:.1f} MB", file=sys.stderr)
    rows.append((name, before, peak, took))


def top(when: str, n: int) -> None:
    """The N lines of code whose allocations are alive now that hold the most (with --trace)."""
    print(f"  {when}: the biggest holders", file=sys.stderr)
    for stat in tracemalloc.take_snapshot().statistics("lineno")[:n]:
        print(f"    {stat.size / 2**20:7.1f} MB {stat.count:9,} blocks  {stat.traceback}", file=sys.stderr)


# --- the synthetic wiki ------------------------------------------------------------------------


def mentor_name(m: int) -> str:
    return f"Mentor {m:03d}"


def mentee_name(uid: int) -> str:
    return f"Probe mentee {uid:07d}"


def plan(mentors: int, active: int, dormant: int) -> dict[str, list[tuple[int, int]]]:
    """Mentor -> [(user id, yyyymmdd)]: active ids 1..ACTIVE, dormant after them, dealt round."""
    out: dict[str, list[tuple[int, int]]] = {mentor_name(m): [] for m in range(mentors)}
    names = list(out)
    for uid in range(1, active + dormant + 1):
        days_ago = (uid * 7919) % (4 * 365) if uid > active else (uid * 31) % 300
        d = (NOW - days_ago * DAY).date()
        out[names[uid % mentors]].append((uid, d.year * 10000 + d.month * 100 + d.day))
    return out


def store_texts(p: dict[str, list[tuple[int, int]]]) -> list[tuple[str, str]]:
    """Each mentor's assignments page as MediaWiki stores a JSON page: pretty-printed."""
    from bot.parse.assignments import encode

    return [
        (m, json.dumps(json.loads(encode(m, dict(pairs))), indent=4, ensure_ascii=False))
        for m, pairs in p.items()
    ]


def dormant_facts(uid: int, active: int) -> MenteeFacts:
    from bot.model.mentee import MenteeFacts
    from bot.model.user import WikiUser

    reg = NOW - (400 + uid % 1000) * DAY - timedelta(seconds=uid % 86400)
    return MenteeFacts(
        user=WikiUser(mentee_name(uid), uid, reg, uid % 3, frozenset(("*", "user", "autoconfirmed"))),
        greeted=uid % 5 == 0,
    )


def setup_memory(path: Path, active: int, dormant: int) -> None:
    """The run memory a first run leaves: one row per dormant mentee (a child process builds it,
    so the probe's own peak does not include it)."""
    from bot.ops.memory import FORMAT, RunMemory
    from bot.parse.dormant_row import encode_dormant

    memory = RunMemory(path)
    with memory.transaction():
        ids = range(active + 1, active + dormant + 1)
        rows = ((uid, encode_dormant(dormant_facts(uid, active))) for uid in ids)
        memory.db.executemany("insert or replace into dormant values (?, ?)", rows)
        memory.set("format", FORMAT)
    memory.close()


# --- the read stage's sources, answered from the plan -------------------------------------------


class FakeNamespace:
    custom_name = "User talk"


class FakeSite:
    def __init__(self) -> None:
        self.namespaces = {3: FakeNamespace()}


class FakeGateway:
    batch_size = 500

    def __init__(self) -> None:
        self.site = FakeSite()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        yield


def patch_sources(active: int) -> None:
    """Replace the read stage's requests with synthetic answers of the XL workload's shape:
    accounts for every id asked, ~10 edits in the window per active mentee, a few blocks."""
    import bot.read.wiki as wiki
    from bot.model.praise import EngagementData
    from bot.model.talk import TalkData
    from bot.read import users
    from bot.read.greeted import MenteeTalk

    def account(uid: int) -> dict[str, Any]:
        """The account as ``list=users`` answers for it (implicit groups included)."""
        if uid > active:
            reg = dormant_facts(uid, active).user.registration
            edits = uid % 3
        else:
            reg = NOW - (uid % 300) * DAY - timedelta(seconds=uid % 86400)
            edits = 10 + uid % 50
        assert reg is not None
        stamp = reg.strftime("%Y-%m-%dT%H:%M:%SZ")
        groups = ["*", "user", "autoconfirmed"]
        return {
            "userid": uid,
            "name": mentee_name(uid),
            "editcount": edits,
            "registration": stamp,
            "groups": groups,
        }

    def contribs(uid: int) -> list[dict[str, Any]]:
        """About ten edits in the window per active mentee, as ``list=usercontribs`` answers."""
        if uid > active:
            return []
        name = mentee_name(uid)
        return [
            {
                "userid": uid,
                "user": name,
                "revid": uid * 100 + k,
                "title": f"Page {uid} {k}",
                "timestamp": (NOW - timedelta(hours=5 * k + uid % 7)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "comment": "summary",
                "tags": [],
            }
            for k in range(10)
        ]

    def query(**params: Any) -> Iterator[dict[str, Any]]:
        """``list=users|usercontribs`` for a batch of ids, paged as MediaWiki pages it: the
        accounts on the first page, the edits 500 a page; JSON text decoded, as the API's is."""
        assert params.get("list") == "users|usercontribs", params
        ids = [int(i) for i in str(params["ususerids"]).split("|")]
        edits = [c for uid in ids for c in contribs(uid)]
        pages = [edits[i : i + 500] for i in range(0, len(edits), 500)] or [[]]
        for n, page in enumerate(pages):
            answer: dict[str, Any] = {"usercontribs": page}
            if n == 0:
                answer["users"] = [account(uid) for uid in ids]
            yield json.loads(json.dumps({"query": answer}))

    FakeGateway.query = staticmethod(query)  # type: ignore[attr-defined]

    def read_mentee_talk(gw: Any, names: Any, prefixes: Any, talk_prefix: str, bot: str) -> MenteeTalk:
        names = list(names)
        warned: dict[str, datetime | None] = {n: NOW - 3 * DAY for n in names[::97]}
        return MenteeTalk(warned, frozenset(n for n in names if int(n.rsplit(" ", 1)[1]) % 5))

    blocks = {mentee_name(uid): [NOW - 2 * DAY] for uid in range(3, active + 1, 67)}

    def praise(*args: Any, **kwargs: Any) -> EngagementData:
        """The read stage's last source: where it holds the most, so --trace shows what."""
        if tracemalloc.is_tracing():
            top("read stage, before it returns", 12)
        return EngagementData()

    def nothing(*args: Any, **kwargs: Any) -> dict[str, Any]:
        return {}

    for module, name, fake in (
        (users, "fetch_reverted", nothing),
        (users, "fetch_blocks", lambda *a, **kw: blocks),
        (wiki, "read_mentee_talk", read_mentee_talk),
        (wiki, "read_page_fate", nothing),
        (wiki, "read_talks", lambda *a, **kw: TalkData()),
        (wiki, "read_praise", praise),
    ):
        setattr(module, name, fake)


# --- one pass's stages -------------------------------------------------------------------------


def titles_for(mentors: list[str]) -> Any:
    from bot.model.titles import GadgetTitles, MentorTitles, SharedTitles, Titles

    def mt(n: str) -> MentorTitles:
        d = f"User:{n}/Mentor dashboard"
        return MentorTitles(
            f"User:{n}", f"User talk:{n}", d, f"{d}/FAQ", f"{d}/Praise", f"User:{n}/Mentor settings.json",
            f"{d}/Welcome", f"User:Bot/Dashboards/{n}.json",
        )  # fmt: skip

    return Titles(
        bot="Bot",
        shutoff="User:Bot/Shutoff",
        settings="Project:Mentor dashboard settings.json",
        mentor_list="Project:Mentors",
        status="User:Bot/Status",
        state="User:Bot/State",
        shared=SharedTitles("Project:Index", "Project:Unanswered", "Project:Resources", "Project:FAQ"),
        optout="Template:No mentor dashboard",
        assignments_prefix="User:Bot/Assignments/",
        mentors={n: mt(n) for n in mentors},
        gadget=GadgetTitles("User:Bot/C.js", "User:Bot/S.css", "User:Bot/Dashboards.json", "User:Bot/M.json"),
    )


def probe(args: argparse.Namespace, memory_path: Path) -> list[tuple[str, float, float, float]]:
    from bot import run as runmod
    from bot.build.gadget import GadgetSite, NextRun
    from bot.build.pages import Lifecycle, build_pages
    from bot.core.settings import Settings
    from bot.decide.refresh import watches_for
    from bot.model.assignment import Assignments
    from bot.model.change import Changes, Cursor
    from bot.model.mentor import MentorEntry
    from bot.ops.memory import RunMemory, remember
    from bot.parse.assignments import decode
    from bot.read.recent import Recent
    from bot.read.wiki import read_wiki
    from bot.render.i18n import Messages
    from bot.render.installed import gadget_source

    patch_sources(args.active)
    s = Settings()
    messages = Messages.load("en")
    rows: list[tuple[str, float, float, float]] = []
    rows.append(("start (imports)", 0.0, status("VmHWM") / 1024, 0.0))
    texts = store_texts(plan(args.mentors, args.active, args.dormant))
    gc.collect()
    rows.append(("store texts built", 0.0, status("VmRSS") / 1024, 0.0))
    with stage("store: parse 200 pages", rows, args.trace):
        stored = {}
        for m, text in texts:
            mentor, mentees = decode(text, f"User:Bot/Assignments/{m}.json")
            stored[mentor] = Assignments(mentor, f"User:Bot/Assignments/{m}.json", mentees, 1)
        del texts, mentor, mentees
    listed = {m: MentorEntry(m, 2, "", None, None, i + 1) for i, m in enumerate(stored)}
    titles = titles_for(list(listed))
    daily = args.case == "daily"
    memory = RunMemory(memory_path) if daily else None
    nothing = frozenset[str]()
    streams = Recent(Changes(nothing, nothing, nothing, nothing, False, Cursor(1, 1)), {})
    refresh = runmod.Refresh(None, Cursor(1, 1), streams if daily else None)
    with stage("plan: watches", rows, args.trace):
        watches = watches_for(listed, stored, titles.mentors) if daily else {}
    del watches
    chosen = tuple(listed.values())
    with stage("memory: remembered dormant", rows, args.trace):
        dormant = runmod.held_dormant(memory, refresh, chosen, stored)
    with stage("read: fold", rows, args.trace):
        data = read_wiki(
            FakeGateway(),  # type: ignore[arg-type]
            s,
            mentors=chosen,
            stored=stored,
            statuses={},
            optouts=frozenset(),
            titles=titles,
            now=NOW,
            cache=None,
            changes=refresh.changes,
            dormant=dormant,
            touched=frozenset(),
        )
        del dormant
    js, css = gadget_source()
    gadget = GadgetSite(script="/w/index.php", max_bytes=2 * 2**20, next_run=NextRun(), js=js, css=css)
    with stage("build", rows, args.trace):
        built = build_pages(
            data, Lifecycle({}, {}, {}), s=s, messages=messages, titles=titles, now=NOW,
            listed=tuple(listed), gadget=gadget,
        )  # fmt: skip
    if args.trace:
        top("after the build", 8)
    with stage("remember", rows, args.trace):
        if memory is None:
            memory = RunMemory(memory_path)
        remember(
            memory,
            rows=built.rows,
            reads={},
            dormant=runmod.dormant_after(data, chosen, stored),
            held=data.mentee_ids,
            full=True,
            started=NOW,
            wiki="probe",
            cursor=Cursor(1, 1),
            refused=False,
        )
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for n, p in enumerate(built.pages.values()):
            (args.dump / f"{n:04d}.txt").write_text(f"{p.title}\n{p.text}")
    size = sum(len(p.text) for p in built.pages.values())
    print(f"pages built: {len(built.pages)}, {size:,} characters", file=sys.stderr)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mentors", type=int, default=200)
    ap.add_argument("--active", type=int, default=40_000)
    ap.add_argument("--dormant", type=int, default=360_000)
    ap.add_argument("--case", choices=("first", "daily"), default="daily")
    ap.add_argument("--trace", action="store_true", help="also report tracemalloc peaks (slow)")
    ap.add_argument("--dump", type=Path, help="write the pages built into this folder, to compare code")
    ap.add_argument("--setup", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.setup is not None:
        setup_memory(args.setup, args.active, args.dormant)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "memory.sqlite3"
        if args.case == "daily":
            subprocess.run(
                [sys.executable, __file__, "--setup", str(path), "--active", str(args.active),
                 "--dormant", str(args.dormant)],
                check=True,
            )  # fmt: skip
        if args.trace:
            tracemalloc.start()
        rows = probe(args, path)
    print(f"{args.case}: {args.mentors} mentors, {args.active:,} active, {args.dormant:,} dormant")
    print(f"{'stage':32} {'RSS before MB':>14} {'peak MB':>8} {'s':>6}")
    for name, before, peak, took in rows:
        print(f"{name:32} {before:14.0f} {peak:8.0f} {took:6.1f}")
    print(f"overall peak (max of stages): {max(r[2] for r in rows):.0f} MB")


if __name__ == "__main__":
    main()
