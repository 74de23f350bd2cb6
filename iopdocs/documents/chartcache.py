"""Charts drawn once per process: a cache keyed by a content hash of the data and the style.

Drawing an indicator's chart costs about 0,05 s; a follow-up form has several and
`iopdocs watch` renders the form again on every save, most often with the same
indicators. The key is a SHA-256 of the indicator as validated data (every field,
so any change draws anew), the period the chart ends at, and the style: the source
of the chart modules (charts.py, chartlayout.py, chartfonts.py, charttext.py: layout,
fonts, colours and literal text), the installed fonts they choose, and matplotlib's
and Pillow's versions. So a chart whose inputs are unchanged costs a dictionary lookup,
and a changed one costs what drawing it costs. The cache holds at most `LIMIT`
charts (least recently used go first), so a long watch does not grow.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Callable, TypeVar

LIMIT = 256
_cache: OrderedDict[str, object] = OrderedDict()
stats = {"hits": 0, "misses": 0}

Chart = TypeVar("Chart")


@lru_cache(maxsize=1)
def style_digest() -> str:
    """What every chart's look depends on besides its data."""
    from .chartfonts import default_style

    h = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("chart*.py")):  # charts, chartlayout, chartfonts ...
        if source.name != Path(__file__).name:
            h.update(source.name.encode() + b"\0" + source.read_bytes())
    for package in ("matplotlib", "Pillow"):
        h.update(f"\0{package}={metadata.version(package)}".encode())
    h.update(repr(default_style()).encode())  # the installed fonts the charts are drawn with
    return h.hexdigest()


def chart_key(indicator, until: int | None) -> str:
    """The content hash of one chart: the indicator's data, the period and the style."""
    data = indicator.model_dump_json().encode("utf-8")
    return hashlib.sha256(b"%s\0%s\0%s" % (style_digest().encode(), str(until).encode(), data)).hexdigest()


def cached_chart(draw: Callable[..., Chart], indicator, until: int | None) -> Chart:
    """`draw(indicator, until=until)`, or the chart drawn earlier for the same key."""
    key = chart_key(indicator, until)
    chart = _cache.get(key)
    if chart is not None:
        _cache.move_to_end(key)
        stats["hits"] += 1
        return chart
    stats["misses"] += 1
    chart = draw(indicator, until=until)
    _cache[key] = chart
    while len(_cache) > LIMIT:
        _cache.popitem(last=False)
    return chart


def size() -> int:
    return len(_cache)


def clear() -> None:
    _cache.clear()
    stats.update(hits=0, misses=0)
