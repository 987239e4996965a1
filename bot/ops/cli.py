"""mentor-dashboard: write every mentor's dashboard on a wiki.

Usage:
    mentor-dashboard run [--mentor NAME ...] [--dry-run] [--full] [--state-dir DIR]
    mentor-dashboard serve --cron "17 * * * *" [--seconds S] [--state-dir DIR]
    mentor-dashboard toolforge-jobs --wikis cswiki,ar:wikipedia [--hour H]

``run`` does one idempotent pass (cron, Toolforge jobs): by default it refreshes only the mentors
touched by what changed since the last run, and everyone on the first run of each UTC day or with
``--full``. ``serve`` repeats it on a schedule
(weekdays by name: ``mon-fri``); ``toolforge-jobs`` prints a jobs.yaml with one job per wiki.

Pywikibot's global options work as usual, e.g. ``-family:demo -lang:en -user:MentorBot``,
``-simulate`` (the same as --dry-run) and ``-dir:PATH`` (the folder holding user-config.py).

Exit codes: 0 done; 1 the run failed (the message says why: the wiki kept failing after
retries, was read-only, or a page changed under the bot; what was saved is whole, and the next
run finishes the rest); 2 bad command line;
3 stopped by the shutoff page; 4 another run holds the lock.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SHUTOFF, EXIT_LOCKED = 0, 1, 2, 3, 4
COMMANDS = ("run", "serve", "toolforge-jobs")

log = logging.getLogger("mentor-dashboard")

# Request parameters that are secrets. Pywikibot logs the parameters of a request that failed
# (in verbose mode), and the login request carries the BotPassword in clear.
_SECRET_PARAMS = re.compile(r"\b(lgpassword|password|lgtoken|token)=[^&\s'\"]+", re.IGNORECASE)


class _RedactedRecord(logging.LogRecord):
    """A log record whose text never shows a password or token, whichever logger wrote it."""

    def getMessage(self) -> str:  # noqa: N802 - the logging API names it
        return _SECRET_PARAMS.sub(r"\1=<hidden>", super().getMessage())


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="mentor-dashboard", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="command", required=True)
    for name, helptext in (
        ("run", "one pass over all mentors (or those named)"),
        ("serve", "run on a schedule"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--mentor", action="append", default=[], metavar="NAME", help="only this mentor")
        p.add_argument("--dry-run", action="store_true", help="print unified diffs, save nothing")
        p.add_argument("--full", action="store_true", help="refresh every mentor, not only what changed")
        p.add_argument(
            "--state-dir", type=Path, help="lock and cache folder (default: .state in the config dir)"
        )
        p.add_argument("-v", "--verbose", action="store_true")
        if name == "serve":
            p.add_argument("--cron", required=True, help='crontab line, weekdays by name: "17 * * * mon-fri"')
            p.add_argument("--seconds", default="0", help='seconds field, e.g. "*/5" for a test schedule')
    tf = sub.add_parser("toolforge-jobs", help="print a Toolforge jobs.yaml, one job per wiki")
    tf.add_argument("--wikis", required=True, help="comma-separated: cswiki,ar:wikipedia,…")
    tf.add_argument("--hour", default="*", help='hour field of every job\'s schedule (default "*")')
    return ap


def main(argv: list[str] | None = None) -> int:
    logging.setLogRecordFactory(_RedactedRecord)  # before pywikibot logs anything
    import pywikibot
    from pywikibot import config

    args_in = list(sys.argv[1:] if argv is None else argv)
    try:
        rest = pywikibot.handle_args(args_in)  # also connects to the wiki to check the options
    except pywikibot.exceptions.Error as e:
        print(
            f"failed: the wiki did not answer or refused the options: {type(e).__name__}: {e}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if not any(a in COMMANDS for a in rest) and not any(a in ("-h", "--help") for a in rest):
        rest = ["run", *rest]  # `pwb mentor_dashboard -simulate` means one pass
    try:
        args = build_parser().parse_args(rest)
    except SystemExit as e:
        return EXIT_USAGE if e.code else EXIT_OK

    if args.command == "toolforge-jobs":
        from bot.ops.toolforge import jobs_yaml

        try:
            print(jobs_yaml(w for w in args.wikis.split(",") if w.strip()), end="")
        except ValueError as e:
            print(f"mentor-dashboard: {e}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    dry_run = bool(args.dry_run or config.simulate)
    state = args.state_dir or Path(
        os.environ.get("MENTOR_DASHBOARD_STATE") or Path(config.base_dir) / ".state"
    )
    if args.command == "serve":
        from bot.ops.schedule import ScheduleError, serve

        try:
            serve(lambda: one_pass(args.mentor, dry_run, state, args.full), args.cron, args.seconds)
        except ScheduleError as e:
            print(f"mentor-dashboard: {e}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    return one_pass(args.mentor, dry_run, state, args.full)


def one_pass(mentors: list[str], dry_run: bool, state_dir: Path, full: bool = False) -> int:
    """One locked pass; prints what it did and returns the exit code."""
    import pywikibot
    import requests

    from bot.core.settings import Settings
    from bot.gateway import Gateway
    from bot.ops.lock import LockedError, run_lock
    from bot.ops.memory import RunMemory
    from bot.publish.funnel import ConflictError
    from bot.read.control import ShutoffError, wiki_key
    from bot.read.siteinfo import ReadOnlyError
    from bot.render.i18n import Messages
    from bot.run import RunMode, run_pass

    gw: Gateway | None = None
    try:
        site = pywikibot.Site()
        gw = Gateway(site)
        wiki = wiki_key(site)
        with run_lock(state_dir / f"{wiki}.lock"):
            memory = RunMemory(state_dir / f"{wiki}.sqlite3")
            try:
                mode = RunMode.of(full=full, dry_run=dry_run, mentors=mentors)
                report = run_pass(
                    gw, Settings(), Messages.load(site.lang), mode, memory=memory, cache_dir=state_dir
                )
            finally:
                memory.close()
    except LockedError as e:
        print(f"skipped: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except ShutoffError as e:
        print(f"stopped: {e}", file=sys.stderr)
        return EXIT_SHUTOFF
    except ReadOnlyError as e:
        print(f"failed: {e}", file=sys.stderr)
        return EXIT_FAILED
    except (pywikibot.exceptions.Error, requests.RequestException, OSError, ConflictError) as e:
        print(f"failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if gw is not None:
            gw.close()
    by_action: dict[str, int] = {}
    for o in report.outcomes:
        by_action[o.action] = by_action.get(o.action, 0) + 1
    print("pages: " + (", ".join(f"{n} {a}" for a, n in sorted(by_action.items())) or "none"))
    for p in report.problems:
        print(f"problem: {p.where}: {p.message}")
    print(f"requests: {gw.counts.summary()}; edits: {gw.edits}", flush=True)
    if report.refused:
        print(
            f"failed: the wiki refused {len(report.refused)} page(s); the others were saved", file=sys.stderr
        )
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
