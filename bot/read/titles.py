"""Every title a pass uses, written as the wiki writes it, worked out once in the read stage.

A title depends on the wiki (the localised name of the User and Project namespaces, the first
letter's case), which only pywikibot's site object knows. Working them out here, without a
request, lets the build stage stay pure: it is handed strings, never the site.
"""

from __future__ import annotations

from collections.abc import Iterable

import pywikibot

from bot.core.settings import Settings
from bot.model.titles import GadgetTitles, MentorTitles, SharedTitles, Titles


def title_of(site: pywikibot.site.APISite, title: str) -> str:
    """A title as the wiki writes it (localised namespace, first letter case), without a request."""
    return str(pywikibot.Page(site, title).title())


def page_titles(site: pywikibot.site.APISite, s: Settings, mentors: Iterable[str]) -> Titles:
    bot = str(site.username())

    def of(title: str) -> str:
        return title_of(site, title)

    def mentor(name: str) -> MentorTitles:
        dashboard = of(f"User:{name}/{s.dashboard_subpage}")
        return MentorTitles(
            user=of(f"User:{name}"),
            talk=of(f"User talk:{name}"),
            dashboard=dashboard,
            faq=of(f"User:{name}/{s.dashboard_subpage}/{s.faq_subpage}"),
            praise=of(f"User:{name}/{s.dashboard_subpage}/{s.praise_subpage}"),
            settings=of(f"User:{name}/{s.mentor_settings_subpage}"),
            welcome=of(f"User:{name}/{s.dashboard_subpage}/{s.welcome_subpage}"),
            data=of(f"User:{bot}/{s.gadget_data_prefix}{name}.json"),
        )

    return Titles(
        bot=bot,
        shutoff=of(f"User:{bot}/Shutoff"),
        settings=of(s.settings_page),
        mentor_list=of(s.mentor_list),
        status=of(f"User:{bot}/Status"),
        state=of(f"User:{bot}/{s.lifecycle_state_page}"),
        shared=SharedTitles(
            index=of(s.index_page),
            unanswered=of(s.unanswered_page),
            resources=of(s.resources_page),
            community_faq=of(s.community_faq),
        ),
        optout=of(s.optout_template),
        assignments_prefix=of(f"User:{bot}/{s.assignments_prefix}"),
        mentors={name: mentor(name) for name in dict.fromkeys(mentors)},
        gadget=GadgetTitles(
            code=of(f"User:{bot}/{s.gadget_code_page}"),
            style=of(f"User:{bot}/{s.gadget_style_page}"),
            mentors=of(f"User:{bot}/{s.gadget_list_page}"),
            messages=of(f"User:{bot}/{s.gadget_messages_page}"),
        )
        if s.gadget
        else None,
    )
