"""Walk back the community's settings page, ``Project:Mentorship/Settings.json``, to a valid revision.

A broken edit must not break the bot, and the bot keeps no copy of its own: the wiki's history
is the source of truth, so the settings in force are those of the newest revision that
validates. The current text arrives with the other control pages in one batched read; only
when it is broken does this module cost a request, one, for the recent revisions with their
text (``bot/read/history.py``). The newest broken revision becomes a problem on the status page,
naming the revision and who saved it. Whether a revision validates is decided by
``bot/parse/site_settings.py``.
"""

from __future__ import annotations

from bot.core.settings import Settings
from bot.gateway import Gateway
from bot.model.problem import Problem, Said
from bot.parse.site_settings import SiteSettingsError, parse_site_settings
from bot.read.history import recent_revisions, revision_text


def read_site_settings(gw: Gateway, title: str, defaults: Settings) -> tuple[Settings, list[Problem]]:
    """The newest valid revision's settings; the newest invalid revision above it becomes a Problem."""
    revisions = recent_revisions(gw, title)
    problems: list[Problem] = []
    for rev in revisions:
        try:
            settings = parse_site_settings(revision_text(rev), defaults)
        except SiteSettingsError as e:
            if not problems:  # the newest broken revision is the one to fix
                at = Said.of("mentordashboard-where-revision", rev["revid"], rev.get("user", "?"))
                problems.append(Problem.of(title, "mentordashboard-problem-settings-fallback", e.said, at=at))
            continue
        return settings, problems
    if problems:
        first = problems[0]
        problems[0] = Problem(
            first.where, Said("mentordashboard-problem-settings-defaults", first.said.params), first.at
        )
    return defaults, problems
