#!/usr/bin/env python3
"""Benchmark the bot against a naive Pywikibot baseline on a generated wiki (``make bench``).

    python scripts/bench.py M                       # seed (or restore) M, run every case, print the table
    python scripts/bench.py M --naive-mentors 20    # baseline on 20 mentors only, extrapolated and labelled
    python scripts/bench.py plot                    # redraw docs/bench-requests.png from docs/bench/*.json

Cases, each in a fresh Python process that reports its own peak RSS (VmHWM):

- ``full``: the first pass over the freshly seeded wiki, with no run memory; every dashboard is
  created and protected.
- ``rerun``: the next pass with nothing changed on the wiki: an incremental run on the memory the
  full pass left, as ``mentor-dashboard run`` does by default.
- ``full-again``: a full refresh over the pages the first one saved, as ``--full`` and the first
  run of each UTC day do: everything is read again, and only pages whose text changed are saved.
- ``after-k``: the incremental pass after K live changes (mentee edits, new questions, warnings,
  blocks).
- ``quiet-day``: the clock moved a day (``faketime +1d``) with nothing happening: the first run
  of a new UTC day, so a full refresh with memory; 0 or nearly 0 edits.
- ``naive``: scripts/naive_baseline.py on the same wiki, after the bot's cases; not on L and XL
  unless ``--naive-mentors`` says on how many mentors (it asks about each mentee: hours there).

Every case also reports ``throttled_s``: its wall time at a real wiki's put throttle, the time
outside the publish phase plus write requests × ``--throttle`` seconds (pywikibot's default 10),
since the local wiki runs with no throttle.

Requests are counted the same way for the bot and the baseline: a response hook on pywikibot's
HTTP session, installed before the site object exists, so login, tokens and siteinfo count too.
Results go to docs/bench/WORKLOAD.json, which holds only measured figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "bench"
PLOT = ROOT / "docs" / "bench-requests.png"
TARGETS = {
    "L_full_requests": 1500,
    "M_ratio": 100,
    "L_daily_reads": 350,
    "L_peak_rss_mb": 200,
    "XL_peak_rss_mb": 300,
}
WORKLOAD_NAMES = ("S", "M", "L", "XL")


# --- child processes: one case each ------------------------------------------------------------


def child(case: str, mentors: int | None) -> None:
    """Run one case in this process and print one JSON line; the parent adds the peak RSS."""
    import pywikibot
    from naive_baseline import RequestCounter

    site = pywikibot.Site()
    counter = RequestCounter(f"{site.hostname()}")
    t0 = time.monotonic()
    out: dict[str, Any] = {"case": case}
    if case == "naive":
        import naive_baseline

        names = naive_baseline.mentor_names(site)
        subset = names if mentors is None else names[:mentors]
        res = naive_baseline.run(site, subset)
        out.update(mentors=res.mentors, mentees=res.mentees, edits=res.edits, all_mentors=len(names))
    else:
        from bot.core.settings import Settings
        from bot.gateway import Gateway
        from bot.ops.memory import RunMemory
        from bot.render.i18n import Messages
        from bot.run import RunMode, run_pass

        # The bot's run memory, as `mentor-dashboard run` keeps it: the full case starts without
        # one (a first run), the rerun and after-k cases are incremental runs on top of it.
        memory_file = ROOT / ".state" / f"bench-{site.family.name}.sqlite3"
        if case == "full":
            memory_file.unlink(missing_ok=True)
        memory = RunMemory(memory_file)
        gw = Gateway(site)
        full = case == "full-again"  # what --full and the first run of each UTC day do
        # quiet-day: no flag at all; the shifted clock makes it the first run of a new UTC day
        report = run_pass(
            gw, Settings(), Messages.load(site.lang), RunMode(full=full), memory=memory, show=lambda _: None
        )
        gw.close()
        memory.close()
        out.update(
            edits=gw.edits,
            changed=len(report.changed),
            edit_reasons=edit_reasons(report),
            gateway_reads=gw.counts.reads,
            gateway_writes=gw.counts.writes,
            phases={p: dict(c) for p, c in gw.counts.by_phase.items()},
            timings={p: round(s, 2) for p, s in report.timings.items()},
            problems=len(report.problems),
        )
    out.update(reads=counter.reads, writes=counter.writes, wall_s=round(time.monotonic() - t0, 2))
    usage = resource.getrusage(resource.RUSAGE_SELF)  # this process's own CPU: the rest is waiting
    out["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
    out["peak_rss_mb"] = peak_rss_mb()
    print("RESULT " + json.dumps(out), flush=True)


def edit_reasons(report: Any) -> dict[str, int]:
    """How many saved pages gave each edit summary, numbers and names masked: why a case edited
    (the quiet day's edits are questions passing the overdue limit, issue 20's one allowed
    reason for the clock alone to change a page)."""
    import re
    from collections import Counter

    why: Counter[str] = Counter()
    for o in report.changed:
        built = report.built.get(o.title)
        why[re.sub(r"\d[\d,.]*", "N", built.summary) if built else "(not a dashboard page)"] += 1
    return dict(why.most_common(8))


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM), in MB.

    Not ``ru_maxrss`` from wait4: Linux carries the high-water mark across fork and exec, so a
    child started by a parent holding the workload's plan would report the parent's size.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_child(name: str, case: str, mentors: int | None = None, shift: str | None = None) -> dict[str, Any]:
    """Run one case in a fresh interpreter, so imports, caches and memory are its own; SHIFT
    moves its clock (``faketime``, e.g. "+1d")."""
    env = dict(os.environ, MENTOR_WIKI=name, PYWIKIBOT_DIR=str(ROOT))
    cmd = [sys.executable, __file__, "--child", case]
    if shift:
        cmd = ["faketime", "-f", shift, *cmd]
    if mentors is not None:
        cmd += ["--naive-mentors", str(mentors)]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.exit(f"case {case} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1][len("RESULT ") :])
    return result


# --- live changes for the "after k changes" case -------------------------------------------------


def make_changes(name: str, plan: Any, k: int) -> list[str]:
    """K changes through the live API, as people make them: edits, questions, warnings, a block."""
    from wikiseed import Wiki

    wiki = Wiki(name)
    admin = wiki.admin()
    mentees = sorted(plan.mentor_of)
    done = []
    for i in range(k):
        mentee = mentees[(i * 7919) % len(mentees)]
        mentor = plan.mentor_of[mentee]
        kind = i % 4
        if kind == 0:
            wiki.session_for(mentee).edit("Article 000001", f"Benchmark change {i}.", summary="bench")
            done.append(f"{mentee} edits an article")
        elif kind == 1:
            wiki.session_for(mentee).new_section(
                f"User talk:{mentor}", f"Benchmark question {i}", "How do I?"
            )
            done.append(f"{mentee} asks {mentor} a question")
        elif kind == 2:
            admin.edit(
                f"User talk:{mentee}", "{{uw-test1|Article}} Please use the sandbox. ~~~~", summary="warn"
            )
            done.append(f"{mentee} gets a warning")
        else:
            admin.block(mentee, expiry="1 week", reason="benchmark")
            done.append(f"{mentee} is blocked")
    return done


# --- the table -----------------------------------------------------------------------------------


def machine() -> str:
    os_name = "unknown OS"
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {os_name}, Python {platform.python_version()}"


def _mb(value: float | None, digits: int = 0) -> str:
    """Peak RSS (or CPU seconds) for the table; None where it was not measured (reliably)."""
    return "n/m" if value is None else f"{value:.{digits}f}"


def print_table(res: dict[str, Any]) -> None:
    w = res["workload"]
    print(
        f"\nWorkload {w}: {res['mentors']} mentors, {res['mentees']} mentees, "
        f"MediaWiki {res['mw']}, {res['machine']}"
    )
    print(
        f"{'case':<56} {'reads':>7} {'writes':>7} {'edits':>6} {'wall s':>8} "
        f"{'at throttle s':>13} {'RSS MB':>7}"
    )
    for c in res["cases"]:
        print(
            f"{c['label']:<56} {c['reads']:>7} {c['writes']:>7} {c['edits']:>6} {c['wall_s']:>8.1f} "
            f"{c.get('throttled_s', 0):>13.0f} {_mb(c['peak_rss_mb']):>7}"
        )
    n = res.get("naive")
    if n:
        print(
            f"{n['label']:<44} {n['reads']:>7} {n['writes']:>7} {n['edits']:>6} {n['wall_s']:>8.1f} "
            f"{_mb(n['peak_rss_mb']):>7}"
        )
        if n.get("extrapolated"):
            e = n["extrapolated"]
            print(
                f"{'  naive, extrapolated to all mentees':<44} {e['reads']:>7} {e['writes']:>7} "
                f"{'':>6} {e['wall_s']:>8.0f}"
            )
        print(
            f"request ratio, naive / bot full refresh: {res['ratio']:.0f}x"
            + (" (extrapolated baseline)" if n.get("extrapolated") else "")
        )
    print("targets (reported, not asserted):")
    for line in res["targets"]:
        print(f"  {line}")


def _case(res: dict[str, Any], name: str) -> dict[str, Any] | None:
    return next((c for c in res["cases"] if c["case"] == name), None)


def total(c: dict[str, Any]) -> int:
    return int(c["reads"]) + int(c["writes"])


def _verdict(ok: bool) -> str:
    return "met" if ok else "missed"


def targets(res: dict[str, Any]) -> list[str]:
    """Issue 23's targets, reported (never asserted); XL's are relative to docs/bench/L.json."""
    w = res["workload"]
    full, rerun = res["cases"][0], res["cases"][1]
    lines = []
    rerun_total = rerun["reads"] + rerun["writes"]
    lines.append(
        f"rerun with nothing changed: {rerun['edits']} edits, {rerun_total} requests (target 0 and ≤10): "
        + _verdict(rerun["edits"] == 0 and rerun_total <= 10)
    )
    quiet = _case(res, "quiet-day")
    if quiet:
        lines.append(f"quiet day: {quiet['edits']} edits, {quiet['reads']} reads, {quiet['writes']} writes")
        for why, n in quiet.get("edit_reasons", {}).items():
            lines.append(f"  {n} saved with the summary {why!r}")
    daily = _case(res, "full-again")
    rss = max(c["peak_rss_mb"] for c in res["cases"])
    if w == "L" and daily:
        lines.append(
            f"L daily full refresh: {daily['reads']} reads (target ≤350): {_verdict(daily['reads'] <= 350)}"
        )
        lines.append(f"L peak RSS: {rss:.0f} MB (target ≤200): {_verdict(rss <= 200)}")
    if w == "XL":
        lines.append(f"XL peak RSS: {rss:.0f} MB (target ≤300): {_verdict(rss <= 300)}")
        path = RESULTS / "L.json"
        if path.exists():
            large = json.loads(path.read_text())
            l_full, l_daily, l_after = (_case(large, c) for c in ("full", "full-again", "after-k"))
            if daily and l_daily:
                limit = 1.2 * l_daily["reads"]
                lines.append(
                    f"XL daily full refresh: {daily['reads']} reads (target ≤1.2 × L's {l_daily['reads']} = "
                    f"{limit:.0f}): {_verdict(daily['reads'] <= limit)}"
                )
            if l_full:
                limit = l_full["reads"] + res["mentees"] / 500 + 50
                lines.append(
                    f"XL first run: {full['reads']} reads (target ≤ L's {l_full['reads']} + held/500 + 50 = "
                    f"{limit:.0f}): {_verdict(full['reads'] <= limit)}"
                )
            after = _case(res, "after-k")
            if after and l_after:
                limit = 1.2 * total(l_after)
                lines.append(
                    f"XL after {res['k']} changes: {total(after)} requests "
                    f"(target ≤1.2 × L's {total(l_after)} = {limit:.0f}): {_verdict(total(after) <= limit)}"
                )
        else:
            lines.append("XL against L: no docs/bench/L.json to compare with")
    if w == "M" and "ratio" in res:
        lines.append(f"M request ratio: {res['ratio']:.0f}x (target ≥100): {_verdict(res['ratio'] >= 100)}")
        if "ratio_reads" in res:
            lines.append(
                f"  reads alone: {res['ratio_reads']:.0f}x; "
                f"against the daily full refresh: {res.get('ratio_daily', 0):.0f}x"
            )
    return lines


# --- the plot --------------------------------------------------------------------------------------


def plot() -> Path:
    """Requests against mentees, bot and baseline, from every saved result (measured points only)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))]
    results.sort(key=lambda r: r["mentees"])
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    xs = [r["mentees"] for r in results]
    ax.plot(
        xs,
        [r["cases"][0]["reads"] + r["cases"][0]["writes"] for r in results],
        "o-",
        label="bot, full refresh (first run)",
    )
    for case, style, label in (
        ("full-again", "D-", "bot, full refresh again (pages exist; daily)"),
        ("quiet-day", "v--", "bot, quiet day (clock +1 day, nothing happened)"),
    ):
        points = [(r["mentees"], c) for r in results for c in r["cases"] if c.get("case") == case]
        if points:
            ax.plot([x for x, _ in points], [c["reads"] + c["writes"] for _, c in points], style, label=label)
    ax.plot(
        xs,
        [r["cases"][1]["reads"] + r["cases"][1]["writes"] for r in results],
        "s-",
        label="bot, rerun (nothing changed)",
    )
    measured = [
        (r["mentees"], r["naive"]) for r in results if r.get("naive") and not r["naive"].get("extrapolated")
    ]
    if measured:
        ax.plot(
            [x for x, _ in measured],
            [n["reads"] + n["writes"] for _, n in measured],
            "^-",
            label="naive baseline (measured)",
        )
    partial = [
        (r["mentees"], r["naive"]) for r in results if r.get("naive") and r["naive"].get("extrapolated")
    ]
    for x, n in partial:
        ax.plot([n["mentees"]], [n["reads"] + n["writes"]], "^", color="C2")
        e = n["extrapolated"]
        ax.plot(
            [x],
            [e["reads"] + e["writes"]],
            "v",
            color="C3",
            label=f"naive, extrapolated from {n['mentees']} mentees",
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("mentees")
    ax.set_ylabel("API requests (HTTP, reads + writes)")
    mw = results[0]["mw"] if results else "?"
    ax.set_title(f"Requests per pass, MediaWiki {mw} on loopback")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT)
    return PLOT


