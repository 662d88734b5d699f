"""Finding labs: ``load(slug)`` and ``all_labs()``, validated and cached."""
from __future__ import annotations

import os

from labs import model, validation
from labs.model import Lab

_cache: dict[str, Lab] = {}


class LabNotFound(LookupError):
    pass


class InvalidLab(ValueError):
    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def slugs() -> list[str]:
    return [os.path.basename(f) for f in validation.lab_folders()]


def load(slug: str) -> Lab:
    """The lab in ``labs/<slug>/``; also accepts the slug without its number (``deployments``)."""
    if slug in _cache:
        return _cache[slug]
    known = slugs()
    match = slug if slug in known else next((s for s in known if s.split("-", 1)[1] == slug), None)
    if match is None:
        raise LabNotFound(f"no lab named {slug!r} (try python -m labs list)")
    if match not in _cache:
        folder = os.path.join(model.HERE, match)
        problems = validation.problems(folder, set(known))
        if problems:
            raise InvalidLab(problems)
        _cache[match] = Lab.read(folder)
    _cache[slug] = _cache[match]
    return _cache[match]


def all_labs() -> list[Lab]:
    return [load(s) for s in slugs()]
