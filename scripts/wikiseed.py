#!/usr/bin/env python3
"""Seed a local test wiki (scripts/localwiki.py) with users, history, reverts, blocks and thanks.

This is test and demo infrastructure, deliberately separate from the bot: it talks to the wiki
through plain ``requests`` for live actions (so MediaWiki itself signs, tags and counts them),
and through maintenance scripts in ``scripts/php`` for what the API cannot do quickly or at all
(thousands of accounts, backdated registrations and edits, change tags on old edits, thanks).

    wiki = Wiki("demo")
    wiki.create_users([UserSpec("Alice", registered=datetime(2024, 1, 1, tzinfo=UTC))])
    alice = wiki.session_for("Alice")
    alice.new_section("User talk:Mentor", "Help", "How do I add a picture?")
    wiki.import_edits([ImportedEdit("Sandbox", "Alice", some_time, "text")])

    python3 scripts/wikiseed.py bench SITE     # time the bulk paths on this machine
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import localwiki

PHP_DIR = Path(__file__).resolve().parent / "php"
DEFAULT_PASSWORD = "Seed-pass-123!"
TIMEOUT = (5.0, 120.0)  # connect, read: php -S answers fast, but parses can be slow on 2 cores
RC_MAX_AGE = timedelta(days=90)  # MediaWiki's default $wgRCMaxAge, which localwiki.py keeps
USER_AGENT = "mentor-dashboard-wikiseed/1 (local test wiki seeding)"

JsonDict = dict[str, Any]


class SeedError(RuntimeError):
    """Anything that stops seeding; the message says what the wiki or the script answered."""


class ApiError(SeedError):
    """The API refused a request; keep code and info so tests can assert on them."""

    def __init__(self, code: str, info: str, action: str) -> None:
        super().__init__(f"API {action}: {code}: {info}")
        self.code = code
        self.info = info
        self.action = action


@dataclass(frozen=True)
class UserSpec:
    name: str
    registered: datetime | None = None  # None: now
    password: str = DEFAULT_PASSWORD
    groups: tuple[str, ...] = ()
    editcount: int | None = None  # sets the counter only (no revisions): mentor eligibility


@dataclass(frozen=True)
class ImportedEdit:
    """One backdated revision; ``user`` must exist already (or be an IP address)."""

    title: str
    user: str
    timestamp: datetime
    text: str
    summary: str = ""
    minor: bool = False
    tags: tuple[str, ...] = ()  # e.g. ("mw-reverted",): import itself drops all tags


@dataclass(frozen=True)
class Thank:
    thanker: str
    recipient: str
    timestamp: datetime | None = None  # None: now


def _aware(when: datetime) -> datetime:
    return when.astimezone(UTC) if when.tzinfo is not None else when.replace(tzinfo=UTC)


def mw_timestamp(when: datetime | None) -> str | None:
    """MediaWiki's 14-digit UTC form; naive datetimes are taken as UTC, as the wiki runs in UTC."""
    return None if when is None else _aware(when).strftime("%Y%m%d%H%M%S")


def iso_timestamp(when: datetime) -> str:
    return _aware(when).strftime("%Y-%m-%dT%H:%M:%SZ")


