"""The JSON texts jq reads, file after file (src/util.c): each file opened when the reading reaches it,
``-R`` lines, ``-s`` slurping, and the ``<stdin>:N`` position runtime errors name."""

from __future__ import annotations

from clusters.console.jq import reading
from clusters.console.jq.values import JqError


_END = object()


class Inputs:
    """The JSON texts of every input file in turn (util.c), with the position runtime errors name."""

    def __init__(self, sources: list[tuple[str, str]], open_input, raw: bool, slurp: bool):
        self._open = open_input
        self.position = "<unknown>"
        self.filename = None
        self.error: str | None = None
        self.error_reported = False
        self.produced = 0
        self._gen = self._values(sources, raw, slurp)

    def _texts(self, sources):
        for name, path in sources:
            text = self._open(path)
            if text is not None:
                yield name, text

    def _values(self, sources, raw, slurp):
        if raw:
            if slurp:
                text = "".join(t for _, t in self._texts(sources))
                self.position = f"{sources[-1][0]}:0" if sources else "<unknown>"
                yield text
                return
            for name, t in self._texts(sources):
                lines = t.split("\n")
                for n, line in enumerate(lines[:-1] if t.endswith("\n") else lines, 1):
                    if n == len(lines) and not line:
                        break
                    self.position, self.filename = f"{name}:{n}", name
                    yield line
            return
        slurped = []
        for name, t in self._texts(sources):
            self.filename = name
            try:
                self.position = f"{name}:0"
                for v, line in reading.values(t):
                    self.position = f"{name}:{line}"
                    self.produced += 1
                    if slurp:
                        slurped.append(v)
                    else:
                        yield v
            except reading.ParseError as e:
                self.error = str(e)
                return
        if slurp:
            yield slurped

    def next(self):
        """``input``: the next value; past the end jq 1.6 raises "break"; a bad text raises its parse error."""
        if self.error is None:
            v = next(self._gen, _END)
            if v is not _END:
                return v
        if self.error is not None and not self.error_reported:
            self.error_reported = True
            raise JqError(self.error)
        if self.produced:
            self.position = "<unknown>"
        raise JqError("break")

    def line(self) -> int:
        """util.c's current_line: newline-ended buffers read so far of the current file."""
        _, _, n = self.position.rpartition(":")
        return int(n) if n.isdigit() else 0

    def __iter__(self):
        while True:
            try:
                v = next(self._gen)
            except StopIteration:
                return
            yield v
