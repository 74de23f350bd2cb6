"""Template parts compiled once per process, with the same output as a fresh compilation."""

from __future__ import annotations

import jinja2

from iopdocs.documents import jinjacache
from iopdocs.documents.render import make_env, shared_env


def test_the_same_source_is_compiled_once():
    env = jinjacache.CachingEnvironment()
    first = env.from_string("Hej {{ namn }}!")
    assert env.from_string("Hej {{ namn }}!") is first
    assert env.from_string("Hej {{ namn }}?") is not first
    assert env.compiled == 2


def test_cached_templates_render_each_context_anew():
    env = jinjacache.CachingEnvironment()
    assert env.from_string("{{ a }}").render(a=1) == "1"
    assert env.from_string("{{ a }}").render(a=2) == "2"


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(jinjacache, "LIMIT", 3)
    env = jinjacache.CachingEnvironment()
    for n in range(6):
        env.from_string(f"{n}")
    assert env.compiled == 3


def test_the_shared_environment_renders_as_a_fresh_one():
    source = "{{ belopp|kr }} {{ text }}"
    context = {"belopp": 1234567, "text": "<&>"}
    assert shared_env() is shared_env()
    assert shared_env().from_string(source).render(context) == make_env().from_string(source).render(context)
    try:
        shared_env().from_string("{{ saknas }}").render()
    except jinja2.UndefinedError:
        pass
    else:
        raise AssertionError("an undefined name must raise, as in make_env's environment")


def test_a_template_part_is_cleaned_once_and_as_docxtpl_cleans_it():
    from docxtpl import DocxTemplate

    source = "<w:p>{<w:r/>{ namn }<w:r/>}</w:p>" + "x" * 7  # unique text: not cached by another test
    template = object.__new__(jinjacache.CachingDocxTemplate)  # patch_xml reads nothing of the document
    cleaned = template.patch_xml(source)
    assert cleaned == DocxTemplate.patch_xml(template, source) == "<w:p>{{ namn }}</w:p>" + "x" * 7
    assert template.patch_xml(source) is cleaned
