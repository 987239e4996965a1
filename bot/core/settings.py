"""Settings the bot runs with: on-wiki titles and thresholds, the only defaults (ARCHITECTURE §5.5).

Every title is a setting so a community can move its mentorship pages. Values are plain data
so the pure stages can take them as arguments. This dataclass is the only source of defaults:
builders, parsers and messages take their numbers from it, and the ``default`` annotations in
``bot/schemas/settings.schema.json`` and the README's settings table are checked against it by
``tests/unit/test_site_settings.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # Where mentors and mentees come from (ARCHITECTURE §10.1): "auto" uses GrowthExperiments when
    # siteinfo lists it, else the standalone pages; "standalone" or "growth" force one.
    backend: str = "auto"

    # Pages (ARCHITECTURE §5.1, §5.2). "Project:" resolves to the wiki's project namespace.
    mentor_list: str = "Project:Mentorship/Mentors"
    mentor_list_templates: tuple[str, ...] = ("Mentor list entry",)
    dashboard_subpage: str = "Mentor dashboard"  # User:<Mentor>/<this>
    assignments_prefix: str = "Assignments/"  # User:<Bot>/<this><Mentor>.json
    default_weight: int = 2

    # Who is an active mentee (ARCHITECTURE §6.2).
    recent_registration_days: int = 14
    active_edit_days: int = 180
    optout_template: str = "Template:No mentor"

    # M1 (ARCHITECTURE §7.1, §7.2).
    main_page_rows: int = 100
    subpage_rows: int = 500
    recent_days: int = 30  # "edits in the last 30 days", and how recent a revert or block is flagged
    warning_prefixes: tuple[str, ...] = ("Uw-",)
    max_page_bytes: int = 1_000_000

    # Questions, M3–M6 and the shared pages (ARCHITECTURE §6.4, §7.1, §7.3).
    faq_subpage: str = "FAQ"  # User:<Mentor>/<dashboard_subpage>/<this>, the mentor's own bank
    community_faq: str = "Project:Mentorship/FAQ"
    resources_page: str = "Project:Mentorship/Resources"
    # The community settings page itself: set by the operator, since the page cannot move itself.
    settings_page: str = "Project:Mentorship/Settings.json"
    index_page: str = "Project:Mentorship/Dashboards"
    unanswered_page: str = "Project:Mentorship/Unanswered questions"
    archive_prefix: str = "Archive"  # archives are User talk:<Mentor>/<this>…; "" reads none
    question_tags: tuple[str, ...] = ("mentorship module question", "mentorship panel question")
    unsigned_templates: tuple[str, ...] = (
        "Unsigned", "Unsigned2", "Unsigned IP", "Unsigned IP2", "Unsignedip", "Unsignedip2",
    )  # fmt: skip
    overdue_days: int = 2  # unanswered for more than this many days: marked, and listed for all
    question_rows: int = 200  # M4 lists at most this many open questions, oldest first
    unanswered_page_rows: int = 500  # and the cross-mentor page this many (MediaWiki caps page size)
    preview_chars: int = 200
    impact_answered_days: int = 90
    impact_thanks_days: int = 30
    retention_days: int = 30

    # Mentor lifecycle (ARCHITECTURE §6.1 eligibility, §6.3 settings, §9.4 assignment, §9.3 quit).
    mentor_settings_subpage: str = "Mentor dashboard.json"  # User:<Mentor>/<this>
    lifecycle_state_page: str = "Mentorship state.json"  # User:<Bot>/<this>: log position, claims, journal
    mentor_min_edits: int = 500
    mentor_min_age_days: int = 90
    mentor_block_makes_ineligible: bool = True  # sitewide blocks only
    settings_trusted_groups: tuple[str, ...] = ("sysop",)  # who besides the mentor may set their settings
    welcome_message: bool = False  # post a welcome naming the mentor on each new mentee's talk page
    reassign_notice: bool = False  # tell a reassigned mentee who their new mentor is
    assignment_lookback_days: int = 14  # first run ever: assign accounts created this recently
    newusers_overlap_hours: int = 24  # re-read this much of the log before the last position
    assignment_seed: int | None = None  # fix the weighted pick (tests, reproducible dry runs)
    # No mentee is moved over a typo (ARCHITECTURE §9.8): a departing mentor keeps their mentees
    # this long, and a list edit removing more than this share of the mentors at once waits for
    # an admin to name them in confirm_removals.
    removal_grace_hours: int = 24
    max_removal_percent: int = 20
    confirm_removals: tuple[str, ...] = ()

    # Engagement (M7 praise, the "this week" digest, inactive mentors): bot/build/praise.py,
    # bot/build/digest.py, bot/lifecycle/inactive.py. A mentor may override the praise rules.
    praise_enabled: bool = True
    praise_days: int = 7  # window for praise_min_edits and praise_max_reverted (whole UTC days)
    praise_min_edits: int = 8
    praise_max_edits: int = 500  # fewer edits than this in all: still a newcomer
    praise_max_reverted: int = 1
    praise_skip_blocked: bool = True
    praise_quiet_days: int = 30  # not praised (thanked, or written to by the mentor) for this long
    praise_subpage: str = "Praise"  # User:<Mentor>/<dashboard_subpage>/<this>: the preloaded message
    # Alerts a mentor acts on (issue 22): bot/read/page_fate.py, bot/build/alerts.py.
    page_alert_days: int = 30
    deletion_tag_templates: tuple[str, ...] = (
        "Db",
        "Db-meta",
        "Speedy deletion",
        "Delete",
        "Proposed deletion",
        "Prod",
        "Proposed deletion/dated",  # en: what {{subst:Proposed deletion}} leaves on the page
        "Smazat",
        "Urgentně smazat",
        "Suppression immédiate",
        "Admissibilité à vérifier",
        "حذف سريع",
        "شطب",
    )
    deletion_tag_categories: tuple[str, ...] = (
        "Candidates for speedy deletion",
        "Proposed deletion",
        "Stránky ke smazání",
    )
    deletion_discussion_templates: tuple[str, ...] = (
        "Article for deletion",
        "Article for deletion/dated",
        "AfD",
        "Page à supprimer",
        "Suppression",
    )
    deletion_discussion_page: str = "Project:Articles for deletion/$1"
    welcome_subpage: str = "Welcome"
    graduation_min_edits: int = 500
    graduation_min_days: int = 30
    digest_edits: int = 20
    inactive_away_days: int = 0  # 0: off. No edits for this many days: away, no new mentees
    inactive_remove_days: int = 0  # 0: off. No edits for this many days: mentees reassigned, as on quit

    # The browser workspace (issue 21, docs/GADGET.md): pages under User:<Bot>/, like the
    # assignment store, so they are the operator's. The code page's title is in every mentor's
    # common.js line and in an installed gadget; moving it would silently switch them off.
    gadget: bool = True  # publish the code, list, messages and data pages, and show the common.js line
    gadget_code_page: str = "mentor-dashboard.js"  # User:<Bot>/<this>: the JavaScript mentors load
    gadget_style_page: str = "mentor-dashboard.css"  # User:<Bot>/<this>: its styles, loaded by the code
    gadget_list_page: str = "Dashboards.json"  # User:<Bot>/<this>: every mentor's pages, for the link
    gadget_data_prefix: str = "Dashboards/"  # User:<Bot>/<this><Mentor>.json: one mentor's rows
    gadget_messages_page: str = "Dashboards/messages.json"  # User:<Bot>/<this>: the gadget-* messages
    gadget_name: str = "mentor-dashboard"  # MediaWiki:Gadget-<this>.js when installed as a gadget

    # Publish.
    protect: bool = True
    summary_prefix: str = "Mentor dashboard"

    # Languages (ARCHITECTURE §7.7): "" follows the wiki's content language (siteinfo).
    language: str = ""
