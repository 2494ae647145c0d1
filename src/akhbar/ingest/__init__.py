"""Ingest: bytes and files in, :class:`~akhbar.model.Article` / :class:`~akhbar.model.Quarantined` out."""