class UserSession:
    """One cookie jar on the wiki: a logged-in user, or logged out (a temporary account on 1.43)."""

    def __init__(self, wiki: Wiki, name: str | None) -> None:
        self.wiki = wiki
        self.name = name
        self.http = requests.Session()
        self.http.headers["User-Agent"] = USER_AGENT
        self._tokens: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"<UserSession {self.name or 'anonymous'} on {self.wiki.name}>"

    # --- plumbing ----------------------------------------------------------------------------

    def _call(self, method: str, params: Mapping[str, object]) -> JsonDict:
        data: dict[str, str] = {"format": "json", "formatversion": "2", "errorformat": "plaintext"}
        for key, value in params.items():
            if value is None or value is False:
                continue
            data[key] = "1" if value is True else str(value)
        action = data.get("action", "?")
        try:
            if method == "GET":
                resp = self.http.get(self.wiki.api_url, params=data, timeout=TIMEOUT)
            else:
                resp = self.http.post(self.wiki.api_url, data=data, timeout=TIMEOUT)
            resp.raise_for_status()
            result: JsonDict = resp.json()
        except (requests.RequestException, ValueError) as exc:
            raise SeedError(f"API {action} on {self.wiki.api_url} failed: {exc}") from exc
        errors = result.get("errors")
        if errors:
            first = errors[0]
            raise ApiError(str(first.get("code")), str(first.get("text", first.get("*", ""))), action)
        if "error" in result:  # errorformat=bc, kept for safety
            err = result["error"]
            raise ApiError(str(err.get("code")), str(err.get("info")), action)
        return result

    def get(self, **params: object) -> JsonDict:
        return self._call("GET", params)

    def post(self, **params: object) -> JsonDict:
        return self._call("POST", params)

    def token(self, kind: str = "csrf") -> str:
        if kind not in self._tokens:
            got = self.get(action="query", meta="tokens", type=kind)
            self._tokens[kind] = str(got["query"]["tokens"][f"{kind}token"])
        return self._tokens[kind]

    def login(self, password: str) -> None:
        """clientlogin with the main password: what a human does, so no bot-password grants apply."""
        if self.name is None:
            raise SeedError("a logged-out session has no account to log in to")
        res = self.post(
            action="clientlogin",
            username=self.name,
            password=password,
            loginreturnurl=self.wiki.base_url + "/",
            logintoken=self.token("login"),
        )
        status = res["clientlogin"]
        if status.get("status") != "PASS":
            raise ApiError(str(status.get("messagecode", status.get("status"))), str(status), "clientlogin")
        self._tokens.clear()

    def whoami(self) -> str:
        """The account behind the session; on 1.43 a logged-out session becomes ~YYYY-N after an edit."""
        info = self.get(action="query", meta="userinfo")["query"]["userinfo"]
        return str(info["name"])

    # --- edits -------------------------------------------------------------------------------

    def _save(self, title: str, **params: object) -> int:
        res = self.post(action="edit", title=title, token=self.token(), **params)
        edit = res["edit"]
        if edit.get("result") != "Success":
            raise ApiError(str(edit.get("result")), json.dumps(edit), "edit")
        if edit.get("tempusercreated"):
            # The session now belongs to a new temporary account: its tokens are different.
            self._tokens.clear()
            self.name = self.whoami()
        if "newrevid" in edit:
            return int(edit["newrevid"])
        return self.wiki.last_revid(title)  # nochange: the page already had this text

    def edit(
        self,
        title: str,
        text: str,
        summary: str = "",
        section: int | str | None = None,
        sectiontitle: str | None = None,
        minor: bool = False,
    ) -> int:
        return self._save(
            title, text=text, summary=summary, section=section, sectiontitle=sectiontitle, minor=minor
        )

    def new_section(self, title: str, sectiontitle: str, text: str, summary: str | None = None) -> int:
        """A level-2 section whose body ends with ``~~~~``, so MediaWiki writes the real signature."""
        return self._save(
            title,
            section="new",
            sectiontitle=sectiontitle,
            text=f"{text} ~~~~",
            summary=summary,
        )

    def reply(self, title: str, section: int | str, text: str, indent: str = ":") -> int:
        """Append a signed comment to an existing section, found by index or by heading text."""
        index = section if isinstance(section, int) else self.wiki.section_index(title, section)
        return self._save(
            title,
            section=index,
            appendtext=f"\n{indent}{text} ~~~~",
            summary=f"Reply ({index})",
            nocreate=True,
        )

    def undo(self, title: str, revid: int, summary: str | None = None) -> int:
        return self._save(title, undo=revid, summary=summary)

    def rollback(self, title: str, user: str, summary: str | None = None) -> int:
        res = self.post(
            action="rollback", title=title, user=user, summary=summary, token=self.token("rollback")
        )
        return int(res["rollback"]["revid"])

    def block(self, user: str, expiry: str = "1 week", reason: str = "") -> int:
        """Sitewide block (reblock if already blocked); needs a sysop session such as Wiki.admin()."""
        res = self.post(
            action="block", user=user, expiry=expiry, reason=reason, reblock=True, token=self.token()
        )
        return int(res["block"]["id"])

    def unblock(self, user: str, reason: str = "") -> None:
        self.post(action="unblock", user=user, reason=reason, token=self.token())


