"""Event extraction: lexicon triggers (PLOVER types + STATEMENT), their arguments, date and status,
one event per happening, kept or dropped by a learned classifier.

A component of named stages, one module each: :mod:`.candidates` → :mod:`.arguments` →
:mod:`.dates` → :mod:`.merge`, with :mod:`.features` for the learned models (:mod:`.classifier`)
and the windows and word lists in :mod:`.config`; :class:`EventExtractor` runs them.
"""

from akhbar.extract.events.extractor import EventExtractor
from akhbar.extract.events.reading import match_trigger

__all__ = ["EventExtractor", "match_trigger"]
