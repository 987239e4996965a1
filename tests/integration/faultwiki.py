"""Run the bot as an operator does (the CLI in a subprocess), but through the fault proxy.

The bot gets a throwaway pywikibot config folder whose family points at the proxy instead of
the wiki, so every request it makes can be delayed, broken or held, while the tests read and
seed the wiki directly. The wiki's database can be snapshotted after seeding and restored before
each faulted run, so every run starts from the same state and the pages it saves can be
compared with those of a clean run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import localwiki
from wikiseed import UserSpec, Wiki

from bot.render.pages import strip_updated_line
from tests.integration import botrun

ROOT = Path(__file__).resolve().parents[2]
FAMILY = "mdfault"
BOT = "MentorBot"
# The files that hold the wiki's state; the l10n cache is rebuilt on demand and left alone.
DB_FILES = ("wiki.sqlite", "wiki_jobqueue.sqlite", "wikicache.sqlite")


def write_config(folder: Path, site: str, port: int, **overrides: object) -> Path:
    """A pywikibot config folder for the bot: the project's user-config.py plus OVERRIDES,
    a family whose only host is 127.0.0.1:PORT (the proxy), and the site's BotPassword.
    """
    info = localwiki.site_info(site)
    (folder / "families").mkdir(parents=True, exist_ok=True)
    extra = "".join(f"{k} = {v!r}\n" for k, v in overrides.items())
    (folder / "user-config.py").write_text((ROOT / "user-config.py").read_text() + extra)
    (folder / "families" / f"{FAMILY}_family.py").write_text(
        "from pywikibot import family\n\n\nclass Family(family.Family):\n"
        f"    name = {FAMILY!r}\n    langs = {{{str(info['lang'])!r}: '127.0.0.1:{port}'}}\n\n"
        "    def scriptpath(self, code):\n        return ''\n\n"
        "    def protocol(self, code):\n        return 'http'\n"
    )
    pw = folder / "user-password.cfg"
    fd = os.open(pw, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(f"('{info['bot']}', BotPassword('{localwiki.BOT_APPID}', '{info['bot_password']}'))\n")
    return folder


def cli_env(config: Path) -> dict[str, str]:
    """The CLI's environment for a config folder from ``write_config``: the proxy's family, and
    pywikibot as in production (not in its test mode)."""
    env = botrun.cli_env(config, FAMILY)
    env.pop("PYWIKIBOT_TEST_RUNNING", None)
    return env


def run_cli(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """One `mentor-dashboard run` with its own state folder inside the config folder."""
    argv = args or ("run",)
    if "--state-dir" not in argv:
        argv = (*argv, "--state-dir", str(config / "state"))
    return botrun.run_cli(*argv, env=cli_env(config), timeout=timeout)


def start_cli(config: Path, *args: str) -> subprocess.Popen[str]:
    argv = (*(args or ("run",)), "--state-dir", str(config / "state"))
    return botrun.start_cli(*argv, env=cli_env(config))


# --- snapshots of the wiki -------------------------------------------------------------------


class WikiSnapshot:
    """The wiki's database files copied aside, so a test can put the wiki back between runs.

    php -S opens the SQLite files afresh for each request, so swapping them while no request
    is in flight is safe and much faster than a restart.
    """

    def __init__(self, site: str, folder: Path) -> None:
        self.data = localwiki.site_dir(site) / "data"
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        for name in DB_FILES:
            shutil.copy2(self.data / name, folder / name)

    def restore(self) -> None:
        for name in DB_FILES:
            tmp = self.data / f".{name}.restoring"
            shutil.copy2(self.folder / name, tmp)
            os.replace(tmp, self.data / name)


# --- what the bot wrote -------------------------------------------------------------------------


def bot_pages(wiki: Wiki, namespaces: Iterable[int] = (2, 4)) -> dict[str, str]:
    """Title → current text of every page in the namespaces the bot writes to."""
    return {t: text for t, (text, _) in page_states(wiki, namespaces).items()}


def page_states(wiki: Wiki, namespaces: Iterable[int] = (2, 4)) -> dict[str, tuple[str, str]]:
    """Title → (current text, protection) of every page in NAMESPACES, protection as "edit=sysop|…"."""
    out: dict[str, tuple[str, str]] = {}
    for ns in namespaces:
        params: dict[str, object] = {
            "action": "query",
            "generator": "allpages",
            "gapnamespace": ns,
            "gaplimit": "max",
            "prop": "revisions|info",
            "rvprop": "content",
            "rvslots": "main",
            "inprop": "protection",
        }
        while True:
            res = wiki.api(**params)
            for page in res.get("query", {}).get("pages", []):
                if "revisions" not in page:
                    continue  # its content comes in a later continuation
                prot = "|".join(sorted(f"{p['type']}={p['level']}" for p in page.get("protection", [])))
                out[page["title"]] = (page["revisions"][0]["slots"]["main"]["content"], prot)
            if "continue" not in res:
                break
            params.update(res["continue"])
    return out


def comparable(
    pages: Mapping[str, tuple[str, str]], ignore: Iterable[str] = ()
) -> dict[str, tuple[str, str]]:
    """Pages as the bot itself compares them: without the clock-only "last updated" line.

    The status page records durations and request counts, so it is left out.
    """
    skip = {f"User:{BOT}/Status", *ignore}
    return {t: (strip_updated_line(x), prot) for t, (x, prot) in pages.items() if t not in skip}


def assert_saves_whole(
    wiki: Wiki, titles: Iterable[str], clean: Mapping[str, tuple[str, str]], since: str, context: str = ""
) -> None:
    """Whatever the bot saved on TITLES since SINCE is whole: a rendered page holds the clean
    run's final text for it (CLEAN, as ``comparable`` gives it), and a JSON page parses."""
    for title, saved in bot_revisions_since(wiki, titles, since).items():
        for text in saved:
            if title.endswith(".json"):
                json.loads(text)
            else:
                assert strip_updated_line(text) == clean[title][0], (
                    f"{title} was saved with other text{context}"
                )


