"""World country shapes (Natural Earth 1:110m as TopoJSON, from the world-atlas package) and a
representative point per country: the centroid of its largest polygon."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

RESOURCES = Path(__file__).with_name("resources")
WORLD_TOPOJSON = RESOURCES / "countries-110m.json"
COUNTRIES_OBJECT = "countries"  # the TopoJSON object holding one geometry per country


@lru_cache(maxsize=1)
def world_topology() -> dict:
    """The TopoJSON topology (objects ``countries`` and ``land``), ids are ISO 3166 numeric codes."""
    return json.loads(WORLD_TOPOJSON.read_text(encoding="utf-8"))


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    move_x, move_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Absolute planar area and centroid (x, y) of a closed ring (shoelace formula); a ring cut at
    the antimeridian (Russia's Chukotka) is unwrapped first and its centroid wrapped back."""
    xs = [x for x, _ in ring]
    if max(xs) - min(xs) > 180:
        ring = [(x + 360 if x < 0 else x, y) for x, y in ring]
    area, x, y = _planar(ring)
    return area, (x + 180) % 360 - 180, y


def _planar(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return abs(area / 2), cx / (3 * area), cy / (3 * area)


@lru_cache(maxsize=1)
def country_points() -> dict[int, tuple[float, float]]:
    """ISO numeric code → (latitude, longitude) of the centroid of the country's largest polygon."""
    topology = world_topology()
    arcs = _decode_arcs(topology)
    points = {}
    for geometry in topology["objects"][COUNTRIES_OBJECT]["geometries"]:
        if "id" not in geometry or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        area, x, y = max(_area_centroid(_ring(arcs, polygon[0])) for polygon in polygons)
        points[int(geometry["id"])] = (round(y, 4), round(x, 4))
    return points
