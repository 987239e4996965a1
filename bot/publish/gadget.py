"""``run --install-gadget``: the workspace offered as a gadget, in the MediaWiki namespace (docs/GADGET.md).

Only for a bot account with ``editinterface``, ``editsitejs`` and ``editsitecss`` (an interface
administrator, with a BotPassword that has the ``editsiteconfig`` grant); the pass checks that
before it writes anything at all (``bot/run.py``). The gadget's code and CSS are the same text
as the bot's own ``User:<Bot>/mentor-dashboard.js`` and ``.css``, saved only when they changed;
the description is written once and then left to the interface administrators, and the
``MediaWiki:Gadgets-definition`` line is added, last, when no line defines the gadget yet.
"""

from __future__ import annotations

from bot.model.edit import GadgetInstall
from bot.model.page import CurrentPage, Outcome, PageAction
from bot.parse.gadgets_definition import with_definition
from bot.parse.workspace import same_code
from bot.publish.funnel import Writer
from bot.publish.pages import create_once, publish
from bot.read.pages import read_current


class GadgetInstallError(RuntimeError):
    """This login may not install the gadget; the message says which right or grant to get."""


def install_gadget(writer: Writer, install: GadgetInstall) -> list[Outcome]:
    """Save the gadget's pages that changed, in one read and at most four writes."""
    titles = [install.code.title, install.style.title, install.description.title, install.definition_title]
    current = read_current(writer.gw, titles)

    def now(title: str) -> CurrentPage:
        return current.get(title) or CurrentPage(title, None, None)

    out = [
        publish(writer, now(p.title), p.text, p.summary, same=same_code, model=p.model)
        for p in (install.code, install.style)
    ]
    described = now(install.description.title)
    if described.text is None:
        d = install.description
        out.append(create_once(writer, d.title, d.text, d.summary))
    else:
        out.append(Outcome(described.title, PageAction.UNCHANGED))
    definitions = now(install.definition_title)
    text = with_definition(definitions.text, install.name)
    if text is None:
        out.append(Outcome(definitions.title, PageAction.UNCHANGED))
    else:
        out.append(publish(writer, definitions, text, install.summary))
    return out
