"""A whole simulated cluster: wires the parts, runs commands, advances time.

Commands run through the console language (``Cluster.console_class``, handed
in by the ``clusters`` package, which sits above both).

A cluster is a pure function of its spec, its seed and its journal of
``{"t": virtual time, "cmd": line}`` entries (an entry without ``cmd`` only
advances time). ``Cluster.replay`` rebuilds one from those three, and
``state_digest`` proves the rebuilt cluster equals the original. ``snapshot``
pickles the whole object (every timer callback is a bound method with plain
arguments, never a closure) so a host can bound replay time. A pickle is only
as good as the code that reads it, so a snapshot carries a digest of the
``clusters`` source; ``restore`` refuses one written by other code, and the
host replays the journal instead (after a deploy, say).

Booting is the same work for every cluster of one spec (kube-system coming
up, nodes registering, a minute of settling), so it uses a fixed seed and
its result is kept, pickled, per spec: ``Cluster(spec, seed)`` unpickles
that booted template and reseeds the generator with ``seed``. A new cluster
therefore costs an unpickle, not a boot, and is still a pure function of
``(spec, seed, journal)``.
"""
from __future__ import annotations

import functools
import hashlib
import json
import pickle
import zlib
from collections import OrderedDict, deque
from typing import Any

from clusters import bootstrap, objects, timeutil
from clusters.apiserver import APIServer, StatusError
from clusters.clock import Clock
from clusters.controllers import informers
from clusters.output import Output
from clusters.randomness import Randomness
from clusters.spec import ClusterSpec
from clusters.store import Store
from clusters.trace import Trace

@functools.lru_cache(maxsize=None)
def _code_digest() -> bytes:
    """Read on the first snapshot or restore, not at import: most processes never take one."""
    import pathlib

    h = hashlib.sha256()
    root = pathlib.Path(__file__).parent
    for path in sorted(root.rglob("*.py")):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.digest()[:16]


SNAPSHOT_MAGIC = b"KLC1"

# Bound on timers one advance may run before the cluster reports a runaway.
MAX_STEPS_PER_ADVANCE = 20_000_000
# The seed every boot uses; a cluster's own seed takes over once it is up.
BOOT_SEED = 0
# Booted clusters kept per spec, pickled (a few hundred KB each).
_TEMPLATES: OrderedDict[str, bytes] = OrderedDict()
_TEMPLATE_LIMIT = 16
_TEMPLATE_MAX_NODES = 64


def _coerce_spec(spec: ClusterSpec | dict | None) -> ClusterSpec:
    if spec is None:
        return ClusterSpec()
    if isinstance(spec, dict):
        return ClusterSpec.from_dict(spec)
    return spec