def _brief(r: dict[str, Any]) -> str:
    return (
        f"{r['reads']} reads, {r['writes']} writes, {r['edits']} edits, {r['wall_s']}s "
        f"({r.get('cpu_s', '?')}s CPU), "
        f"{r['peak_rss_mb']} MB; phases {r.get('phases', '')}"
    )


def markdown() -> str:
    """The README's results table, straight from docs/bench/*.json, so the two cannot drift."""
    rows = [
        "| workload | case | read req. | write req. | edits | wall s | s at put throttle | CPU s "
        "| peak RSS MB |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    results = sorted((json.loads(p.read_text()) for p in RESULTS.glob("*.json")), key=lambda r: r["mentees"])
    for r in results:
        w = f"{r['workload']} ({r['mentors']} / {r['mentees']:,})"
        for c in [*r["cases"], *([r["naive"]] if r.get("naive") else [])]:
            at = c.get("throttled_s")
            rows.append(
                f"| {w} | {c['label']} | {c['reads']:,} | {c['writes']:,} | {c['edits']:,} | "
                f"{c['wall_s']:,.1f} | {'n/m' if at is None else f'{at:,.0f}'} | {_mb(c.get('cpu_s'), 1)} | "
                f"{_mb(c['peak_rss_mb'])} |"
            )
            if c.get("extrapolated"):
                e = c["extrapolated"]
                rows.append(
                    f"| {w} | naive, **extrapolated** ×{e['factor']} | {e['reads']:,} | {e['writes']:,} | | "
                    f"{e['wall_s']:,} | | | |"
                )
    return "\n".join(rows)


# --- main ----------------------------------------------------------------------------------------


def run_case(
    res: dict[str, Any], name: str, case: str, label: str, throttle: float, shift: str | None = None
) -> None:
    print(f"[bench] {label} …", flush=True)
    r = run_child(name, case, shift=shift)
    r["label"] = label
    r["throttled_s"] = throttled(r, throttle)
    res["cases"].append(r)
    print(f"[bench]   {_brief(r)}; at a {throttle:g} s put throttle {r['throttled_s']:.0f} s", flush=True)


def throttled(r: dict[str, Any], throttle: float) -> float:
    """The case's wall time on a wiki that throttles writes: the time outside publish (reads,
    build) plus each write request at THROTTLE seconds (publish's few reads are left out)."""
    outside = float(r["wall_s"]) - float(r.get("timings", {}).get("publish", 0.0))
    return round(outside + int(r["writes"]) * throttle, 1)


def bench(
    workload: str,
    seed: int,
    k: int,
    naive_mentors: int | None,
    skip_naive: bool,
    reuse_naive: bool,
    throttle: float = 10.0,
) -> dict[str, Any]:
    import generate_wiki as gen
    import localwiki

    mw_version = os.environ.get("MW") or localwiki.DEFAULT_MW
    name, plan = gen.ensure(workload, seed, None, mw_version)
    res: dict[str, Any] = {
        "workload": workload,
        "mentors": plan.workload.mentors,
        "mentees": plan.workload.held,
        "dormant": plan.workload.dormant,
        "throttle_s": throttle,
        "mentee_edits": plan.mentee_edits,
        "threads": plan.workload.threads,
        "mw": str(localwiki.site_info(name)["mw"]),
        "machine": machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "seed": seed,
        "plan": plan.fingerprint(),
        "k": k,
        "cases": [],
    }
    for case, label in (
        ("full", "bot: full refresh (first run, creates all)"),
        ("rerun", "bot: rerun, nothing changed"),
        ("full-again", "bot: full refresh again (pages exist; daily, with memory)"),
    ):
        run_case(res, name, case, label, throttle)
    print(f"[bench] making {k} live changes …", flush=True)
    res["changes"] = make_changes(name, plan, k)
    run_case(res, name, "after-k", f"bot: after {k} changes (incremental)", throttle)
    # Last: its clock is a day ahead, and the memory it leaves says so.
    run_case(res, name, "quiet-day", "bot: quiet day (clock +1 day, nothing happened)", throttle, "+1d")
    previous = RESULTS / f"{workload}.json"
    if skip_naive and reuse_naive and previous.exists():
        old = json.loads(previous.read_text())
        if old.get("plan") == plan.fingerprint() and old.get("naive"):
            res["naive"] = old["naive"]
            label = res["naive"]["label"].split(" (measured ")[0]
            when = res["naive"].setdefault("measured", old["date"])
            res["naive"]["label"] = f"{label} (measured {when}, earlier run of the same plan)"
    if not skip_naive:
        label = "naive baseline" + (
            f" ({naive_mentors} of {plan.workload.mentors} mentors)" if naive_mentors else ""
        )
        print(f"[bench] {label} …", flush=True)
        n = run_child(name, "naive", naive_mentors)
        n["label"] = label
        if n["mentors"] < n["all_mentors"]:
            f = plan.workload.mentees / max(1, n["mentees"])
            n["extrapolated"] = {
                "reads": round(n["reads"] * f),
                "writes": round(n["writes"] * f),
                "wall_s": round(n["wall_s"] * f),
                "factor": round(f, 2),
            }
        res["naive"] = n
    if res.get("naive"):
        n = res["naive"]
        base = n.get("extrapolated", n)
        full = res["cases"][0]
        res["ratio"] = (base["reads"] + base["writes"]) / max(1, full["reads"] + full["writes"])
        res["ratio_reads"] = base["reads"] / max(1, full["reads"])
        daily = _case(res, "full-again")
        if daily:  # the pass a bot makes every day once its pages exist
            res["ratio_daily"] = (base["reads"] + base["writes"]) / max(1, daily["reads"] + daily["writes"])
    res["targets"] = targets(res)
    return res


SLOW_NAIVE = ("L", "XL")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workload", nargs="?", help="S, M, L or XL; or 'plot' or 'markdown' (README table)")
    ap.add_argument("--seed", type=int, default=20261125)
    ap.add_argument("-k", type=int, default=12, help="live changes before the after-k case")
    ap.add_argument(
        "--naive-mentors", type=int, help="run the baseline on the first N mentors and extrapolate"
    )
    ap.add_argument(
        "--skip-naive",
        action="store_true",
        help="no baseline; the default for L and XL, where it would take hours, unless --naive-mentors",
    )
    ap.add_argument(
        "--reuse-naive",
        action="store_true",
        help="with --skip-naive: keep docs/bench/WORKLOAD.json's baseline if it measured the same plan",
    )
    ap.add_argument("--no-save", action="store_true", help="do not write docs/bench/WORKLOAD.json")
    ap.add_argument("--throttle", type=float, default=10.0, help="put throttle for throttled_s (seconds)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        child(a.child, a.naive_mentors)
        return
    if a.workload == "plot":
        print(plot())
        return
    if a.workload == "markdown":
        print(markdown())
        return
    if a.workload not in WORKLOAD_NAMES:
        ap.error("workload must be S, M, L, XL, plot or markdown")
    # The baseline asks about every mentee one by one: hours on L and days on XL.
    skip_naive = a.skip_naive or (a.workload in SLOW_NAIVE and a.naive_mentors is None)
    if skip_naive and not a.skip_naive:
        print(f"[bench] no naive baseline on {a.workload} (hours); --naive-mentors N runs it on N mentors")
    res = bench(a.workload, a.seed, a.k, a.naive_mentors, skip_naive, a.reuse_naive, a.throttle)
    print_table(res)
    if not a.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"{a.workload}.json"
        out.write_text(json.dumps(res, indent=2) + "\n")
        print(f"[bench] results in {out.relative_to(ROOT)}; plot: {plot().relative_to(ROOT)}")


if __name__ == "__main__":
    main()