def bot_revisions_since(wiki: Wiki, titles: Iterable[str], since: str) -> dict[str, list[str]]:
    """Every text the bot saved on TITLES after timestamp SINCE (ISO 8601), oldest first.

    Protection's null revisions are not counted: they repeat the text before them.
    """
    wanted = set(titles)
    contribs: list[tuple[int, str]] = []
    params: dict[str, object] = {
        "action": "query",
        "list": "usercontribs",
        "ucuser": BOT,
        "ucstart": since,
        "ucdir": "newer",
        "ucprop": "ids|title",
        "uclimit": "max",
    }
    while True:
        res = wiki.api(**params)
        contribs += [(c["revid"], c["title"]) for c in res["query"]["usercontribs"] if c["title"] in wanted]
        if "continue" not in res:
            break
        params.update(res["continue"])
    content: dict[int, str] = {}
    for i in range(0, len(contribs), 50):
        res = wiki.api(
            action="query",
            prop="revisions",
            revids="|".join(str(r) for r, _ in contribs[i : i + 50]),
            rvprop="ids|content",
            rvslots="main",
        )
        for page in res["query"]["pages"]:
            for rev in page.get("revisions", []):
                content[rev["revid"]] = rev["slots"]["main"]["content"]
    out: dict[str, list[str]] = {t: [] for t in wanted}
    for revid, title in contribs:
        saved = out[title]
        if not saved or saved[-1] != content[revid]:
            saved.append(content[revid])
    return out


@dataclass(frozen=True)
class Timer:
    started: float

    @classmethod
    def start(cls) -> Timer:
        return cls(time.monotonic())

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


def notices(wiki: Wiki) -> dict[str, Counter[str]]:
    """Talk page → how many times each of the bot's notices is on it.

    Notices end with a signature, so their text differs from run to run; their hidden keys
    do not, and a key found twice is a duplicated notice.
    """
    out: dict[str, Counter[str]] = {}
    for title, (text, _) in page_states(wiki, (3,)).items():
        keys = Counter(NOTICE_KEY.findall(text))
        if keys:
            out[title] = keys
    return out


# --- the world every reliability test starts from ------------------------------------------------

MENTORS = ("Steady Mentor A", "Steady Mentor B", "Leaving Mentor C")
MENTEES = {
    MENTORS[0]: ("Steady Mentee 1", "Steady Mentee 2"),
    MENTORS[1]: ("Steady Mentee 3",),
    MENTORS[2]: ("Moving Mentee 1", "Moving Mentee 2", "Moving Mentee 3"),
}
NEWCOMERS = ("Steady Newcomer 1", "Steady Newcomer 2", "Steady Newcomer 3")
QUESTION = ("Steady Mentee 1", MENTORS[0], "Adding a picture", "How do I add a picture to my draft?")
# Mentor A is the only one the weighted pick can choose (B has weight 0, C quits), so which
# mentor gets each newcomer and each moved mentee does not depend on the run's random draw.
MENTOR_LIST = (
    f"* [[User:{MENTORS[0]}]]\n"
    f"{{{{Mentor list entry|user={MENTORS[1]}|weight=0|message=Only by hand, please}}}}\n"
    f"* [[User:{MENTORS[2]}]]"
)
# Notices on: each newcomer gets a welcome, each moved mentee a "your mentor changed" section.
SITE_SETTINGS = {
    "mentor_min_edits": 0,
    "mentor_min_age_days": 0,
    "welcome_message": True,
    "reassign_notice": True,
    "removal_grace_hours": 0,  # the quitting mentor's mentees move on the first run
}
NOTICE_KEY = re.compile(r"<!-- mentor-dashboard-notice (\S+) -->")


@dataclass(frozen=True)
class World:
    """A seeded wiki: what the tests compare a faulted run against."""

    wiki: Wiki
    ids: dict[str, int]


def seed_world(wiki: Wiki) -> World:
    """Every kind of write the bot makes happens on the first run over this world: three
    newcomers to assign, a quitting mentor's three mentees to move (the journal on the state
    page, then the assignment pages), dashboards, FAQ copies, the index, the unanswered list,
    the short page for the mentor who left, and the status page.
    """
    now = datetime.now(UTC)
    specs = [UserSpec(m, registered=now - timedelta(days=200)) for m in MENTORS]
    specs += [UserSpec(n, registered=now - timedelta(days=3)) for ms in MENTEES.values() for n in ms]
    specs += [UserSpec(n, registered=now - timedelta(days=1)) for n in NEWCOMERS]
    ids = wiki.create_users(specs)
    admin = wiki.admin()
    admin.edit("Project:Mentorship/Settings.json", json.dumps(SITE_SETTINGS))
    admin.edit("Project:Mentorship/Mentors", MENTOR_LIST)
    admin.edit("Project:Mentorship/FAQ", "== How do I cite a source? ==\nUse <ref>…</ref> after it.")
    botrun.seed_assignments({mentor: [ids[n] for n in mentees] for mentor, mentees in MENTEES.items()})
    wiki.session_for(MENTORS[2]).edit(
        f"User:{MENTORS[2]}/Mentor dashboard.json", json.dumps({"status": "quit"})
    )
    asker, mentor, heading, body = QUESTION
    wiki.session_for(asker).new_section(f"User talk:{mentor}", heading, body)
    return World(wiki, ids)
