"""Templates prepared once per process: docxtpl's cleaning and jinja2's compilation cached.

docxtpl cleans each part of a Word template (body, headers, footers) with a series of
regular expressions (`patch_xml`) and hands the result to jinja2, which compiles it;
both anew on every render: for the four documents of a case 44 compilations, about
40 % of the rendering, and the cleaning another quarter. Both depend on the template's
text alone, so `iopdocs watch`, a build of many cases and the web preview keep the
result, keyed by that text (any change to the template is a new key). At most `LIMIT`
of each are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Callable

import jinja2
from docxtpl import DocxTemplate

LIMIT = 128
_patched: OrderedDict[str, str] = OrderedDict()
_patched_lock = threading.Lock()


class CachingDocxTemplate(DocxTemplate):
    """A DocxTemplate whose `patch_xml` (a pure function of the part's XML) is done once per text."""

    def patch_xml(self, src_xml):
        with _patched_lock:
            patched = _patched.get(src_xml)
            if patched is not None:
                _patched.move_to_end(src_xml)
                return patched
        patched = super().patch_xml(src_xml)
        with _patched_lock:
            _patched[src_xml] = patched
            while len(_patched) > LIMIT:
                _patched.popitem(last=False)
        return patched


class CachingEnvironment(jinja2.Environment):
    """An Environment whose `from_string` returns the template compiled earlier for the same source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiled: OrderedDict[str, jinja2.Template] = OrderedDict()
        self._compiled_lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            template = self._compiled.get(source)
            if template is not None:
                self._compiled.move_to_end(source)
                return template
        template = super().from_string(source)
        with self._compiled_lock:
            self._compiled[source] = template
            while len(self._compiled) > LIMIT:
                self._compiled.popitem(last=False)
        return template

    @property
    def compiled(self) -> int:
        return len(self._compiled)


def shared(configure: Callable[[jinja2.Environment], None], **options) -> CachingEnvironment:
    """The process's one environment for these options, set up by `configure` on first use."""
    return _shared(configure, tuple(sorted(options.items())))


@lru_cache(maxsize=4)
def _shared(configure, options: tuple) -> CachingEnvironment:
    env = CachingEnvironment(**dict(options))
    configure(env)
    return env
