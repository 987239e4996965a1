"""A talk-page corpus written on a real local wiki, with the truth recorded as it is posted.

The parser's tests need signatures as MediaWiki writes them, in every language and zone, not as
anyone here imagines them. So each comment is posted by its own user through the API with
``~~~~`` (or ``~~~``, or ``{{unsigned|…|~~~~~}}``), and MediaWiki expands it: the user's custom
signature, the wiki's date format, month names, digits and zone label are all MediaWiki's.
The posting clock is set per request (the ``X-Mdtest-Clock`` header that
``localwiki.create_talk_wiki`` wires to ``ConvertibleTimestamp::setFakeTime``), so a thread can
straddle a daylight-saving switch or local midnight.

What was posted is kept as :class:`Posted` records: author, UTC minute, the level-2 thread it
went into, and a token unique to its text. Where a comment ended up on the page is read back
from the final text by that token, so the expected page order is the page's, not the script's.

The thread shapes (:func:`write_corpus`) are the ones people write: replies out of time order,
outdents, two signatures on one line, level-3 subsections, ``{{unsigned}}``, ``~~~`` without a
date, signatures quoted inside ``<nowiki>``, ``<pre>``, comments, ``<syntaxhighlight>`` and
``<source>``, GrowthExperiments' "Question from [[User:X]]" headings, and headings holding links
and templates.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import localwiki
from pywikibot import config as pwb_config
from wikiseed import UserSession, UserSpec, Wiki


@dataclass(frozen=True)
class WikiSpec:
    """One corpus wiki: its language, its local zone and whether digits are localised."""

    lang: str
    zone: str
    numerals: bool = False

    @property
    def name(self) -> str:
        return f"mdtalk{self.lang}"


# One wiki per language; the zones between them cover every kind of label MediaWiki signs with:
# letters with daylight saving (America/New_York, Europe/*, Asia/Jerusalem), letters without
# (Europe/Moscow, Asia/Tokyo), the numeric labels of zones the tz database names no
# abbreviation for (+03, -03, +0330, +0530, +0545), and a label the language translates
# (Bengali's "timezone-utc"). Asia/Kolkata is not here: it signs with letters (IST), and
# Asia/Colombo gives the numeric +0530.
WIKIS: tuple[WikiSpec, ...] = (
    WikiSpec("en", "America/New_York"),
    WikiSpec("cs", "Europe/Prague"),
    WikiSpec("fr", "Europe/Paris"),
    WikiSpec("de", "Europe/Berlin"),
    WikiSpec("ar", "Asia/Riyadh", numerals=True),
    WikiSpec("es", "America/Sao_Paulo"),
    WikiSpec("ru", "Europe/Moscow"),
    WikiSpec("ja", "Asia/Tokyo"),
    WikiSpec("fa", "Asia/Tehran", numerals=True),
    WikiSpec("he", "Asia/Jerusalem"),
    WikiSpec("hi", "Asia/Colombo", numerals=True),
    WikiSpec("ne", "Asia/Kathmandu", numerals=True),
    WikiSpec("bn", "UTC", numerals=True),
)

MENTOR = "Mentor Mila"
ASKER = "Ada Ünal"  # default signature
ASKER2 = "Bea Braun"  # a custom signature with markup (fancysig)
HELPER = "Helper Hal"  # a custom signature linking the talk page only
NICK = "Nico Nick"  # a plain nickname (no fancysig)
PATROLLER = "Pat Roller"  # adds {{unsigned}}; never a comment author
USERS = (MENTOR, ASKER, ASKER2, HELPER, NICK, PATROLLER)
MENTEES = (ASKER, ASKER2)
TALK = f"User talk:{MENTOR}"

SIGNATURES = {
    ASKER2: (
        f"[[User:{ASKER2}|<span style=\"color:#060\">'''Bea'''</span>]] ([[User talk:{ASKER2}|✉]])",
        True,
    ),
    HELPER: (f"[[User talk:{HELPER}|Hal, at your service]]", True),
    NICK: ("Nicky", False),
}

TEMPLATES = {
    # Renders a signature, as every wiki's {{unsigned}} does, so DiscussionTools sees one too.
    "Template:Unsigned": "<small>— unsigned comment by [[User:{{{1}}}|{{{1}}}]] ([[User talk:{{{1}}}|talk]]) "
    "{{{2|}}}</small><noinclude>A comment someone did not sign.</noinclude>",
    "Template:Od": "<span>↳</span><noinclude>An outdent.</noinclude>",
    "Template:Tl": "&#123;&#123;[[Template:{{{1}}}|{{{1}}}]]&#125;&#125;",
}


@dataclass(frozen=True)
class Posted:
    """One signed comment as posted: the truth a parser's reading is checked against."""

    token: str  # a word only this comment's text holds
    author: str
    minute: datetime  # UTC, as MediaWiki's clock stood when it signed
    thread: int  # 1-based position among the page's level-2 sections


