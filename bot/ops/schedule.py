"""``mentor-dashboard serve``: the same pass as ``run``, on a schedule, in one long-lived process.

APScheduler 3.x reads a crontab's day-of-week 0 as Monday, not Sunday as cron does, so numeric
weekdays are refused: give them by name (``mon-fri``). Runs coalesce, never overlap
(``max_instances=1``, plus the file lock shared with ``run``), and SIGTERM or SIGINT lets the
current pass finish before the process exits.
"""

from __future__ import annotations

import itertools
import logging
import re
import signal
from collections.abc import Callable
from datetime import datetime, timedelta
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.build.gadget import NextRun

log = logging.getLogger(__name__)

MISFIRE_GRACE_SECONDS = 600
# How many runs ahead ``upcoming`` looks to call a schedule regular: two days of an hourly one.
REGULAR_LOOKAHEAD = 48


class ScheduleError(ValueError):
    """A schedule the operator wrote that cannot be used as given."""


def trigger(cron: str, seconds: str = "0", timezone: str = "UTC") -> CronTrigger:
    """A CronTrigger from a five-field crontab line (plus an optional seconds field)."""
    fields = cron.split()
    if len(fields) != 5:
        raise ScheduleError(f"{cron!r}: expected five fields: minute hour day month weekday")
    minute, hour, day, month, dow = fields
    if re.search(r"\d", dow):
        raise ScheduleError(
            f"weekday {dow!r}: give weekdays by name (mon, tue, … sun; e.g. mon-fri), because "
            "APScheduler counts 0 as Monday where cron counts it as Sunday"
        )
    try:
        return CronTrigger(
            second=seconds,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=dow,
            timezone=timezone,
        )
    except ValueError as e:
        raise ScheduleError(f"{cron!r}: {e}") from e


def upcoming(cron: str, after: datetime, seconds: str = "0") -> NextRun:
    """The schedule's next run after AFTER, and the time between runs when that is always the
    same (an hourly or a five-minute schedule; not "9:00 on weekdays"). The workspace tells a
    mentor when the bot applies a change from it (docs/GADGET.md)."""
    t = trigger(cron, seconds)
    times: list[datetime] = []
    previous = None
    now = after + timedelta(seconds=1)  # a pass started on the minute is not its own next run
    while len(times) < REGULAR_LOOKAHEAD + 1:
        fire = t.get_next_fire_time(previous, now)
        if fire is None:
            break
        times.append(fire)
        previous, now = fire, fire
    if not times:
        return NextRun()
    gaps = {int((b - a).total_seconds()) for a, b in itertools.pairwise(times)}
    return NextRun(times[0], gaps.pop() if len(gaps) == 1 else None)


def serve(job: Callable[[], object], cron: str, seconds: str = "0") -> None:
    """Run JOB on the schedule until SIGTERM or SIGINT."""
    scheduler = BlockingScheduler(
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS}
    )
    scheduler.add_job(job, trigger(cron, seconds), id="mentor-dashboard", name="mentor dashboard pass")

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("signal %s: stopping after the current pass", signal.Signals(signum).name)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("serving on schedule %r (seconds %r)", cron, seconds)
    scheduler.start()
