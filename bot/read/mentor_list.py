"""Read the standalone mentor list, falling back to its newest valid revision when it is broken.

The control read brings the page's current text with the other control pages, so a list that
reads costs nothing here. Only a JSON list can be broken as a whole (a syntax error, no
"Mentors" object; wikitext entries stand or fall one by one), and an emptied list would rewrite
the index and the unanswered-questions page as if nobody mentored. So, as for the settings page
(``bot/read/site_settings.py``), the wiki's history stands in: one request for the recent
revisions (``bot/read/history.py``), the newest that is a list is used, and the broken revision
becomes a problem on the status page naming it and who saved it.
"""

from __future__ import annotations

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.mentor import ParsedList
from bot.model.page import CurrentPage
from bot.model.problem import Problem, Said
from bot.parse.mentor_list import parse_mentor_list, whole_list_error
from bot.read.history import recent_revisions, revision_text


def read_mentor_list(gw: Gateway, s: Settings, title: str, page: CurrentPage | None) -> ParsedList:
    """The standalone mentor list PAGE (read by the control read) parsed: no request, unless the
    page is broken as a whole, and then one for its recent history."""
    if page is None or page.text is None:
        return ParsedList((), (Problem.of(title, "mentordashboard-problem-list-missing"),))
    error = whole_list_error(page.text, page.model)
    if error is None:
        return _parse(gw, s, title, page.text, page.model)
    revisions = recent_revisions(gw, title)
    newest = revisions[0] if revisions else {}
    at = Said.of("mentordashboard-where-revision", newest.get("revid", page.revid), newest.get("user", "?"))
    for rev in revisions:
        text = revision_text(rev)
        model = rev.get("slots", {}).get("main", {}).get("contentmodel", page.model)
        if whole_list_error(text, model) is None:
            found = _parse(gw, s, title, text, model)
            problem = Problem.of(title, "mentordashboard-problem-list-fallback", error, rev["revid"], at=at)
            return ParsedList(found.mentors, (problem, *found.problems))
    return ParsedList((), (Problem.of(title, "mentordashboard-problem-list-none-valid", error, at=at),))


def _parse(gw: Gateway, s: Settings, title: str, text: str, model: str) -> ParsedList:
    ns = gw.site.namespaces[2]
    return parse_mentor_list(
        text,
        page=title,
        user_namespaces={ns.custom_name, ns.canonical_name, *ns.aliases},
        template_names=s.mentor_list_templates,
        content_model=model,
        default_weight=s.default_weight,
    )
