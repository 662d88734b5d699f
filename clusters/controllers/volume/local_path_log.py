"""What kind's local-path provisioner writes to its log (``kubectl logs -n local-path-storage
deploy/local-path-provisioner``).

The program logs through two loggers. Its own lines (rancher/local-path-provisioner v0.0.30
main.go, provisioner.go) go through logrus v0.11.0's TextFormatter with no terminal:
``time="2025-06-02T09:00:05Z" level=info msg="Creating volume ..." `` (every key=value pair
followed by a space, so the line ends in one; a value is quoted with Go's %q unless it is only
letters, digits, ``-`` and ``.``). kind starts it with ``--debug``, so its debug lines show too.
The library it is built on (sig-storage-lib-external-provisioner v10.0.1 controller.go) and
client-go v0.30.0's event broadcaster (tools/record/event.go StartStructuredLogging(0)) log
through klog at verbosity 0: ``I0602 09:00:05.123456       1 controller.go:824] "Starting
provisioner controller" component="..."``, PID 1 in its container.

The library's identity, ``rancher.io/local-path_<hostname>_<uuid>``, names the process in its
first lines and in the source of its events; the UUID is drawn when the process starts
(NewProvisionController), here derived from the pod and which start of its container this is,
so that starting a provisioner draws nothing from the cluster's random stream.
"""
from __future__ import annotations

import hashlib
import json

from clusters import timeutil

PROVISIONER = "rancher.io/local-path"


def identity(pod_name: str, pod_uid: str, run: int) -> str:
    """NewProvisionController's component: provisioner name, hostname (the pod's name), a v4 UUID."""
    h = hashlib.sha256(f"local-path-provisioner/{pod_uid}/{run}".encode()).hexdigest()[:32]
    h = h[:12] + "4" + h[13:16] + "89ab"[int(h[16], 16) & 3] + h[17:]
    return f"{PROVISIONER}_{pod_name}_{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _go_quote(text: str) -> str:
    """strconv.Quote for the ASCII texts logged here."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def logrus(epoch: float, level: str, message: str) -> str:
    """logrus v0.11.0 text_formatter.go Format without colours (time in RFC 3339, UTC in the container)."""
    def value(v: str) -> str:
        plain = v and all(ch.isascii() and (ch.isalnum() or ch in "-.") for ch in v)
        return v if plain else _go_quote(v)
    return f"time={value(timeutil.rfc3339(epoch))} level={level} msg={value(message)} "


def klog(severity: str, epoch: float, source: str, message: str) -> str:
    """klog/v2 formatHeader: severity, MMDD, time to the microsecond, PID 1 in 7 columns, file:line."""
    stamp = timeutil.rfc3339_micro(epoch)
    return f"{severity}{stamp[5:7]}{stamp[8:10]} {stamp[11:26]}       1 {source}] {message}"


def structured(message: str, *pairs) -> str:
    """A klog structured message: the quoted message, then key=value pairs (strings quoted, numbers not)."""
    out = [_go_quote(message)]
    for key, value in zip(pairs[::2], pairs[1::2]):
        out.append(f"{key}={value}" if isinstance(value, int) else f"{key}={_go_quote(value)}")
    return " ".join(out)


def applied_config(text: str) -> str:
    """``Applied config: ...`` (provisioner.go refreshConfig): the config file re-marshalled from its
    ConfigData struct, fields in the struct's order, empty ones left out (omitempty), except
    storageClassConfigs, which is null when absent."""
    data = json.loads(text)

    def class_config(d: dict) -> dict:
        out = {}
        paths = [{k: v for k, v in (("node", n.get("node")), ("paths", n.get("paths"))) if v}
                 for n in d.get("nodePathMap") or ()]
        if paths:
            out["nodePathMap"] = paths
        if d.get("sharedFileSystemPath"):
            out["sharedFileSystemPath"] = d["sharedFileSystemPath"]
        return out
    out = {k: data[k] for k in ("cmdTimeoutSeconds", "setupCommand", "teardownCommand") if data.get(k)}
    out.update(class_config(data))
    configs = data.get("storageClassConfigs")
    out["storageClassConfigs"] = {k: class_config(v) for k, v in sorted(configs.items())} if configs else None
    return "Applied config: " + json.dumps(out, separators=(",", ":"))


def started(epoch: float, component: str, config_text: str | None) -> list[tuple[float, str]]:
    """A starting process's lines, as (seconds after its start, text): main.go startDaemon's
    NewProvisioner (the config applied) and ``Provisioner started``, then the library's Run, which
    starts its informers and waits for their caches before its workers run [offsets approximate]."""
    lines = []
    if config_text is not None:
        try:
            lines.append((0.02, logrus(epoch + 0.02, "debug", applied_config(config_text))))
        except (ValueError, AttributeError, TypeError):
            pass  # a config that does not load: upstream exits at once (not modelled)
    lines.append((0.02, logrus(epoch + 0.02, "debug", "Provisioner started")))
    lines.append((0.03, klog("I", epoch + 0.03, "controller.go:824",
                             structured("Starting provisioner controller", "component", component))))
    lines.append((0.13, klog("I", epoch + 0.13, "controller.go:873",
                             structured("Started provisioner controller", "component", component))))
    return lines


def event_occurred(epoch: float, obj: dict, type_: str, reason: str, message: str) -> str:
    """client-go v0.30.0 tools/record/event.go:389, the broadcaster's structured log of every event."""
    m = obj["metadata"]
    ref = f"{m['namespace']}/{m['name']}" if m.get("namespace") else m["name"]
    return klog("I", epoch, "event.go:389", structured(
        "Event occurred", "object", ref, "fieldPath", "", "kind", obj.get("kind") or "",
        "apiVersion", obj.get("apiVersion") or "", "type", type_, "reason", reason, "message", message))
