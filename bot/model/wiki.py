"""What the read stage hands to the build stage: every fact a pass needs, read in batches."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, field

from bot.model.dormant import Dormant, PackedRows
from bot.model.mentee import MenteeFacts
from bot.model.mentor import MentorEntry
from bot.model.praise import EngagementData
from bot.model.talk import TalkData


@dataclass(frozen=True)
class WikiData:
    mentors: tuple[MentorEntry, ...]  # the mentors this pass refreshes, in list order
    mentees_of: dict[str, tuple[MenteeFacts, ...]]  # all but the dormant (ARCHITECTURE §8.6)
    talk: TalkData = field(default_factory=TalkData)
    mentee_ids: Set[int] = frozenset()  # every id in the store: current and former mentees (HeldIds)
    engagement: EngagementData = field(default_factory=EngagementData)  # praise (M7)
    remembered: Set[int] = frozenset()  # mentees whose facts came from the run memory (dormant; HeldIds)
    dormant_of: dict[str, Dormant] = field(default_factory=dict)  # by mentor: their dormant mentees' totals
    dormant_read: PackedRows = field(
        default_factory=PackedRows
    )  # rows of the dormant read afresh, for the memory
