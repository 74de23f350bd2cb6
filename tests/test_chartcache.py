"""The chart cache: a chart is drawn once for the same data and style, anew when either changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from templatefiles import example_project

from iopdocs import model
from iopdocs.case.load import load_case
from iopdocs.documents import chartcache
from iopdocs.documents.charts import charts_for, indicator_chart

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def case() -> model.Case:
    return load_case(example_project(), ROOT / "cases" / "exempel-iop")


@pytest.fixture(autouse=True)
def empty_cache():
    chartcache.clear()
    yield
    chartcache.clear()


def counting_draw(calls: list):
    def draw(indicator, until=None):
        calls.append((indicator.id, until))
        return indicator_chart(indicator, until=until)

    return draw


def test_same_data_is_drawn_once_and_gives_the_same_chart(case):
    calls: list = []
    indicator = case.indicators[0]
    first = chartcache.cached_chart(counting_draw(calls), indicator, 2024)
    again = chartcache.cached_chart(counting_draw(calls), indicator.model_copy(deep=True), 2024)
    assert calls == [(indicator.id, 2024)]
    assert again.png == first.png == indicator_chart(indicator, until=2024).png


def test_changed_data_or_period_is_drawn_anew(case):
    calls: list = []
    indicator = case.indicators[0]
    chartcache.cached_chart(counting_draw(calls), indicator, 2024)
    chartcache.cached_chart(counting_draw(calls), indicator, 2025)
    changed = indicator.model_copy(update={"name": indicator.name + " (ny)"})
    chartcache.cached_chart(counting_draw(calls), changed, 2024)
    assert len(calls) == 3


def test_a_changed_style_changes_the_key(case, monkeypatch):
    indicator = case.indicators[0]
    before = chartcache.chart_key(indicator, 2024)
    monkeypatch.setattr(chartcache, "style_digest", lambda: "another style")
    assert chartcache.chart_key(indicator, 2024) != before


def test_the_follow_up_form_draws_each_chart_once(case):
    follow_up = case.follow_ups[0]
    first = charts_for(case, follow_up)
    misses = chartcache.stats["misses"]
    again = charts_for(case, follow_up)
    assert misses == len(first) > 0
    assert chartcache.stats["misses"] == misses and chartcache.stats["hits"] == len(first)
    assert [c.png for c in again] == [c.png for c in first]


def test_the_cache_is_bounded(case, monkeypatch):
    monkeypatch.setattr(chartcache, "LIMIT", 2)
    for period in (2021, 2022, 2023, 2024):
        chartcache.cached_chart(lambda indicator, until=None: object(), case.indicators[0], period)
    assert chartcache.size() == 2
