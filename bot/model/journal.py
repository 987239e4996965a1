"""The lifecycle's memory: moves (the journal), claims and the new-account log position.

The records are kept on the wiki, in the state page (``bot/parse/journal.py`` is its codec), so a
lost local cache can never make a move, a claim or a notice happen twice.
"""

from __future__ import annotations
