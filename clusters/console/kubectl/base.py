"""The one small base every kubectl verb is built on.

A verb is a module with a ``Verb`` subclass: its ``name`` (``"get"``, or
``"config view"`` for a subcommand), optional ``subcommands`` and a
``run(kc, args)`` that returns the exit status. Its flags and ``--help``
come from the real kubectl's help text (``help/<name>.txt``), so a verb
accepts exactly what kubectl 1.32 accepts. ``kc`` (an ``Invocation``) holds
the parsed flags and the helpers every verb needs: the namespace in force,
the API, virtual now, printing, and kubectl's error reporting.

Errors are raised, never printed by hand: ``kc.fail("msg")`` prints
``error: msg``; an API ``StatusError`` prints as
``Error from server (Reason): message``. Both follow ``checkErr`` and
``StandardErrorMessage`` in kubernetes/kubectl:pkg/cmd/util/helpers.go.

To add a verb: copy ``cluster_info.py`` (the smallest), rename, list it in
``VERBS`` in ``__init__.py``.
"""
from __future__ import annotations

from typing import Any

from clusters.apiserver import errors as api_errors
from clusters.console.kubectl import flags as flagmod, impersonation, kubeconfig as kubeconfig_, kubeconfig_loading

DEFAULT_ERROR_EXIT_CODE = 1  # helpers.go DefaultErrorExitCode


