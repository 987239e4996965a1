"""A heading's anchor goes into a link on the dashboard; it must not carry a behaviour switch.

MediaWiki acts on ``__NOTOC__``, ``__NOINDEX__`` and the like anywhere in a page's text, link
targets included, and a mentee can put one in a heading's anchor with ``<nowiki>``. The hostile
parse test found it; these keep it fixed without a wiki.
"""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from bot.parse.talk_threads import wikilink_fragment


def test_a_behaviour_switch_in_an_anchor_is_broken_up() -> None:
    assert wikilink_fragment("__NOTOC__") == "%5F%5FNOTOC%5F%5F"


def test_single_underscores_stay_readable() -> None:
    assert wikilink_fragment("Adding_a_picture") == "Adding_a_picture"


@given(st.text(st.sampled_from("_ANOTC~[]%x ")))
def test_no_double_underscore_survives_and_the_anchor_decodes_back(anchor: str) -> None:
    safe = wikilink_fragment(anchor)
    assert "__" not in safe
    assert unquote(safe) == anchor
