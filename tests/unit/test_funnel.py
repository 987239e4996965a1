"""The write funnel's promise, without a wiki: no write leaves except through the Writer, and a
dry-run Writer sends none.

The gateway is given a stand-in site that records what would have been sent, so "nothing was
sent" is checked where it matters, at the last step before the HTTP request.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.gateway import WRITE_ACTIONS, Gateway, WriteOutsideFunnelError
from bot.publish.funnel import Writer

BOT = Path(__file__).resolve().parents[2] / "bot"


class Sent:
    """A prepared request that answers like a successful edit."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.max_retries: int | None = None

    def submit(self) -> dict[str, Any]:
        return {"edit": {"result": "Success", "newrevid": 42}}


class RecordingSite:
    """The parts of pywikibot's APISite the gateway uses, recording every request."""

    def __init__(self) -> None:
        self.tokens = {"csrf": "token+\\"}
        self.sent: list[dict[str, Any]] = []

    def simple_request(self, **params: Any) -> Sent:
        self.sent.append(params)
        return Sent(params)

    def base_url(self, path: str) -> str:
        return "http://wiki.invalid/"

    def username(self) -> str:
        return "MentorBot"

    def has_right(self, right: str) -> bool:
        return True


@pytest.fixture
def site() -> RecordingSite:
    return RecordingSite()


@pytest.fixture
def gw(site: RecordingSite) -> Iterator[Gateway]:
    gateway = Gateway(site)
    yield gateway
    gateway.close()


@pytest.mark.parametrize("action", sorted(WRITE_ACTIONS))
def test_the_gateway_refuses_a_write_action_sent_outside_the_funnel(
    gw: Gateway, site: RecordingSite, action: str
) -> None:
    with pytest.raises(WriteOutsideFunnelError, match=action):
        gw.request(action=action, title="User:MentorBot/Status", text="x")
    assert site.sent == []


def test_a_write_smuggled_into_a_query_is_refused_too(gw: Gateway, site: RecordingSite) -> None:
    with pytest.raises(WriteOutsideFunnelError):
        next(gw.query(action="edit", title="User:MentorBot/Status", text="x"))
    assert site.sent == []


def test_a_read_goes_through_the_gateway(gw: Gateway, site: RecordingSite) -> None:
    gw.request(action="query", meta="siteinfo")
    assert [p["action"] for p in site.sent] == ["query"]


def test_a_dry_run_writer_sends_nothing_and_shows_the_diff_instead(gw: Gateway, site: RecordingSite) -> None:
    shown: list[str] = []
    writer = Writer(gw, dry_run=True, show=shown.append)
    assert writer.save("User:Ann/Mentor dashboard", "new line\n", "summary", 7, old="old line\n") is None
    writer.protect("User:Ann/Mentor dashboard", protections="edit=sysop", expiry="infinite", reason="r")
    assert not writer.new_section(
        "User talk:Bo", "Hello", "text <!-- key -->", "s", marker="<!-- key -->", current=""
    )
    writer.set_growth_mentor("Bo", "Ann", "claim")
    writer.change_growth_mentor("Ann", {"weight": "4"})
    assert site.sent == []
    assert gw.edits == 0
    assert len(shown) == 1
    assert "-old line" in shown[0] and "+new line" in shown[0]


def test_a_real_writer_saves_through_the_write_channel_based_on_the_revision_read(
    gw: Gateway, site: RecordingSite
) -> None:
    writer = Writer(gw, dry_run=False, show=lambda _: pytest.fail("a real save shows no diff"))
    assert writer.save("User:Ann/Mentor dashboard", "text", "summary", 7, old="text before") == 42
    (sent,) = site.sent
    assert (sent["action"], sent["baserevid"], sent["nocreate"], sent["token"]) == ("edit", 7, 1, "token+\\")
    assert gw.edits == 1


def callers_of(attribute: str) -> set[str]:
    """The modules of bot/ that use ATTRIBUTE on anything (``x.ATTRIBUTE``)."""
    found = set()
    for path in BOT.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.Attribute) and n.attr == attribute for n in ast.walk(tree)):
            found.add(path.relative_to(BOT.parent).as_posix())
    return found


def test_only_the_funnel_uses_the_gateways_write_channel() -> None:
    assert callers_of("_write") == {"bot/publish/funnel.py"}


def test_only_the_gateway_builds_requests() -> None:
    assert callers_of("simple_request") == {"bot/gateway.py"}
