"""Read the standalone backend's record of who mentors whom (ARCHITECTURE §10.2): one listing for all.

Every mentor's ``User:<Bot>/Assignments/<Mentor>.json`` comes from one ``allpages`` listing
with the text included (continued as the API splits its answers), never one request per mentor.
The page format is ``bot/parse/assignments.py``'s; the page history, with edit summaries that
say why, is the audit log.
"""

from __future__ import annotations

from bot.gateway import Gateway
from bot.model.assignment import Assignments
from bot.parse.assignments import AssignmentError, decode

NS_USER = 2


def read_all(gw: Gateway, bot_user: str, prefix: str) -> tuple[dict[str, Assignments], list[str]]:
    """Every mentor's assignments page in one listing: (by mentor name, problems)."""
    out: dict[str, Assignments] = {}
    problems: list[str] = []
    for page in gw.generator_pages(
        "allpages",
        gapnamespace=NS_USER,
        gapprefix=f"{bot_user}/{prefix}",
        gaplimit="max",
        prop="revisions",
        rvprop="content|ids",
        rvslots="main",
    ):
        revs = page.get("revisions")
        if not revs or not page["title"].endswith(".json"):
            continue
        text = revs[0]["slots"]["main"].get("content", "")
        name_in_title = page["title"].split("/", 1)[1][len(prefix) : -len(".json")]
        try:
            mentor, mentees = decode(text, page["title"])
        except AssignmentError as e:
            problems.append(str(e))
            continue
        mentor = mentor or name_in_title
        out[mentor] = Assignments(mentor, page["title"], mentees, int(revs[0]["revid"]))
    return out, problems