class KubectlError(Exception):
    """An error kubectl prints through CheckErr: ``error: <message>`` unless already prefixed."""

    def __init__(self, message: str, code: int = DEFAULT_ERROR_EXIT_CODE, raw: bool = False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.raw = raw  # print as is (no "error: " prefix)


class UsageError(KubectlError):
    """cmdutil.UsageErrorf: ``error: <msg>\\nSee 'kubectl get -h' for help and examples``."""


class Verb:
    name: str = ""
    # "sub" -> "module:Class" (module relative to clusters.console.kubectl)
    subcommands: dict[str, str] = {}
    # Flags this simulation adds or the help text does not list.
    extra_flags: tuple[flagmod.Flag, ...] = ()
    # Flags the command marks required (cmd.MarkFlagRequired): cobra refuses to run without them.
    required: tuple[str, ...] = ()
    # Verbs without server access (completion, config, version --client) do not need the API.
    # Added to the exit status of every error: kubectl diff exits 1 for "differences found", so its
    # errors go through CheckDiffErr, which exits one higher (helpers.go).
    error_exit_offset: int = 0

    def flag_error(self, message: str) -> str:
        """What cobra prints for a flag it cannot parse (the default FlagErrorFunc)."""
        return f"error: {message}\nSee 'kubectl {self.name} --help' for usage.\n"

    def flags(self) -> list[flagmod.Flag]:
        own = list(flagmod.command_flags(self.name))
        seen = {f.name for f in own}
        for f in self.extra_flags:
            if f.name not in seen:
                own.append(f)
                seen.add(f.name)
        for f in flagmod.global_flags():
            if f.name not in seen:
                own.append(f)
        return own

    def help(self) -> str:
        return flagmod.help_text(self.name) or f"kubectl {self.name}\n"

    def run(self, kc: "Invocation", args: list[str]) -> int:
        raise NotImplementedError


# cli-runtime builder.go: what the resource builder says when given nothing to visit.
NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'")


def no_resources() -> KubectlError:
    return KubectlError(NO_RESOURCES)


def go_list(items: list[str]) -> str:
    """fmt's %v of a []string: ``[a b c]``."""
    return "[" + " ".join(items) + "]"


def help_error(kc, message: str) -> KubectlError:
    """config.go helpErrorf: the command's help on stdout, then the error."""
    kc.out(kc.verb.help())
    return KubectlError(message)


def parent_command(kc, verb: Verb, args: list[str]) -> int:
    """cmdutil.DefaultSubCommandRun, the Run of a command that only groups others (config, set,
    top, rollout, create secret, create service): RequireNoArguments, then its help on stderr
    and exit 1."""
    if args:
        raise UsageError(f'unknown command "{" ".join(args)}"\nSee \'kubectl {verb.name} -h\' for help and examples')
    kc.err(verb.help())
    return DEFAULT_ERROR_EXIT_CODE


class Invocation:
    """One run of one kubectl command."""

    def __init__(self, ctx, verb: Verb, parsed: flagmod.Parsed):
        self.ctx = ctx
        self.cluster = ctx.cluster
        self.verb = verb
        self.opts = parsed.options
        self.api = impersonation.api_for(ctx.cluster.api, self.opts)
        self.args = parsed.args
        self.dash = parsed.dash
        self.argv: list[str] = []  # the verb's arguments as given (run_verb)
        self._client_config: dict | None = None

    # -- output ---------------------------------------------------------------
    def out(self, text: str) -> None:
        self.ctx.out(text)

    def err(self, text: str) -> None:
        self.ctx.err(text)

    @property
    def stdin(self) -> str:
        return self.ctx.stdin

    # -- where and when -----------------------------------------------------------
    @property
    def now(self) -> float:
        """Epoch seconds of virtual now (what AGE columns subtract from)."""
        return self.cluster.epoch + self.cluster.clock.now

    @property
    def namespace(self) -> str:
        """-n, else the current context's namespace, else "default" (clientcmd)."""
        ns = self.opts.get("namespace") if self.opts.changed("namespace") else None
        if ns:
            return ns
        ctx = self.opts.get("context") if self.opts.changed("context") else ""
        conf = self.client_config()
        return conf.get("contexts", {}).get(ctx or conf.get("current-context", ""), {}).get("namespace", "") or "default"

    def client_config(self) -> dict:
        """The kubeconfig this command connects with: the files --kubeconfig or $KUBECONFIG name,
        merged, paths resolved (kubeconfig_loading); read once per command."""
        if self._client_config is None:
            try:
                self._client_config = kubeconfig_loading.Access.of(self).client_config()
            except kubeconfig_.ConfigError as e:
                raise KubectlError(str(e)) from None
        return self._client_config

    @property
    def explicit_namespace(self) -> bool:
        return self.opts.changed("namespace") and bool(self.opts.get("namespace"))

    @property
    def all_namespaces(self) -> bool:
        return bool(self.opts.get("all-namespaces", False))

    def command_path(self) -> str:
        return f"kubectl {self.verb.name}"

    # -- errors ---------------------------------------------------------------------
    def fail(self, message: str, code: int = DEFAULT_ERROR_EXIT_CODE) -> "KubectlError":
        raise KubectlError(message, code)

    def usage_error(self, message: str) -> "UsageError":
        raise UsageError(f"{message}\nSee '{self.command_path()} -h' for help and examples")

    def client(self):
        """The API as kubectl reaches it: writes are recorded with actor "kubectl", the learner's command
        as cause, and the command's field manager (its --field-manager, whose default names the verb:
        kubectl-create, kubectl-edit ...; a verb without the flag leaves the server to name it from
        kubectl's User-Agent, "kubectl")."""
        manager = self.field_manager()
        if not hasattr(self.cluster, "current_cause"):
            c = self.api.client("kubectl")
            c.field_manager = manager
            return c
        return _CausedClient(self.api, self.cluster, manager)

    def field_manager(self) -> str | None:
        return (self.opts.get("field-manager") or None) if self.opts.has("field-manager") else None


class _CausedClient:
    def __init__(self, api, cluster, field_manager=None):
        self._client = api.client("kubectl")
        self._client.cause = cluster.current_cause()
        self._client.field_manager = field_manager

    def __getattr__(self, name):
        return getattr(self._client, name)


# -- kubeconfig ------------------------------------------------------------------------
# kubeadm's admin.conf names, kept in kubeconfig.py with the rest of the kubeconfig.
CLUSTER_NAME = kubeconfig_.CLUSTER_NAME
USER_NAME = kubeconfig_.USER_NAME
CONTEXT_NAME = kubeconfig_.CONTEXT_NAME
SERVER = kubeconfig_.SERVER


def kubeconfig(cluster) -> dict:
    """The learner's kubeconfig, kept on the cluster so it survives snapshots."""
    return kubeconfig_.of(cluster)


def context_namespace(cluster, context: str = "") -> str:
    kc = kubeconfig_.of(cluster)
    ctx = kc.get("contexts", {}).get(context or kc.get("current-context", ""), {})
    return ctx.get("namespace", "") or ""


# -- kubectl's error printing --------------------------------------------------------

def standard_error_message(err: api_errors.StatusError) -> str:
    """helpers.go StandardErrorMessage for an API status."""
    if err.reason == "Unauthorized":
        return f"error: You must be logged in to the server ({err.message})"
    if err.reason:
        return f"Error from server ({err.reason}): {err.message}"
    return f"Error from server: {err.message}"


def error_message(err: BaseException) -> str:
    """helpers.go checkErr: the text kubectl prints for ``err``, newline-terminated."""
    if isinstance(err, api_errors.StatusError):
        if err.reason == "Invalid" and err.code == 422:
            d = err.details or {}
            s = "The request is invalid"
            if not d:
                return s + "\n"
            if d.get("kind") or d.get("name"):
                s = f'The {d.get("kind", "")} "{d.get("name", "")}" is invalid'
            causes = d.get("causes") or []
            if not causes:
                return s + "\n"
            msgs = [f'{c.get("field")}: {c.get("message")}' if c.get("field") else c.get("message", "") for c in causes]
            if len(msgs) == 1:
                return f"{s}: {msgs[0]}\n"
            return f"{s}: \n" + "".join(f"* {m}\n" for m in msgs)
        return standard_error_message(err) + "\n"
    if isinstance(err, UsageError):
        msg = err.message
        return (msg if msg.startswith("error: ") else "error: " + msg) + "\n"
    if isinstance(err, KubectlError):
        msg = err.message
        if not err.raw and not msg.startswith("error: "):
            msg = "error: " + msg
        return msg if msg.endswith("\n") or not msg else msg + "\n"
    msg = str(err)
    return (msg if msg.startswith("error: ") else "error: " + msg) + "\n"


def multiple_errors(errs: list[BaseException]) -> str:
    """helpers.go MultipleErrors: one line per error, API errors in StandardErrorMessage form."""
    out = []
    for e in errs:
        if isinstance(e, api_errors.StatusError):
            out.append(standard_error_message(e) + "\n")
        elif isinstance(e, KubectlError):
            out.append(e.message if e.message.endswith("\n") else e.message + "\n")
        else:
            out.append(f"{e}\n")
    return "".join(out)


def no_resource_type(name: str, group: str = "", version: str = "") -> KubectlError:
    """helpers.go checkErr for meta.NoResourceMatchError."""
    if group and version:
        return KubectlError(f'the server doesn\'t have a resource type "{name}" in group "{group}" and version "{version}"')
    if group:
        return KubectlError(f'the server doesn\'t have a resource type "{name}" in group "{group}"')
    if version:
        return KubectlError(f'the server doesn\'t have a resource type "{name}" in version "{version}"')
    return KubectlError(f'the server doesn\'t have a resource type "{name}"')


def go_panic(message: str) -> KubectlError:
    """What a Go panic prints first (then its stack, left out here); the process exits 2."""
    return KubectlError(f"panic: {message}\n\ngoroutine 1 [running]:\n", code=2, raw=True)


def parse_pairs(pairs: list[str], pair_type: str) -> tuple[dict[str, str], list[str]]:
    """helpers.go ParsePairs with removal supported: ``k=v`` sets, ``k-`` removes; the bad ones are named together."""
    new: dict[str, str] = {}
    remove: list[str] = []
    invalid: list[str] = []
    for p in pairs:
        if "=" in p and p[0] != "=":
            k, _, v = p.partition("=")
            new[k] = v
        elif p.endswith("-") and p != "-":
            remove.append(p[:-1])
        else:
            invalid.append(p)
    if invalid:
        raise KubectlError(f"invalid {pair_type} format: {', '.join(invalid)}")
    return new, remove


def bool_flag(opts, name: str) -> bool:
    return bool(opts.get(name, False))


def first(items: list[Any], default=None):
    return items[0] if items else default