@dataclass
class Corpus:
    """A corpus page on one wiki, and everything posted to it."""

    spec: WikiSpec
    wiki: Wiki
    title: str = TALK
    posted: list[Posted] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # level-2 headings' wikitext, in page order
    user_ids: dict[str, int] = field(default_factory=dict)
    _serial: int = 0

    # --- what the page holds now --------------------------------------------------------------

    def text(self) -> str:
        pages = self.wiki.api(
            action="query", prop="revisions", titles=self.title, rvprop="content", rvslots="main"
        )
        page = pages["query"]["pages"][0]
        if page.get("missing"):
            return ""
        return str(page["revisions"][0]["slots"]["main"]["content"])

    def in_page_order(self, text: str | None = None) -> list[Posted]:
        """What was posted, in the order it stands on the page (line, then place on the line)."""
        lines = (self.text() if text is None else text).split("\n")

        def place(p: Posted) -> tuple[int, int]:
            for number, line in enumerate(lines):
                if p.token in line:
                    return number, line.index(p.token)
            raise AssertionError(f"{p.token} is not on the page")

        return sorted(self.posted, key=place)

    # --- posting ------------------------------------------------------------------------------

    def token(self) -> str:
        self._serial += 1
        return f"t{self._serial:03d}x"

    def save(self, user: str, when: datetime, text: str, summary: str) -> None:
        """Save TEXT as USER with MediaWiki's clock at WHEN, so every new ``~~~~`` is signed then."""
        session = self.wiki.session_for(user)
        with clock(session, when):
            session.edit(self.title, text, summary=summary)

    def new_thread(self, user: str, when: datetime, heading: str, body: str) -> int:
        """A new level-2 section at the bottom, opened by a signed comment; returns its number."""
        token = self.token()
        old = self.text()
        sep = "\n\n" if old else ""
        self.save(user, when, f"{old}{sep}== {heading} ==\n{body} {token} ~~~~", "new thread")
        self.headings.append(heading)
        self.posted.append(Posted(token, user, minute(when), len(self.headings)))
        return len(self.headings)

    def reply(
        self,
        user: str,
        when: datetime,
        thread: int,
        body: str,
        *,
        indent: str = ":",
        below: str | None = None,
        sign: str = "~~~~",
    ) -> str:
        """A reply at the end of THREAD, or right below the line holding token BELOW.

        SIGN ``~~~`` writes a signature without a date: not a comment, so not recorded.
        Returns the reply's token.
        """
        token = self.token()
        lines = self.text().split("\n")
        at = _line_of(lines, below) + 1 if below else _thread_end(lines, thread)
        lines.insert(at, f"{indent}{body} {token} {sign}")
        self.save(user, when, "\n".join(lines), "reply")
        if sign == "~~~~":
            self.posted.append(Posted(token, user, minute(when), thread))
        return token

    def sign_on_line(self, user: str, when: datetime, thread: int, of: str, body: str) -> str:
        """USER signs at the end of the line holding token OF: two signatures on one line."""
        token = self.token()
        lines = self.text().split("\n")
        at = _line_of(lines, of)
        lines[at] += f" {body} {token} ~~~~"
        self.save(user, when, "\n".join(lines), "me too")
        self.posted.append(Posted(token, user, minute(when), thread))
        return token

    def unsigned(self, user: str, when: datetime, thread: int, body: str) -> str:
        """USER posts without signing; a patroller adds ``{{unsigned}}`` with the date of that edit.

        ``~~~~~`` makes MediaWiki write the date, so it is in the wiki's own format.
        """
        token = self.token()
        lines = self.text().split("\n")
        at = _thread_end(lines, thread)
        lines.insert(at, f":{body} {token}")
        self.save(user, when, "\n".join(lines), "unsigned reply")
        lines = self.text().split("\n")
        lines[at] += f" {{{{unsigned|{user}|~~~~~}}}}"
        self.save(PATROLLER, when, "\n".join(lines), "unsigned")
        self.posted.append(Posted(token, user, minute(when), thread))
        return token

    def signature_of(self, token: str) -> str:
        """The signature MediaWiki wrote after token TOKEN, to quote as a fake one."""
        lines = self.text().split("\n")
        return lines[_line_of(lines, token)].split(token, 1)[1].strip()