@dataclass
class Wiki:
    """One local wiki from ``.wiki/sites/NAME/site.json``; the server must be running for API calls."""

    name: str
    info: dict[str, object] = field(init=False)
    _sessions: dict[str, UserSession] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.info = localwiki.site_info(self.name)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.info['port']}"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api.php"

    @property
    def mw_version(self) -> str:
        return str(self.info["mw"])

    # --- sessions ----------------------------------------------------------------------------

    def session_for(self, user: str, password: str = DEFAULT_PASSWORD) -> UserSession:
        if user not in self._sessions:
            session = UserSession(self, user)
            session.login(password)
            self._sessions[user] = session
        return self._sessions[user]

    def admin(self) -> UserSession:
        return self.session_for(str(self.info["admin"]), str(self.info["admin_password"]))

    def anonymous(self) -> UserSession:
        """A fresh logged-out session each time: on 1.43 its first edit creates a new temporary account."""
        return UserSession(self, None)

    def api(self, **params: object) -> JsonDict:
        """A read through the admin session (apihighlimits: 500 names per list=users call)."""
        return self.admin().get(**params)

    def last_revid(self, title: str) -> int:
        pages = self.api(action="query", prop="info", titles=title)["query"]["pages"]
        return int(pages[0].get("lastrevid", 0))

    def section_index(self, title: str, heading: str) -> int:
        sections = self.api(action="parse", page=title, prop="sections")["parse"]["sections"]
        for sec in sections:
            if heading in (sec.get("line"), sec.get("anchor")):
                return int(sec["index"])
        raise SeedError(f"no section {heading!r} on {title}")

    # --- maintenance scripts -----------------------------------------------------------------

    def maint(self, script: str, *args: str, input: str | None = None) -> str:
        """Run a core maintenance script, or one of ours from scripts/php by file name."""
        path = PHP_DIR / script
        target = str(path) if path.exists() else script
        try:
            return localwiki.maint(self.info, target, *args, input=input, timeout=1800)
        except RuntimeError as exc:
            raise SeedError(str(exc)) from exc

    def _php_json(self, script: str, records: Iterable[Mapping[str, object]], *args: str) -> JsonDict:
        """Feed records as JSON lines to one of our scripts and read its one-line JSON answer."""
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        out = self.maint(script, *args, input=lines)
        try:
            return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]
        except (ValueError, IndexError) as exc:
            raise SeedError(f"{script} printed no JSON: {out!r}") from exc

    def create_users(self, specs: Sequence[UserSpec], log: bool = True) -> dict[str, int]:
        """Create accounts (existing names are skipped) and return every name's user id.

        ``log`` also writes the newusers/create log entry at the registration time, which is
        where the bot learns about new accounts.
        """
        if not specs:
            return {}
        records = [
            {
                "name": s.name,
                "password": s.password,
                "registration": mw_timestamp(s.registered),
                "groups": list(s.groups),
                **({"editcount": s.editcount} if s.editcount is not None else {}),
            }
            for s in specs
        ]
        result = self._php_json("createUsers.php", records, *([] if log else ["--no-log"]))
        return {str(k): int(v) for k, v in result["ids"].items()}

    def add_thanks(self, thanks: Iterable[Thank | tuple[str, str, datetime | None]]) -> list[int]:
        """Thanks log entries (the Thanks extension cannot be installed); returns their log ids."""
        records = []
        for t in thanks:
            thank = t if isinstance(t, Thank) else Thank(*t)
            records.append(
                {
                    "thanker": thank.thanker,
                    "recipient": thank.recipient,
                    "timestamp": mw_timestamp(thank.timestamp),
                }
            )
        if not records:
            return []
        return [int(i) for i in self._php_json("addThanks.php", records)["logids"]]

    def add_tags(self, revids: Mapping[int, Sequence[str]]) -> None:
        """Tag existing revisions, e.g. mark an old edit mw-reverted without running a revert."""
        if revids:
            self._php_json("addTags.php", [{"revid": r, "tags": list(t)} for r, t in revids.items()])

    def run_jobs(self) -> None:
        """The API never runs jobs here ($wgJobRunRate = 0); mw-reverted is set by a job."""
        self.maint("runJobs", "--memory-limit=512M")

    def import_edits(self, edits: Sequence[ImportedEdit], refresh_links: bool = False) -> int:
        """Load backdated revisions through an XML dump, then rebuild the derived tables.

        importDump --no-updates skips link tables, so templates and categories in imported
        text are invisible to embeddedin/categorymembers unless ``refresh_links`` is set.
        Edit counts are recomputed from the revision table for every user (initEditCount).
        Returns the number of revisions in the dump.
        """
        if not edits:
            return 0
        self._check_users({e.user for e in edits})
        with tempfile.NamedTemporaryFile("w", suffix=".xml", encoding="utf-8", delete=False) as f:
            f.write(export_xml(edits))
            dump = f.name
        try:
            self.maint("importDump", "--no-updates", "--quiet", dump)
        finally:
            Path(dump).unlink(missing_ok=True)
        self._rebuild_recentchanges(min(e.timestamp for e in edits), max(e.timestamp for e in edits))
        self.maint("initEditCount")
        self.maint("initSiteStats", "--update")
        if refresh_links:
            self.maint("refreshLinks")
        tagged = [
            {"title": e.title, "timestamp": mw_timestamp(e.timestamp), "tags": list(e.tags)} for e in edits
        ]
        tagged = [t for t in tagged if t["tags"]]
        if tagged:
            self._php_json("addTags.php", tagged)
        return len(edits)

    def _rebuild_recentchanges(self, first: datetime, last: datetime) -> None:
        """Rebuild only the imported window, and only its part younger than $wgRCMaxAge.

        A full rebuild re-derives every row from the revision table ordered by timestamp, so
        live edits saved within the same second come back with the wrong type and old_revid.
        """
        now = datetime.now(UTC)
        start = max(_aware(first) - timedelta(seconds=1), now - RC_MAX_AGE)
        end = _aware(last) + timedelta(seconds=1)
        if end > start:
            self.maint("rebuildrecentchanges", f"--from={mw_timestamp(start)}", f"--to={mw_timestamp(end)}")

    def _check_users(self, names: set[str]) -> None:
        """The importer silently credits unknown names to "imported>Name": refuse that up front."""
        accounts = sorted(n for n in names if not _is_ip(n))
        missing: list[str] = []
        for i in range(0, len(accounts), 500):
            res = self.api(action="query", list="users", ususers="|".join(accounts[i : i + 500]))
            missing += [u["name"] for u in res["query"]["users"] if u.get("missing") or u.get("invalid")]
        if missing:
            raise SeedError(f"import_edits: no such users: {', '.join(missing[:20])}")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


