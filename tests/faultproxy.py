"""A fault-injecting HTTP proxy that stands between the bot and the real local wiki.

Tests can only trust the bot's error handling if the errors are the ones a real network and a
real MediaWiki produce, arriving at the moments they really arrive. So nothing here imitates
the Action API: every request is forwarded to the real wiki unless a programmed fault says
otherwise, and the faults are wire-level (resets, cut bodies, 5xx pages, slow answers) or the
exact JSON errors MediaWiki itself sends (``maxlag`` with ``Retry-After``, ``badtoken``).

    proxy = FaultProxy("http://127.0.0.1:8080").start()
    proxy.inject(Fault("status", times=2, status=503))      # the next 2 requests get a 503
    proxy.inject(Fault("reset", action="edit"))            # the next edit: connection reset
    gate = proxy.hold(17)                                  # pause request 17 (for kill tests)
    gate.reached.wait(); os.kill(pid, SIGKILL); gate.release()

Every request is recorded (sequence number, action, what was done to it), so tests can count
requests, e.g. to prove there is no tight retry loop.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal
from urllib.parse import parse_qs, urlsplit

FaultKind = Literal[
    "reset",  # close the connection with a TCP reset before forwarding: the wiki never sees it
    "lost",  # forward, then reset: the wiki did the work but the answer never arrives
    "status",  # answer with an HTML error page and ``status`` (500, 502, 503…), not forwarded
    "maxlag",  # MediaWiki's maxlag error (HTTP 200, Retry-After, X-Database-Lag), not forwarded
    "slow",  # forward, then wait ``delay`` seconds before answering
    "truncate",  # forward, then send only the first half of the body and close
    "badtoken",  # MediaWiki's badtoken error for a write, not forwarded
]

# Actions that pywikibot sends when it logs in or fetches tokens: faults aimed at "the next
# request" usually mean the bot's own work, so tests can choose to spare these.
SESSION_ACTIONS = frozenset({"login", "clientlogin"})


@dataclass
class Fault:
    """What to do to the next ``times`` requests that match ``action`` (any action if None).

    ``skip`` lets that many matching requests through first, so a fault can aim at "the third
    edit" rather than "the next one".
    """

    kind: FaultKind
    times: int = 1
    action: str | None = None
    skip: int = 0
    status: int = 503
    delay: float = 0.0
    lag: float = 1.0
    retry_after: int = 1
    # truncate: True declares the full length and cuts the connection mid-body; False declares
    # the cut length, so the client gets a "complete" answer that is not valid JSON.
    full_length: bool = True
    match: Callable[[dict[str, str]], bool] | None = None
    used: int = 0

    def matches(self, action: str, params: dict[str, str]) -> bool:
        if self.action is not None and action != self.action:
            return False
        return self.match is None or self.match(params)


@dataclass
class Record:
    """One request as the proxy saw it."""

    seq: int
    method: str
    action: str
    params: dict[str, str]
    fault: str = ""  # the FaultKind applied, "" when passed through untouched
    status: int = 0  # the status the wiki answered (0: not forwarded)
    at: float = field(default_factory=time.monotonic)

    @property
    def title(self) -> str:
        return self.params.get("title", "")


@dataclass
class Gate:
    """A request held before (or after) it reaches the wiki, until the test releases it."""

    seq: int
    after_forward: bool
    forward_on_release: bool = False  # release sends the held request on instead of dropping it
    reached: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class FaultProxy:
    """A threaded HTTP proxy to one upstream wiki, with programmable faults."""

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.upstream_host = parts.hostname or "127.0.0.1"
        self.upstream_port = parts.port or 80
        self._lock = threading.Lock()
        self._faults: list[Fault] = []
        self._gates: dict[int, Gate] = {}
        self.records: list[Record] = []
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(_Handler):
            owner = proxy

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        for gate in self._gates.values():
            gate.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the proxy first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- programming it ------------------------------------------------------------------

    def inject(self, *faults: Fault) -> None:
        with self._lock:
            self._faults.extend(faults)

    def clear(self) -> None:
        """Forget faults, gates and records: the next request is number 1 again."""
        with self._lock:
            for gate in self._gates.values():
                gate.release()
            self._faults.clear()
            self._gates.clear()
            self.records.clear()

    def hold(self, seq: int, *, after_forward: bool = False, forward_on_release: bool = False) -> Gate:
        """Pause request number SEQ before it is forwarded (or after the wiki answered it).

        By default a released request is dropped with a reset (its sender was killed meanwhile);
        ``forward_on_release`` sends it on, for tests that change the wiki while it waits.
        """
        gate = Gate(seq, after_forward, forward_on_release)
        with self._lock:
            self._gates[seq] = gate
        return gate

    def pending(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if f.used < f.times]

    def count(self, action: str | None = None, fault: str | None = None) -> int:
        with self._lock:
            return sum(
                1
                for r in self.records
                if (action is None or r.action == action) and (fault is None or r.fault == fault)
            )

    # --- used by the handler -------------------------------------------------------------

    def _admit(
        self, method: str, action: str, params: dict[str, str]
    ) -> tuple[Record, Fault | None, Gate | None]:
        with self._lock:
            record = Record(len(self.records) + 1, method, action, params)
            self.records.append(record)
            chosen: Fault | None = None
            for fault in self._faults:
                if fault.used >= fault.times or not fault.matches(action, params):
                    continue
                if fault.skip > 0:
                    fault.skip -= 1
                    continue
                fault.used += 1
                chosen = fault
                record.fault = fault.kind
                break
            return record, chosen, self._gates.get(record.seq)


def _params_of(path: str, body: bytes, content_type: str) -> dict[str, str]:
    """Query-string and urlencoded form parameters (the first value of each)."""
    params = {k: v[0] for k, v in parse_qs(urlsplit(path).query, keep_blank_values=True).items()}
    if body and "multipart" not in content_type:
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        params.update({k: v[0] for k, v in form.items()})
    return params


def mediawiki_error(code: str, info: str, **extra: object) -> bytes:
    """An Action API error body exactly as MediaWiki (formatversion=2, errorformat=bc) sends it."""
    error: dict[str, object] = {"code": code, "info": info, **extra}
    error["docref"] = "See http://127.0.0.1/api.php for API usage."
    return json.dumps({"error": error, "servedby": "faultproxy"}).encode()


class _Handler(BaseHTTPRequestHandler):
    owner: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the records are the log."""

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        self._cookies: list[str] = []
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        params = _params_of(self.path, body, self.headers.get("Content-Type", ""))
        action = params.get("action", "")
        record, fault, gate = self.owner._admit(self.command, action, params)
        if gate is not None and not gate.after_forward:
            gate.reached.set()
            gate.released.wait()
            if not gate.forward_on_release:
                self._reset()  # whoever sent it was killed meanwhile; the wiki never sees it
                return
        kind = fault.kind if fault else ""
        if kind == "reset":
            self._reset()
            return
        if kind == "status":
            assert fault is not None
            page = f"<html><body><h1>{fault.status} Injected error</h1></body></html>".encode()
            self._send(fault.status, {"Content-Type": "text/html; charset=utf-8"}, page)
            return
        if kind == "maxlag":
            assert fault is not None
            info = f"Waiting for 127.0.0.1: {fault.lag} seconds lagged."
            headers = {
                "Content-Type": "application/json; charset=utf-8",
                "Retry-After": str(fault.retry_after),
                "X-Database-Lag": str(fault.lag),
                "MediaWiki-API-Error": "maxlag",
            }
            self._send(
                200, headers, mediawiki_error("maxlag", info, host="127.0.0.1", lag=fault.lag, type="db")
            )
            return
        if kind == "badtoken":
            headers = {"Content-Type": "application/json; charset=utf-8", "MediaWiki-API-Error": "badtoken"}
            self._send(200, headers, mediawiki_error("badtoken", "Invalid CSRF token."))
            return

        status, headers, answer = self._forward(body)
        record.status = status
        if gate is not None and gate.after_forward:
            gate.reached.set()
            gate.released.wait()
            self._reset()  # the wiki did the work; the sender was killed before hearing of it
            return
        if kind == "lost":
            self._reset()
            return
        if kind == "slow":
            assert fault is not None
            time.sleep(fault.delay)
        if kind == "truncate":
            assert fault is not None
            half = answer[: len(answer) // 2]
            if not fault.full_length:
                self._send(status, headers, half)
                return
            headers["Content-Length"] = str(len(answer))
            headers["Connection"] = "close"
            self._send_head(status, headers)
            self.wfile.write(half)
            self.wfile.flush()
            self._reset()
            return
        self._send(status, headers, answer)

    def _forward(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection(self.owner.upstream_host, self.owner.upstream_port, timeout=120)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            headers["Host"] = f"{self.owner.upstream_host}:{self.owner.upstream_port}"
            headers["Connection"] = "close"
            conn.request(self.command, self.path, body=body or None, headers=headers)
            resp = conn.getresponse()
            answer = resp.read()
            out = {
                k: v
                for k, v in resp.getheaders()
                if k.lower() not in ("transfer-encoding", "connection", "content-length")
            }
            # Several Set-Cookie headers must survive as several headers.
            cookies = resp.headers.get_all("Set-Cookie") or []
            out.pop("Set-Cookie", None)
            out.pop("set-cookie", None)
            self._cookies = list(cookies)
            return resp.status, out, answer
        finally:
            conn.close()

    def _send_head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        for c in getattr(self, "_cookies", []):
            self.send_header("Set-Cookie", c)
        self.end_headers()

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        headers = {**headers, "Content-Length": str(len(body))}
        try:
            self._send_head(status, headers)
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _reset(self) -> None:
        """Close with RST (SO_LINGER 0), the way a crashed server or a dropped link looks."""
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass
        self.close_connection = True
