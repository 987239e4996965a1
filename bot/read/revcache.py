"""Page text by revision id, kept in a small SQLite file between runs.

A revision never changes, so its text can be kept forever; the cache only saves re-reading
archive subpages that nobody edited. Losing the file (or finding it unreadable) costs one
re-read and nothing else, so every failure here falls back to an empty cache.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

log = logging.getLogger(__name__)

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS revisions"
    " (revid INTEGER PRIMARY KEY, title TEXT NOT NULL, text TEXT NOT NULL)"
)


class RevisionCache:
    """Revision id → text. ``path=None`` keeps it in memory only (tests, dry runs without state)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.db = self._open(path)

    @staticmethod
    def _open(path: Path | None) -> sqlite3.Connection:
        if path is None:
            db = sqlite3.connect(":memory:")
            db.execute(SCHEMA)
            return db
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path)
            db.execute(SCHEMA)
            return db
        except sqlite3.DatabaseError as error:
            log.warning("revision cache %s is unusable (%s); starting a new one", path, error)
            path.unlink(missing_ok=True)
            db = sqlite3.connect(path)
            db.execute(SCHEMA)
            return db

    def close(self) -> None:
        self.db.close()

    def get_many(self, revids: Iterable[int]) -> dict[int, str]:
        wanted = list(dict.fromkeys(revids))
        out: dict[int, str] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for revid, text in self.db.execute(
                f"SELECT revid, text FROM revisions WHERE revid IN ({marks})", chunk
            ):
                out[int(revid)] = str(text)
        return out

    def keep(self, titles: Mapping[str, int], texts: Mapping[int, str]) -> None:
        """Store TEXTS, then keep only the current revision of each title in TITLES.

        Older revisions of the same pages are dropped, so the file grows with the number of
        archive pages, not with their history.
        """
        with self.db:
            self.db.executemany(
                "INSERT OR REPLACE INTO revisions (revid, title, text) VALUES (?, ?, ?)",
                [(revid, title, texts[revid]) for title, revid in titles.items() if revid in texts],
            )
            self.db.executemany("DELETE FROM revisions WHERE title = ? AND revid != ?", list(titles.items()))