def minute(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(second=0, microsecond=0)


@contextmanager
def clock(session: UserSession, when: datetime) -> Iterator[None]:
    """Requests of SESSION inside the block run with MediaWiki's clock at WHEN."""
    session.http.headers[localwiki.CLOCK_HEADER] = str(int(when.timestamp()))
    try:
        yield
    finally:
        del session.http.headers[localwiki.CLOCK_HEADER]


_LEVEL2 = re.compile(r"^==[^=].*[^=]==\s*$")


def _line_of(lines: Sequence[str], token: str) -> int:
    for number, line in enumerate(lines):
        if token in line:
            return number
    raise AssertionError(f"{token} is not on the page")


def _thread_end(lines: Sequence[str], thread: int) -> int:
    """The line index where THREAD (1-based) ends: the next level-2 heading, or the end."""
    seen = 0
    for number, line in enumerate(lines):
        if _LEVEL2.match(line):
            seen += 1
            if seen == thread + 1:
                end = number
                while end > 0 and not lines[end - 1].strip():
                    end -= 1
                return end
    return len(lines)


# --- the wiki and its users ---------------------------------------------------------------------


class Pipeline:
    """Fresh corpus wikis, one per spec, the next one written while the current one is read.

    Writing a corpus is mostly waiting for MediaWiki, so on two cores the next wiki is set up
    and posted to in a worker thread while the tests read the current one. Creating a wiki
    rewrites pywikibot's password file, so :attr:`lock` keeps that apart from a login.
    """

    def __init__(self, specs: Sequence[WikiSpec], version: str, discussiontools: bool) -> None:
        self.specs = list(specs)
        self.version = version
        self.discussiontools = discussiontools
        self.lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._built: dict[str, Future[Corpus]] = {}

    def corpus(self, spec: WikiSpec) -> Corpus:
        """SPEC's wiki with its corpus written and the server up; the next one is started."""
        self._submit(spec)
        if spec in self.specs and self.specs.index(spec) + 1 < len(self.specs):
            self._submit(self.specs[self.specs.index(spec) + 1])
        return self._built[spec.name].result()

    def _submit(self, spec: WikiSpec) -> None:
        if spec.name not in self._built:
            self._built[spec.name] = self._pool.submit(self._build, spec)

    def _build(self, spec: WikiSpec) -> Corpus:
        with self.lock:
            localwiki.create_talk_wiki(
                spec.name,
                self.version,
                spec.lang,
                zone=spec.zone,
                numerals=spec.numerals,
                discussiontools=self.discussiontools,
            )
        localwiki.start(spec.name)
        pwb_config.family_files[spec.name] = str(localwiki.FAMILIES / f"{spec.name}_family.py")
        return write_corpus(spec, Wiki(spec.name))

    def done(self, spec: WikiSpec) -> None:
        localwiki.stop(spec.name, quiet=True)

    def close(self) -> None:
        """Wait for the worker and stop every server it started."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        for name in self._built:
            localwiki.stop(name, quiet=True)


def prepare(wiki: Wiki) -> dict[str, int]:
    """The corpus's users with their signatures, and the templates its threads use."""
    ids = wiki.create_users([UserSpec(name) for name in USERS])
    for user, (signature, fancy) in SIGNATURES.items():
        session = wiki.session_for(user)
        session.post(action="options", optionname="nickname", optionvalue=signature, token=session.token())
        if fancy:
            session.post(action="options", optionname="fancysig", optionvalue="1", token=session.token())
    admin = wiki.admin()
    for title, text in TEMPLATES.items():
        admin.edit(title, text, summary="corpus template")
    return ids


# --- the moments that matter in a zone ------------------------------------------------------------


def local_midnight(zone: str, day: datetime) -> datetime:
    """The UTC moment the wiki's local date turns to DAY's date."""
    local = datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def transitions(zone: str, year: int) -> list[datetime]:
    """The UTC moments in YEAR when ZONE's offset changes (daylight saving on and off)."""
    tz = ZoneInfo(zone)
    found: list[datetime] = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    step = timedelta(hours=1)
    offset = moment.astimezone(tz).utcoffset()
    while moment.year == year:
        nxt = moment + step
        now = nxt.astimezone(tz).utcoffset()
        if now != offset:
            found.append(nxt)
            offset = now
        moment = nxt
    return found


# --- the corpus -----------------------------------------------------------------------------------


def write_corpus(spec: WikiSpec, wiki: Wiki) -> Corpus:
    """Post every thread shape on the mentor's talk page of WIKI, recording what was posted."""
    corpus = Corpus(spec, wiki, user_ids=prepare(wiki))
    base = datetime(2026, 11, 2, 9, 7, tzinfo=UTC)
    hour = timedelta(hours=1)
    mins = timedelta(minutes=1)

    # 1. A later reply inserted right under the question, above an earlier one.
    t = corpus.new_thread(ASKER, base, "How do I add a picture?", "I tried the upload page.")
    q = corpus.posted[-1].token
    corpus.reply(MENTOR, base + 40 * mins, t, "Use the upload wizard.")
    corpus.reply(HELPER, base + 90 * mins, t, "Or ask at the help desk.", below=q)

    # 2. A helper first, the mentor later with an outdent; a second signature on a reply's line.
    when = base + 26 * hour
    t = corpus.new_thread(
        ASKER2, when, "Help with [[Help:Links|links]] and {{tl|cite web}}", "My link is red."
    )
    first = corpus.reply(HELPER, when + 5 * mins, t, "Check the spelling.")
    corpus.reply(ASKER2, when + 20 * mins, t, "It is spelt right.", indent="::")
    corpus.reply(MENTOR, when + 3 * hour, t, "{{od}} The page does not exist yet.", indent="")
    corpus.sign_on_line(NICK, when + 4 * hour, t, first, "Agreed.")

    # 3. A GrowthExperiments heading; a level-3 follow-up; "~~~" without a date; {{unsigned}}.
    when = base + 50 * hour
    t = corpus.new_thread(ASKER, when, f"Question from [[User:{ASKER}|{ASKER}]]", "What is a sandbox?")
    corpus.reply(HELPER, when + 10 * mins, t, "=== Follow-up ===\nAnd a draft?", indent="", sign="~~~")
    corpus.reply(ASKER, when + hour, t, "Also, where is my draft?", indent="")
    corpus.unsigned(NICK, when + 2 * hour, t, "Drafts are under Draft:.")

    # 4. Signatures quoted inside nowiki, pre, comments, syntaxhighlight and source: all fakes.
    real = corpus.signature_of(corpus.posted[1].token)  # the mentor's, from thread 1
    when = base + 75 * hour
    t = corpus.new_thread(ASKER2, when, "Why does my signature look wrong?", "See below.")
    fakes = (
        f"I typed <nowiki>{real}</nowiki> like the mentor.\n"
        f"<pre>\n{real}\n</pre>\n"
        f"<!-- {real} -->\n"
        f'<syntaxhighlight lang="text">\n{real}\n</syntaxhighlight>\n'
        f'<source lang="text">{real}</source>\n'
        "What went wrong?"
    )
    corpus.reply(ASKER2, when + 3 * mins, t, fakes, indent="")

    # 5. Across local midnight: the local date changes between question and answer.
    midnight = local_midnight(spec.zone, base + 100 * hour)
    t = corpus.new_thread(ASKER, midnight - 12 * mins, "A question just before midnight", "Still up?")
    corpus.reply(MENTOR, midnight + 17 * mins, t, "Yes, and it is a new day here.")

    # 6. Across the daylight-saving switches, on both sides of each (zones that have them).
    for switch in transitions(spec.zone, 2026):
        heading = f"Clocks change at {switch:%H:%M} UTC on {switch:%d %b}"
        t = corpus.new_thread(ASKER2, switch - 25 * mins, heading, "Is this before the change?")
        corpus.reply(HELPER, switch + 35 * mins, t, "This is after it.")
        corpus.reply(MENTOR, switch + 65 * mins, t, "And this an hour later.")

    # 7. Opened by someone who is no mentee: a thread, not a question.
    corpus.new_thread(HELPER, base + 120 * hour, "Thanks for the barnstar", "Much appreciated.")
    return corpus
