"""klog's text lines as kubectl writes them to stderr (k8s.io/klog/v2 formatHeader).

``E1124 03:18:26.426740   26383 reflector.go:166] message``: the severity letter,
MMDD, the time to the microsecond, the pid right-aligned in 7 columns, the
source file and line. The pid is the command's virtual start second's, so it
is stable on replay and differs from one command to the next; the time is
virtual now. A structured message (``"Unhandled Error" err="..."``) quotes its
values as klog does, with Go's %q escapes.
"""
from __future__ import annotations

from clusters import timeutil


def pid(epoch: float) -> int:
    return 1000 + int(epoch) % 60000


def line(severity: str, epoch: float, process: int, source: str, message: str) -> str:
    stamp = timeutil.rfc3339_micro(epoch)  # 2025-06-02T09:00:00.123456Z
    return f"{severity}{stamp[5:7]}{stamp[8:10]} {stamp[11:26]} {process:7d} {source}] {message}\n"


def quoted(value: str) -> str:
    """A klog key/value string (strconv.Quote for the ASCII texts kubectl logs)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def value(text: str) -> str:
    """A structured value: quoted, or a multi-line one as klog writes it (``<``, each line after a
    tab, `` >``)."""
    if "\n" not in text:
        return quoted(text)
    return "<\n" + "".join(f"\t{ln}\n" for ln in text.split("\n")) + " >"


def command_failed(epoch: float, message: str) -> str:
    """component-base/cli/run.go: how kubectl reports an error a command returned to cobra
    (kubectl kustomize's) instead of through CheckErr."""
    return line("E", epoch, pid(epoch), "run.go:72", f'"command failed" err={value(message)}')


def unhandled_error(message: str) -> str:
    """utilruntime.HandleError's structured line (apimachinery 1.32 logError)."""
    return f'"Unhandled Error" err={quoted(message)}'
