"""Akhbar: Arabic news articles to a checked dataset of entities and events."""

__version__ = "0.1.0"
