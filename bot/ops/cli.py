"""mentor-dashboard: write every mentor's dashboard on a wiki.

Usage:
    mentor-dashboard run [--mentor NAME ...] [--dry-run] [--full] [--state-dir DIR] [-v]
                         [--schedule "17 * * * *"] [--install-gadget]
    mentor-dashboard serve --cron "17 * * * *" [--seconds S] [--state-dir DIR] [-v]
    mentor-dashboard toolforge-jobs --wikis enwiki,cswiki [--image IMAGE] [--venv DIR]
    mentor-dashboard gadget-definition

``run`` does one idempotent pass (cron, Toolforge jobs): by default it refreshes only the mentors
touched by what changed since the last run, and everyone on the first run of each UTC day or with
``--full``. ``serve`` repeats it on a schedule, read in UTC (weekdays by name: ``mon-fri``);
``toolforge-jobs`` prints a jobs.yaml with one job per wiki and needs no wiki; ``gadget-definition``
prints the MediaWiki:Gadgets-definition line that offers the browser workspace as a gadget.

Pywikibot's global options work as usual, e.g. ``-family:wikipedia -lang:cs -user:MentorBot``,
``-simulate`` (the same as --dry-run) and ``-dir:PATH`` (the folder holding user-config.py).
``--help`` (or ``-help``) needs neither a wiki nor a config.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from bot.ops import check  # builds its parser offline: loads no pywikibot

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_SHUTOFF, EXIT_LOCKED = 0, 1, 2, 3, 4
OFFLINE_COMMANDS = frozenset({"toolforge-jobs", "gadget-definition"})  # these never load pywikibot's config

EXIT_CODES = """\
exit codes:
  0  done: every page is as it should be (or was saved just now)
  1  the run failed: the wiki kept failing after retries, is read-only, refused a page, or a
     page changed under the bot; what was saved is whole, and the next run finishes the rest;
     or --install-gadget was asked of an account without the rights (nothing was written)
  2  bad command line or configuration: unknown option, unknown -family:/-lang:, no
     user-config.py, no account name for the wiki
  3  stopped by the shutoff page (User:<bot>/Shutoff is not empty): the bot reads it before
     its first write and writes nothing once it has seen it
  4  another run on the same wiki holds the lock (<state dir>/<family>-<code>.lock); this
     run did nothing (`run --locked-ok` exits 0 instead)"""

ENVIRONMENT = """\
environment:
  PYWIKIBOT_DIR           pywikibot's config folder: user-config.py, families/, the password
                          file (-dir:PATH does the same)
  MENTOR_DASHBOARD_STATE  the state folder (lock, run memory, caches); default: .state in the
                          config folder; --state-dir wins
  MENTOR_WIKI, MENTOR_WIKI_LANG
                          read by the clone's own user-config.py only: the local wiki's family
                          and language"""

PYWIKIBOT_OPTIONS = """\
pywikibot's global options (single dash, before or after the command):
  -family:F -lang:L (or -site:F:L)  the wiki; -user:NAME  the account;
  -simulate  the same as --dry-run; -dir:PATH  the config folder; -putthrottle:S, -maxlag:S"""

log = logging.getLogger("mentor-dashboard")

# Request parameters that are secrets. Pywikibot logs the parameters of a request that failed
# (in verbose mode), and the login request carries the BotPassword in clear.
_SECRET_PARAMS = re.compile(r"\b(lgpassword|password|lgtoken|token)=[^&\s'\"]+", re.IGNORECASE)

# Pywikibot's options are one dash and a word (``-family:cs``); ours are ``--word``, ``-h``, ``-v``.
_PYWIKIBOT_OPTION = re.compile(r"-[A-Za-z][A-Za-z0-9_]+(?::.*)?", re.DOTALL)


class _RedactedRecord(logging.LogRecord):
    """A log record whose text never shows a password or token, whichever logger wrote it."""

    def getMessage(self) -> str:  # noqa: N802 - the logging API names it
        return _SECRET_PARAMS.sub(r"\1=<hidden>", super().getMessage())


class ConfigError(Exception):
    """The configuration or the wiki options cannot be used; the message says what to fix."""


class WikiUnreachableError(Exception):
    """The wiki did not answer the first request (pywikibot's check of the wiki options)."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error raises instead of exiting, so main() returns the code."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise ConfigError(f"{self.prog}: {message}")


def _help_text(*parts: str) -> str:
    return "\n\n".join(parts)


def build_parser() -> argparse.ArgumentParser:
    """Every subcommand; building it imports nothing that needs a wiki or a config."""
    common = _help_text(EXIT_CODES, ENVIRONMENT, PYWIKIBOT_OPTIONS)
    ap = _Parser(
        prog="mentor-dashboard",
        description=__doc__,
        epilog=common,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("-v", "--verbose", action="store_true", help="log every request (secrets hidden)")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name,
            help=summary,
            description=description,
            epilog=common,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        p.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="log more")
        return p

    # The subcommands, in the order --help lists them.
    run = command(
        "run",
        "one pass over all mentors (or those named)",
        "One idempotent pass: the mentor lifecycle, then every dashboard that changed. Refreshes\n"
        "only the mentors touched since the last run, and everyone on the first run of each UTC\n"
        "day or with --full. For cron and Toolforge jobs.",
    )
    _pass_options(run)
    run.add_argument(
        "--locked-ok",
        action="store_true",
        help="exit 0, not 4, when another run holds the lock (an hourly job overlapping a long run)",
    )
    run.add_argument(
        "--schedule",
        metavar="CRON",
        help='the crontab line (UTC) that starts this run, e.g. "17 * * * *": the workspace tells '
        "mentors when the next run applies their changes; remembered for later runs",
    )
    run.add_argument(
        "--install-gadget",
        action="store_true",
        help="also install the browser workspace as a gadget (MediaWiki:Gadget-mentor-dashboard.js, "
        ".css, the description and its MediaWiki:Gadgets-definition line); needs editsitejs, "
        "editsitecss and editinterface, else the run stops before writing anything",
    )
    serve = command(
        "serve",
        "run on a schedule, in one long-lived process",
        "The same pass as `run`, on a crontab schedule read in UTC whatever the machine's time\n"
        "zone. Passes never overlap (and share the lock with `run`); SIGTERM or SIGINT lets the\n"
        "current pass finish, then exits 0.",
    )
    _pass_options(serve)
    serve.add_argument(
        "--cron", required=True, help='crontab line in UTC, weekdays by name: "17 * * * mon-fri"'
    )
    serve.add_argument("--seconds", default="0", help='seconds field, e.g. "*/5" for a test schedule')
    check.add_parser(sub)
    jobs = command(
        "toolforge-jobs",
        "print a Toolforge jobs.yaml, one job per wiki (needs no wiki)",
        "Print a jobs file for `toolforge jobs load`: one hourly `run --locked-ok` job per wiki,\n"
        "each at its own minute. Wikis are Wikimedia database names (enwiki, cswiki, metawiki,\n"
        "commonswiki, wikidatawiki, enwiktionary) or pywikibot's family:lang (wikipedia:cs).",
    )
    from bot.ops.toolforge import DEFAULT_IMAGE, DEFAULT_VENV

    jobs.add_argument("--wikis", required=True, help="comma-separated: enwiki,cswiki,wikipedia:ar,…")
    jobs.add_argument("--hour", default="*", help='hour field of every job\'s schedule (default "*")')
    jobs.add_argument("--image", default=DEFAULT_IMAGE, help=f"the jobs' image (default {DEFAULT_IMAGE})")
    jobs.add_argument(
        "--venv", default=DEFAULT_VENV, help=f"the bot's venv in the tool's home (default {DEFAULT_VENV})"
    )
    command(
        "gadget-definition",
        "print the MediaWiki:Gadgets-definition line for the workspace (needs no wiki)",
        "Print the line an interface administrator adds to MediaWiki:Gadgets-definition to offer\n"
        "the browser workspace as a gadget; `run --install-gadget` adds it (and the gadget's\n"
        "pages) itself when the bot account may edit the MediaWiki namespace's JS and CSS.",
    )
    for p in sub.choices.values():  # every subcommand's help ends with the exit codes
        if p.epilog is None:
            p.epilog = common
            p.formatter_class = argparse.RawDescriptionHelpFormatter
    return ap


def _pass_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--mentor", action="append", default=[], metavar="NAME", help="only this mentor")
    p.add_argument("--dry-run", action="store_true", help="print unified diffs, save nothing")
    p.add_argument("--full", action="store_true", help="refresh every mentor, not only what changed")
    p.add_argument("--state-dir", type=Path, help="lock and cache folder (default: .state in the config dir)")


def split_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """(ours, pywikibot's): pywikibot's global options go to pywikibot, the rest to argparse.

    Pywikibot's ``-help`` becomes our ``--help`` and its ``-verbose`` our ``-v``, so both do what
    they say without a config.
    """
    ours: list[str] = []
    theirs: list[str] = []
    for arg in argv:
        name = arg.partition(":")[0]
        if name == "-help":
            ours.append("--help")
        elif name == "-verbose":
            ours.append("-v")
        elif _PYWIKIBOT_OPTION.fullmatch(arg):
            theirs.append(arg)
        else:
            ours.append(arg)
    return ours, theirs


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    ours, pywikibot_args = split_args(args_in)
    parser = build_parser()
    try:
        args = parser.parse_args(ours)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as e:  # --help
        return EXIT_OK if not e.code else EXIT_USAGE
    if args.command is None:  # nothing asked: show what can be asked, never run a pass
        parser.print_help(sys.stderr)
        return EXIT_USAGE

    if args.command in OFFLINE_COMMANDS:
        if pywikibot_args:
            print(f"mentor-dashboard {args.command}: no wiki options: {pywikibot_args[0]}", file=sys.stderr)
            return EXIT_USAGE
        if args.command == "gadget-definition":
            return gadget_definition()
        return toolforge_jobs(args)

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    try:
        load_pywikibot([*pywikibot_args, *(["-verbose"] if args.verbose else [])])
    except ConfigError as e:
        print(f"mentor-dashboard: {e}", file=sys.stderr)
        return EXIT_USAGE
    except WikiUnreachableError as e:
        print(f"failed: the wiki did not answer or refused the options: {e}", file=sys.stderr)
        return EXIT_FAILED

    if args.command == "check":
        return check.main(args)
    from pywikibot import config

    dry_run = bool(args.dry_run or config.simulate)
    state = args.state_dir or Path(
        os.environ.get("MENTOR_DASHBOARD_STATE") or Path(config.base_dir) / ".state"
    )
    from bot.ops.schedule import ScheduleError, serve, trigger

    if args.command == "serve":
        try:
            serve(
                lambda: one_pass(args.mentor, dry_run, state, args.full, schedule=args.cron),
                args.cron,
                args.seconds,
            )
        except ScheduleError as e:
            print(f"mentor-dashboard: {e}", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_OK
    if args.schedule:
        try:
            trigger(args.schedule)
        except ScheduleError as e:
            print(f"mentor-dashboard run --schedule: {e}", file=sys.stderr)
            return EXIT_USAGE
    code = one_pass(
        args.mentor, dry_run, state, args.full, schedule=args.schedule, install_gadget=args.install_gadget
    )
    return EXIT_OK if code == EXIT_LOCKED and args.locked_ok else code


def gadget_definition() -> int:
    from bot.core.settings import Settings
    from bot.parse.gadgets_definition import definition_line

    print(definition_line(Settings().gadget_name))
    return EXIT_OK


def toolforge_jobs(args: argparse.Namespace) -> int:
    from bot.ops.toolforge import jobs_yaml

    try:
        wikis = [w for w in args.wikis.split(",") if w.strip()]
        print(jobs_yaml(wikis, hour=args.hour, image=args.image, venv=args.venv), end="")
    except ValueError as e:
        print(f"mentor-dashboard toolforge-jobs: {e}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def load_pywikibot(pywikibot_args: list[str]) -> None:
    """Read user-config.py and apply pywikibot's global options; ConfigError says what is wrong.

    Pywikibot checks the wiki options by making the site, which asks the wiki who the account is:
    a wiki that does not answer raises here, as it would on the first request of the pass.
    """
    logging.setLogRecordFactory(_RedactedRecord)  # before pywikibot logs anything
    import pywikibot
    import requests
    from pywikibot import config

    user_config = Path(config.base_dir) / "user-config.py"
    if not user_config.is_file() and not os.environ.get("PYWIKIBOT_NO_USER_CONFIG"):
        raise ConfigError(
            f"no user-config.py in {config.base_dir}: point PYWIKIBOT_DIR (or -dir:PATH) at the "
            "folder holding it"
        )
    unknown = [a for a in pywikibot_args if not _is_global_option(a.partition(":")[0], config)]
    if unknown:  # found before pywikibot connects to check the others
        raise ConfigError(f"unknown option {unknown[0]!r}; see mentor-dashboard --help")
    try:
        # With no arguments handle_args reads sys.argv instead; a bare -dir it skips unread.
        rest = pywikibot.handle_args(pywikibot_args or ["-dir"], do_help=False)
    except SystemExit as e:  # pywikibot has printed which family or code it does not know
        raise ConfigError(
            f"the wiki options are not usable ({' '.join(pywikibot_args) or 'user-config.py'}); see the "
            "error above: a -family: needs a family file (user_families_paths), a -lang: a code of it"
        ) from e
    except pywikibot.exceptions.NoUsernameError as e:
        raise ConfigError(f"no account for this wiki: {e}") from e
    except (pywikibot.exceptions.Error, requests.RequestException, OSError) as e:
        raise WikiUnreachableError(f"{type(e).__name__}: {e}") from e
    if rest:
        raise ConfigError(f"unknown option {rest[0]!r}; see mentor-dashboard --help")


# Pywikibot's global options (pywikibot.bot.handle_args), besides ``-help`` and ``-verbose``,
# which split_args hands to argparse; handle_args also takes any numeric config variable.
GLOBAL_OPTIONS = frozenset(
    {
        "-config", "-dir", "-site", "-family", "-code", "-lang", "-user", "-putthrottle", "-pt",
        "-log", "-nolog", "-cosmeticchanges", "-cc", "-simulate", "-debug", "-verbose", "-v",
        "-daemonize", "-maxlag",
    }
)  # fmt: skip


def _is_global_option(name: str, config: object) -> bool:
    value = getattr(config, name[1:], None)
    return name in GLOBAL_OPTIONS or (isinstance(value, int) and not isinstance(value, bool))


def one_pass(
    mentors: list[str],
    dry_run: bool,
    state_dir: Path,
    full: bool = False,
    *,
    schedule: str | None = None,
    install_gadget: bool = False,
) -> int:
    """One locked pass; prints what it did and returns the exit code. SCHEDULE: the crontab
    line the bot runs on, when known; INSTALL_GADGET: also install the workspace as a gadget."""
    import pywikibot
    import requests

    from bot.core.settings import Settings
    from bot.gateway import Gateway
    from bot.ops.lock import LockedError, run_lock
    from bot.ops.memory import RunMemory
    from bot.publish.funnel import ConflictError
    from bot.publish.gadget import GadgetInstallError
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
                mode = RunMode.of(full=full, dry_run=dry_run, mentors=mentors, install_gadget=install_gadget)
                report = run_pass(
                    gw,
                    Settings(),
                    Messages.load(site.lang),
                    mode,
                    memory=memory,
                    cache_dir=state_dir,
                    schedule=schedule,
                )
            finally:
                memory.close()
    except LockedError as e:
        print(f"skipped: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except ShutoffError as e:
        edits = gw.edits if gw is not None else 0
        before = f" ({edits} edits were saved before it was seen)" if edits else ""
        print(f"stopped: {e}{before}", file=sys.stderr)
        return EXIT_SHUTOFF
    except pywikibot.exceptions.NoUsernameError as e:
        print(f"mentor-dashboard: no account for this wiki: {e}", file=sys.stderr)
        return EXIT_USAGE
    except (ReadOnlyError, GadgetInstallError) as e:
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
        print(f"problem: {p}")
    print(check.pace_from_config().describe())
    print(f"requests: {gw.counts.summary()}; edits: {gw.edits}", flush=True)
    if report.refused:
        print(
            f"failed: the wiki refused {len(report.refused)} page(s); the others were saved", file=sys.stderr
        )
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
