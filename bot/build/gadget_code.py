"""The workspace's code pages, the common.js line and the Gadgets-definition line (docs/GADGET.md). Pure.

The JavaScript in ``gadget/`` is published as it is, but for one token, which becomes the
bot's own configuration (where the mentor list and the CSS are), so the same file works on
every wiki and under any bot name. That configuration is JSON inside a script: ``</`` is
written ``<\\/`` so no value can close a ``<script>`` element, and U+2028/9 are escaped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from bot.model.edit import GadgetInstall, PageEdit
from bot.parse.gadgets_definition import DEFINITION_PAGE

CONFIG_TOKEN = "/*@mentor-dashboard-config@*/null"
CONFIG_VERSION = 1


class GadgetSourceError(ValueError):
    """The gadget's source cannot be published as it is (a broken install or checkout)."""


@dataclass(frozen=True)
class CodeTitles:
    code: str  # User:<Bot>/mentor-dashboard.js
    style: str  # User:<Bot>/mentor-dashboard.css
    mentors: str  # User:<Bot>/Dashboards.json


def config_json(titles: CodeTitles, bot: str) -> str:
    """The configuration object, as a JavaScript expression that no value can break out of."""
    value = {"list": titles.mentors, "css": titles.style, "bot": bot, "version": CONFIG_VERSION}
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def configured_code(source: str, titles: CodeTitles, bot: str) -> str:
    """SOURCE with its one configuration token replaced; trailing whitespace dropped, as
    MediaWiki drops it on save, so the text sent is the text stored."""
    found = source.count(CONFIG_TOKEN)
    if found != 1:
        raise GadgetSourceError(
            f"the gadget's JavaScript must hold {CONFIG_TOKEN!r} exactly once, found {found}: "
            "reinstall the bot"
        )
    return source.replace(CONFIG_TOKEN, config_json(titles, bot)).rstrip()


def code_pages(js: str, css: str, titles: CodeTitles, bot: str, summary: str) -> list[PageEdit]:
    """The bot's own JavaScript and CSS pages, which only it and interface administrators may edit."""
    return [
        PageEdit(titles.style, css.rstrip(), summary, protect=False, model="css"),
        PageEdit(titles.code, configured_code(js, titles, bot), summary, protect=False, model="javascript"),
    ]


def raw_url(script: str, title: str, ctype: str) -> str:
    """``<index.php>?title=…&action=raw&ctype=…``: the address MediaWiki serves a page's source at.

    The title is percent-encoded as MediaWiki encodes titles in URLs (spaces as ``_``; ``:`` and
    ``/`` kept), so the result holds no quote, backslash or space, and is safe in a JS string.
    """
    encoded = quote(title.replace(" ", "_"), safe=":/")
    return f"{script}?title={encoded}&action=raw&ctype={quote(ctype, safe='/')}"


def common_js_line(script: str, code_title: str) -> str:
    """The one line a mentor adds to their ``common.js`` (SCRIPT: siteinfo's ``script``, the
    wiki's index.php path)."""
    return f"mw.loader.load('{raw_url(script, code_title, 'text/javascript')}');"


def install_pages(
    name: str, js: str, css: str, titles: CodeTitles, bot: str, description: str, summary: str
) -> GadgetInstall:
    """The gadget's code and CSS (the same text as the bot's own pages) and its description."""
    return GadgetInstall(
        code=PageEdit(
            f"MediaWiki:Gadget-{name}.js",
            configured_code(js, titles, bot),
            summary,
            protect=False,
            model="javascript",
        ),
        style=PageEdit(f"MediaWiki:Gadget-{name}.css", css.rstrip(), summary, protect=False, model="css"),
        description=PageEdit(f"MediaWiki:Gadget-{name}", description, summary, protect=False),
        definition_title=DEFINITION_PAGE,
        name=name,
        summary=summary,
    )


# The rights --install-gadget needs: the MediaWiki namespace, and its JS and CSS pages.
INSTALL_RIGHTS = ("editinterface", "editsitejs", "editsitecss")
# The BotPassword/OAuth grant that carries them, for the error message.
INSTALL_GRANT = "editsiteconfig"


def install_refusal(rights: frozenset[str], group_rights: frozenset[str]) -> str | None:
    """Why this login may not install the gadget, in words an operator acts on; None: it may.

    RIGHTS are this login's (a BotPassword's grants narrow them), GROUP_RIGHTS what the
    account's groups give (bot/read/account.py): a right the groups give but the login lacks
    is a grant to add, not a group to join.
    """
    missing = [r for r in INSTALL_RIGHTS if r not in rights]
    if not missing:
        return None
    if all(r in group_rights for r in missing):
        return (
            f"--install-gadget needs {', '.join(missing)}: the account has them, but this login does "
            f"not; add the grant {INSTALL_GRANT!r} to its BotPassword or OAuth consumer"
        )
    return (
        f"--install-gadget needs {', '.join(missing)}: ask for the bot account to be made an "
        f"interface administrator (interface-admin), and give its BotPassword the grant {INSTALL_GRANT!r}"
    )
