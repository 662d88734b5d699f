"""Which kubeconfig files a kubectl command reads, how they merge, and where its changes go.

client-go's clientcmd (loader.go ClientConfigLoadingRules, config.go PathOptions and
ModifyConfig), as kubectl 1.32 runs them: ``--kubeconfig FILE`` names the one file;
otherwise ``$KUBECONFIG`` lists files (``:``-separated, duplicates dropped, missing ones
skipped); otherwise ``~/.kube/config``. Merging keeps, for each cluster, user and context
name, the entry of the first file that has it, and the first non-empty current-context.

A ``kubectl config`` command works on the merged config with paths as written
(DoNotResolvePaths) and writes back only what it changed: the current context to the
explicit file or the default file (the first listed file that exists, else the last
listed), a changed entry to the file it came from (new ones to the default file), with
its certificate paths made relative to that file's directory when no ``..`` is needed
(RelativizeClusterLocalPaths), and a removed entry out of every file that holds it.
Commands that talk to the server read the same merge with relative paths resolved
against the directory of the file they came from (ResolveLocalPaths).

``~/.kube/config`` is the cluster's own kubeconfig (``kubeconfig.of``), kept as data and
shown to the console's file commands as the file kubectl would have written (``files.keep``);
every other file is text in the scratch directory, read and written in the v1 YAML
kubectl writes (clientcmd.Write: sorted keys, maps as name-sorted lists).
"""
from __future__ import annotations

import copy
import posixpath

from clusters.console import files
from clusters.console.kubectl import kubeconfig
from clusters.console.printers import yamlout

HOME_FILE = kubeconfig.PATH
_HOME_KEY = files.norm(HOME_FILE)
_SECTIONS = ("clusters", "users", "contexts")
# clientcmd GetClusterFileReferences / GetAuthInfoFileReferences.
_FILE_REFERENCES = {"clusters": ("certificate-authority",), "users": ("client-certificate", "client-key", "tokenFile")}


