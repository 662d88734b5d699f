"""How kubectl prints the warnings the API server sends with its responses.

kubectl installs client-go's WarningWriter as the default warning handler
(k8s.io/kubectl/pkg/cmd/cmd.go, rest.NewWarningWriter with Deduplicate: true): each
``Warning`` header is written to stderr as ``Warning: <text>`` when its response
arrives, so before whatever the command prints about that response, and a text
already printed by this command is not printed again. The colour it adds on a
terminal is left out: this console is not one. ``--warnings-as-errors`` turns a
command that printed any into a failure.
"""
from __future__ import annotations

from clusters.console.kubectl import base


class WarningWriter:
    def __init__(self, err):
        self._err = err
        self._written: set[str] = set()

    def __call__(self, text: str) -> None:
        if text in self._written:
            return
        self._written.add(text)
        self._err(f"Warning: {text}\n")

    def as_errors(self) -> None:
        """--warnings-as-errors: cmd.go's PersistentPostRunE, after a command that succeeded,
        fails it when any warning was written."""
        count = len(self._written)
        if count:
            raise base.KubectlError(f"{count} warning{'' if count == 1 else 's'} received")


class printing:
    """For the length of one kubectl command: the API server hands its warnings to the
    command's WarningWriter."""

    def __init__(self, api, err):
        self._api = api
        self._writer = WarningWriter(err)
        self._before = None

    def __enter__(self):
        self._before = self._api.warning_handler
        self._api.warning_handler = self._writer
        return self._writer

    def __exit__(self, *exc):
        self._api.warning_handler = self._before
        return False