class Cluster:
    # The console language sits above the cluster (DESIGN.md §5: cluster → console),
    # so the cluster does not import it: the package (clusters/__init__.py) hands
    # the Console class in, and every cluster runs its lines through one.
    console_class: Any = None
    # The API server's secure port as a client in the cluster network reaches it (a pod's curl to
    # https://kubernetes.default.svc): clusters.console.apiserver_port.serve, handed in the same way,
    # so that network.clients answers with the one API front end the console host's curl uses.
    apiserver_port: Any = None

    def __new__(cls, spec: ClusterSpec | dict | None = None, seed: int = 0, *, _blank: bool = False):
        if _blank:  # unpickling: the state comes next
            return super().__new__(cls)
        spec = _coerce_spec(spec)
        key = json.dumps(spec.to_dict(), sort_keys=True, default=str)
        template = _TEMPLATES.get(key)
        if template is None:
            cluster = super().__new__(cls)
            cluster._boot(spec)
            # Big clusters are rare and their templates large: boot those afresh.
            if len(spec.node_specs()) <= _TEMPLATE_MAX_NODES:
                _TEMPLATES[key] = pickle.dumps(cluster, protocol=pickle.HIGHEST_PROTOCOL)
                while len(_TEMPLATES) > _TEMPLATE_LIMIT:
                    _TEMPLATES.popitem(last=False)
        else:
            _TEMPLATES.move_to_end(key)
            cluster = pickle.loads(template)
        cluster.seed = seed
        cluster.rand.reseed(seed)
        return cluster

    def __init__(self, spec: ClusterSpec | dict | None = None, seed: int = 0, *, _blank: bool = False):
        """Everything happens in ``__new__``: a cluster is a copy of its spec's booted template."""

    def __getnewargs_ex__(self):
        return (), {"_blank": True}

    def _boot(self, spec: ClusterSpec) -> None:
        self.spec = spec
        self.seed = BOOT_SEED
        self.epoch = timeutil.parse_rfc3339(spec.start)
        self.clock = Clock()
        self.rand = Randomness(BOOT_SEED)
        self.store = Store()
        self.trace = Trace()
        self.cause: Any = None
        self.journal: list[dict] = []
        self.event_cache: dict = {}
        self.event_lease: list | None = None  # [expiry, events] of the lease new events join
        self.event_relet: dict = {}  # (namespace, name) -> expiry of the newest lease of an updated event
        self.bugs: list[str] = []
        self.logs: dict[str, deque] = {}
        self.api = APIServer(self)
        self.informers = informers.Informers(self)
        self.files: dict[str, str] = {}
        self.env: dict[str, str] = {}
        self.history: list[str] = []
        # How the host should map wall time to virtual time; `sim pause|resume|speed` set it.
        self.time_mode: dict = {"paused": False, "speed": 1.0}

        self.console = self.console_class(self)
        bootstrap.boot(self)

    # -- causes and diagnostics -------------------------------------------------
    def current_cause(self) -> Any:
        return self.cause

    def log(self, component: str, line: str) -> None:
        buf = self.logs.get(component)
        if buf is None:
            buf = self.logs[component] = deque(maxlen=2000)
        buf.append((self.clock.now, line))

    def record_bug(self, component: str, key: str, exc: BaseException) -> None:
        msg = f"{component}: {key}: {type(exc).__name__}: {exc}"
        if len(self.bugs) < 100:
            self.bugs.append(msg)
        self.log(component, msg)

    def expire_events(self, events: list) -> None:
        """An event lease ran out: etcd deletes every key still attached to it
        (an updated event was moved to a newer lease)."""
        now = self.clock.now
        relet = self.event_relet
        for namespace, name, cache_key in events:
            newest = relet.get((namespace, name))
            if newest is not None:
                if newest > now:
                    continue
                del relet[(namespace, name)]
            self.expire_event(namespace, name, cache_key)

    def expire_event(self, namespace: str, name: str, cache_key: tuple) -> None:
        if self.event_cache.get(cache_key) == name:
            del self.event_cache[cache_key]
        try:
            self.api.delete("events", name, namespace, actor="kube-apiserver")
        except StatusError:
            pass

    # -- time -------------------------------------------------------------------
    @property
    def now(self) -> float:
        return self.clock.now

    def next_wakeup(self) -> float | None:
        return self.clock.next_time()

    def _run_until(self, t: float) -> None:
        self.clock.run(t, max_steps=MAX_STEPS_PER_ADVANCE)

    def advance_to(self, t: float) -> None:
        """Run timed work up to virtual time ``t``; journaled so replay follows."""
        if t <= self.clock.now:
            return
        if self.journal and "cmd" not in self.journal[-1]:
            self.journal[-1]["t"] = t  # two plain advances are one
        else:
            self.journal.append({"t": t})
        self._run_until(t)

    def advance(self, seconds: float) -> None:
        self.advance_to(self.clock.now + seconds)

    def settle(self) -> None:
        """Let every reaction due now happen (controllers react in the same instant)."""
        self._run_until(self.clock.now)

    # -- commands ---------------------------------------------------------------
    def run(self, line: str) -> Output:
        """Run one console line as the learner typed it. Never raises."""
        self.journal.append({"t": self.clock.now, "cmd": line})
        return self._execute(line, len(self.journal) - 1)

    def _execute(self, line: str, index: int) -> Output:
        saved = self.cause
        self.cause = f"cmd:{index}"
        try:
            out = self.console.execute(line)
        except Exception as e:  # never a traceback to the learner
            self.record_bug("console", line, e)
            out = Output("error: internal error in the simulation; the cluster is unchanged by this command\n", 1,
                         self.prompt())
        finally:
            self.cause = saved
        self.settle()
        return out

    def complete(self, line: str) -> list[str]:
        try:
            return self.console.complete(line)
        except Exception as e:
            self.record_bug("completion", line, e)
            return []

    # -- views for hosts ----------------------------------------------------------
    def trace_since(self, cursor: int, limit: int | None = 500) -> tuple[list[dict], int]:
        entries, new_cursor = self.trace.since(cursor, limit)
        return [e.as_dict() for e in entries], new_cursor

    def map(self) -> dict:
        """Nodes with their pods (and their STATUS column), pods not yet placed, and the time."""
        return self.console.cluster_map()

    def prompt(self) -> str | None:
        """The prompt the console shows now: a shell's in a pod while the terminal is attached to
        one (``kubectl exec -ti``), None for the console's own. It can change with no command
        typed (the pod went away), so a host may ask again after time passes."""
        try:
            return self.console.prompt()
        except Exception as e:
            self.record_bug("prompt", "", e)
            return None

    def incomplete(self, text: str) -> bool:
        """Whether the console would read another line before running ``text``, as bash prints its
        PS2 (``> ``): an open ``for``/``while``/``if``, quote or heredoc, a trailing ``|`` or ``&&``."""
        try:
            return self.console.incomplete(text)
        except Exception as e:
            self.record_bug("incomplete", text, e)
            return False

    # -- persistence ------------------------------------------------------------
    def snapshot(self) -> bytes:
        return SNAPSHOT_MAGIC + _code_digest() + zlib.compress(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL), 3)

    @staticmethod
    def restore(data: bytes) -> "Cluster":
        digest = _code_digest()
        head = len(SNAPSHOT_MAGIC) + len(digest)
        if data[:len(SNAPSHOT_MAGIC)] != SNAPSHOT_MAGIC:
            raise ValueError("not a cluster snapshot")
        if data[len(SNAPSHOT_MAGIC):head] != digest:
            raise ValueError("a snapshot written by another version of the simulation")
        c = pickle.loads(zlib.decompress(data[head:]))
        if not isinstance(c, Cluster):
            raise ValueError("not a cluster snapshot")
        return c

    @classmethod
    def replay(cls, spec: ClusterSpec | dict | None, seed: int, journal: list[dict]) -> "Cluster":
        c = cls(spec, seed)
        c.apply_journal(journal)
        return c

    def apply_journal(self, entries: list[dict]) -> None:
        for entry in entries:
            t = float(entry.get("t", self.clock.now))
            if "cmd" in entry:
                if t > self.clock.now:
                    self.advance_to(t)
                self.run(entry["cmd"])
            else:
                self.advance_to(t)

    def state(self) -> dict:
        """Everything that makes two clusters the same, as JSON-able data."""
        kvs = self.store.range("/")
        return {
            "now": self.clock.now,
            "revision": self.store.revision,
            "data": [[kv.key, kv.create_revision, kv.mod_revision, kv.version, kv.value] for kv in kvs],
            "timers": [[t.when, t.priority, getattr(t.callback, "__qualname__", type(t.callback).__name__),
                        [_plain(a) for a in t.args]]
                       for t in self.clock.timers()],
            "rng": repr(self.rand.getstate()),
            "journal": self.journal,
        }

    def state_digest(self) -> str:
        blob = json.dumps(self.state(), sort_keys=True, separators=(",", ":"), default=str).encode()
        return hashlib.sha256(blob).hexdigest()

    # -- conveniences for tests and labs ------------------------------------------
    def get(self, resource: str, name: str, namespace: str | None = "default") -> dict | None:
        return self.api.try_get(resource, name, namespace)

    def list(self, resource: str, namespace: str | None = None, selector: str | None = None) -> list[dict]:
        sel = objects.parse_selector(selector) if selector else None
        return self.api.list(resource, namespace, sel)


def _plain(value: Any) -> Any:
    """A timer argument as data; components stand for themselves by type, not address."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    name = getattr(value, "name", None) or getattr(value, "node_name", None)
    return f"<{type(value).__name__} {name}>" if isinstance(name, str) else f"<{type(value).__name__}>"