class Access:
    """clientcmd.PathOptions for one command: the explicit file, or the files ``$KUBECONFIG`` lists."""

    def __init__(self, cluster, explicit: str = "", env: str | None = None):
        self.cluster = cluster
        self.explicit = explicit
        self.env = HOME_FILE if env is None else env

    @classmethod
    def of(cls, kc) -> "Access":
        explicit = (kc.opts.get("kubeconfig") or "") if kc.opts.has("kubeconfig") else ""
        env = getattr(kc.ctx, "env", None)
        return cls(kc.cluster, explicit, env.get("KUBECONFIG") if isinstance(env, dict) else None)

    # -- which files -------------------------------------------------------------------
    def env_files(self) -> list[str]:
        """filepath.SplitList then deduplicate; an empty variable lists nothing."""
        out: list[str] = []
        for p in self.env.split(":") if self.env else []:
            if p not in out:
                out.append(p)
        return out

    def precedence(self) -> list[str]:
        """GetLoadingPrecedence."""
        if self.explicit:
            return [self.explicit]
        return self.env_files() or [HOME_FILE]

    def default_filename(self) -> str:
        """PathOptions.GetDefaultFilename: the explicit file, the first listed file that exists, else the last listed."""
        if self.explicit:
            return self.explicit
        listed = self.env_files()
        for p in listed:
            if self.exists(p):
                return p
        return listed[-1] if listed else HOME_FILE

    def exists(self, path: str) -> bool:
        return files.read(self.cluster, path) is not None

    # -- one file ------------------------------------------------------------------------
    def read(self, path: str) -> dict | None:
        """LoadFromFile: the file's config in the internal shape, None when there is no such file."""
        if files.resolve(self.cluster, path) == _HOME_KEY and isinstance(getattr(self.cluster, "kubeconfig", None), dict):
            return copy.deepcopy(kubeconfig.of(self.cluster))
        text = files.read(self.cluster, path)
        if text is None:
            return None
        try:
            return kubeconfig.from_document(kubeconfig.parse_text(text))
        except kubeconfig.ConfigError as e:
            raise kubeconfig.ConfigError(f'error loading config file "{path}": {e}') from None

    def write(self, path: str, conf: dict) -> None:
        """WriteToFile: the whole file, as clientcmd.Write encodes it."""
        if files.resolve(self.cluster, path) == _HOME_KEY:
            self.cluster.kubeconfig = copy.deepcopy(conf)
            return
        files.write(self.cluster, path, _text(conf))

    def _read_or_empty(self, path: str) -> dict:
        """getConfigFromFile: a file that is not there yet is an empty config."""
        return self.read(path) or kubeconfig.empty()

    # -- the merge -----------------------------------------------------------------------
    def load(self) -> tuple[dict, dict]:
        """ClientConfigLoadingRules.Load with paths as written: the merged config and, for each
        (section, name), the file it came from (LocationOfOrigin)."""
        merged, origins = kubeconfig.empty(), {}
        for path in self.precedence():
            if not path:
                continue
            conf = self.read(path)
            if conf is None:
                continue
            for section in _SECTIONS:
                for name, entry in conf.get(section, {}).items():
                    if name not in merged[section]:
                        merged[section][name] = entry
                        origins[(section, name)] = path
            if not merged["current-context"]:
                merged["current-context"] = conf.get("current-context", "")
            if conf.get("preferences", {}).get("colors"):
                merged["preferences"] = {"colors": True}
        return merged, origins

    def client_config(self) -> dict:
        """The merge a command that talks to the server uses: relative paths resolved against the
        directory of the file each entry came from. Only ``~/.kube/config``: the cluster's own."""
        if not self.explicit and [files.resolve(self.cluster, p) for p in self.env_files()] == [_HOME_KEY] \
                and isinstance(getattr(self.cluster, "kubeconfig", None), dict):
            return kubeconfig.of(self.cluster)
        merged, origins = self.load()
        for section, refs in _FILE_REFERENCES.items():
            for name, entry in merged[section].items():
                base = self._directory(origins[(section, name)])
                for ref in refs:
                    if entry.get(ref):
                        entry[ref] = files.absolute_from(base, entry[ref])
        return merged

    def _directory(self, path: str) -> str:
        return posixpath.dirname(files.absolute(self.cluster, path))

    # -- writing changes back ------------------------------------------------------------------
    def modify(self, start: dict, origins: dict, new: dict, relativize: bool = True) -> None:
        """ModifyConfig: each difference between ``start`` (as ``load`` gave it) and ``new`` goes to its file."""
        if start == new:
            return
        if start.get("current-context", "") != new.get("current-context", ""):
            self._write_current_context(new.get("current-context", ""))
        if start.get("preferences") != new.get("preferences"):
            dest = self.default_filename()
            conf = self._read_or_empty(dest)
            conf["preferences"] = copy.deepcopy(new.get("preferences", {}))
            self.write(dest, conf)
        for section in _SECTIONS:
            for name, entry in new[section].items():
                if start[section].get(name) == entry and name in start[section]:
                    continue
                dest = origins.get((section, name)) or self.default_filename()
                conf = self._read_or_empty(dest)
                entry = copy.deepcopy(entry)
                if relativize and section in _FILE_REFERENCES:
                    self._relativize(entry, _FILE_REFERENCES[section], dest)
                conf[section][name] = entry
                self.write(dest, conf)
        for section in _SECTIONS:
            for name in start[section]:
                if name in new[section]:
                    continue
                for path in self.precedence():
                    conf = self.read(path) if path else None
                    if conf is not None and name in conf[section]:
                        del conf[section][name]
                        self.write(path, conf)

    def _write_current_context(self, name: str) -> None:
        """writeCurrentContext: a context set goes to the explicit or default file; one cleared is
        cleared in the first file that sets it."""
        if self.explicit or name:
            dest = self.explicit or self.default_filename()
            conf = self._read_or_empty(dest)
            conf["current-context"] = name
            self.write(dest, conf)
            return
        for path in self.precedence():
            conf = self.read(path) if path else None
            if conf is not None and conf.get("current-context"):
                conf["current-context"] = ""
                self.write(path, conf)
                return
        raise kubeconfig.ConfigError("no config found to write context")

    def _relativize(self, entry: dict, refs: tuple[str, ...], dest: str) -> None:
        """ResolvePaths against the file's directory, then RelativizePathWithNoBacksteps."""
        base = self._directory(dest)
        for ref in refs:
            if not entry.get(ref):
                continue
            path = files.absolute_from(base, entry[ref])
            rel = posixpath.relpath(path, base)
            entry[ref] = path if rel.startswith("../") else rel


# -- ~/.kube/config as the console's file commands see it ----------------------------------------
def _text(conf: dict) -> str:
    return yamlout.dumps(kubeconfig.document(conf, redact=False))


def _present(cluster) -> bool:
    return getattr(cluster, "kubeconfig", None) is not False


def _render(cluster) -> str:
    kept = getattr(cluster, "kubeconfig", None)
    return kept if isinstance(kept, str) else _text(kubeconfig.of(cluster))


def _store(cluster, text: str | None) -> None:
    """What was written there (``None``: removed). Text kubectl would write back the same is kept as
    data; anything else (comments, other spacing, YAML that does not parse) as the text itself."""
    if text is None:
        cluster.kubeconfig = False
        return
    try:
        conf = kubeconfig.from_document(kubeconfig.parse_text(text))
    except kubeconfig.ConfigError:
        conf = None
    cluster.kubeconfig = conf if conf is not None and _text(conf) == text else text


files.keep(_HOME_KEY, _present, _render, _store)
