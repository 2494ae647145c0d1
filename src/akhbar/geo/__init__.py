"""Geocoding of place entities and world map shapes from packaged data (no network)."""