def export_xml(edits: Iterable[ImportedEdit]) -> str:
    """A MediaWiki export dump, schema 0.11 (read by both 1.39 and 1.43), pages in first-seen order.

    No <siteinfo> and no <ns>: the importer then parses titles with the local namespaces.
    """
    pages: dict[str, list[ImportedEdit]] = {}
    for e in edits:
        pages.setdefault(e.title, []).append(e)
    out = ['<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n']
    for title, revs in pages.items():
        out.append(f"  <page>\n    <title>{escape(title)}</title>\n")
        for e in sorted(revs, key=lambda r: iso_timestamp(r.timestamp)):
            who = f"<ip>{escape(e.user)}</ip>" if _is_ip(e.user) else f"<username>{escape(e.user)}</username>"
            out.append(
                "    <revision>\n"
                f"      <timestamp>{iso_timestamp(e.timestamp)}</timestamp>\n"
                f"      <contributor>{who}</contributor>\n"
                + ("      <minor/>\n" if e.minor else "")
                + f"      <comment>{escape(e.summary)}</comment>\n"
                "      <model>wikitext</model>\n      <format>text/x-wiki</format>\n"
                f'      <text xml:space="preserve">{escape(e.text)}</text>\n'
                "    </revision>\n"
            )
        out.append("  </page>\n")
    out.append("</mediawiki>\n")
    return "".join(out)


# --- measurements ------------------------------------------------------------------------------


def bench(site: str) -> dict[str, float]:
    """Time the bulk paths on this machine; creates users Bench0…Bench999 and pages Bench/N."""
    wiki = Wiki(site)
    stamp = int(time.time())
    t0 = time.perf_counter()
    reg = datetime(2024, 1, 1, tzinfo=UTC)
    names = [f"Bench{stamp} {i}" for i in range(1000)]
    wiki.create_users([UserSpec(n, registered=reg) for n in names])
    t1 = time.perf_counter()
    edits = [
        ImportedEdit(f"Bench {stamp}/{i % 500}", names[i % 1000], reg + timedelta(minutes=i), f"rev {i}")
        for i in range(5000)
    ]
    wiki.import_edits(edits)
    t2 = time.perf_counter()
    session = wiki.session_for(names[0])
    t3 = time.perf_counter()
    session.new_section(f"User talk:{names[1]}", "Question", "How do I cite?")
    t4 = time.perf_counter()
    return {
        "create_1000_users_s": round(t1 - t0, 2),
        "import_5000_revisions_s": round(t2 - t1, 2),
        "login_s": round(t3 - t2, 3),
        "new_section_s": round(t4 - t3, 3),
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["bench"])
    ap.add_argument("site")
    a = ap.parse_args(argv)
    if a.command == "bench":
        print(json.dumps(bench(a.site), indent=2))


if __name__ == "__main__":
    main()
