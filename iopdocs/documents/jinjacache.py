"""Templates compiled once per process: a jinja2 Environment that caches `from_string`.

docxtpl hands jinja2 each part of a Word template (body, headers, footers) as a string
and jinja2 compiles it anew on every render: for the four documents of a case that is
44 compilations and about 40 % of the rendering. `iopdocs watch` renders the same
templates on every save, so the compiled template is kept, keyed by its source (the
whole text; any change to the template is a new key). At most `LIMIT` are kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache
from typing import Callable

import jinja2

LIMIT = 128


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
