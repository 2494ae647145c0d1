"""Extractors: entity mentions and events from ingested articles."""
