"""The default extraction backend: lexicons and Arabic-aware rules.

Entities (:mod:`akhbar.extract.entities`), time expressions and quantities
(:mod:`akhbar.extract.timex`) and events (:mod:`akhbar.extract.events`) combined
behind the :class:`~akhbar.extract.base.Extractor` interface.
"""

from __future__ import annotations

from akhbar.extract.entities import EntityRecognizer
from akhbar.extract.events import EventExtractor
from akhbar.extract.timex import find_timex, reference_date
from akhbar.model import Article, Extraction, Sentence


class RuleExtractor:
    name = "akhbar-rules"
    version = "0.1.0"

    def __init__(self) -> None:
        self.entities = EntityRecognizer()
        self.events = EventExtractor()

    def extract(self, article: Article) -> Extraction:
        reference = reference_date(article.text, article.published_date)
        mentions = self.entities.recognize(article.text, article.sentences)
        mentions += find_timex(article.text, article.sentences, reference)
        events = self.events.extract(article.text, article.sentences, mentions, reference)
        if article.title:
            title_sentences = [Sentence(0, 0, len(article.title))]
            mentions += self.entities.recognize(article.title, title_sentences, field="title")
        return Extraction(mentions=mentions, events=events)
