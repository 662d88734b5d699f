"""Whether a kubectl command reaches this cluster, and what kubectl prints when it does not.

Before a command runs, the kubeconfig decides where it goes (client-go's
clientcmd, client_config.go): a current context that does not exist is a
configuration error for every command that loads the client config; over
https, a user kubectl cannot identify (no such user, or one with no
credentials) makes client-go prompt for a username, which fails at once on
a console with no terminal input (auth_loaders.go PromptingAuthLoader);
a server that is not this cluster's refuses the connection. The words are
the real binary's (kubectl 1.32 against ``https://127.0.0.1:1``): most
commands first log memcache.go's discovery failure once per retry, then
print helpers.go's "The connection to the server ... was refused" line.

Commands that never load the client config (``config``, ``completion``,
``version --client``...) are not checked, and the ones that build an object
locally (``create deployment ... --dry-run=client``, ``--local``) only need
the context to exist.
"""
from __future__ import annotations

from clusters.console.kubectl import base, credentials, impersonation, klog, kubeconfig

# Commands that never read the client config.
OFFLINE = {"config", "completion", "options", "plugin", "kustomize", "help"}
# memcache.go's "couldn't get current server API group list" lines before the
# refusal, per command, as kubectl 1.32 prints them (the default is five).
DISCOVERY_RETRIES = {"get --raw": 0, "top": 0, "events": 0, "create": 0, "exec": 4, "logs": 4, "rollout": 4,
                     "run": 1, "explain": 2, "api-resources": 1, "api-versions": 1, "version": 0}


def check(kc) -> None:
    """Raise what kubectl prints when this command cannot reach the cluster; return when it can."""
    name = kc.verb.name
    first = name.split()[0]
    if first in OFFLINE or (first == "version" and kc.opts.get("client")):
        return
    conf = kc.client_config()
    try:
        kubeconfig.endpoint(conf, _global(kc, "context"), _global(kc, "cluster"), _global(kc, "server"))
        unreachable, secure = None, True
    except kubeconfig.ConfigurationError as e:
        raise base.KubectlError(f"Error in configuration: {e}", raw=True) from None
    except kubeconfig.Unreachable as e:
        unreachable, secure = e, e.secure
    if _local(kc):
        return
    try:
        credentials.validate(kc, conf, lambda name: _global(kc, name))
    except credentials.ConfigurationError as e:  # helpers.go checkErr: IsConfigurationInvalid
        raise base.KubectlError(f"Error in configuration: {e}", raw=True) from None
    if secure and not _identified(kc, conf):
        kc.out("Please enter Username: ")
        raise base.KubectlError("EOF")
    if unreachable is not None:
        raise _refused(kc, unreachable)
    user = credentials.user(kc, conf, lambda name: _global(kc, name))
    if user is None:
        raise _unauthorized(kc)
    kc.user = user
    if user != credentials.ADMIN:
        kc.api = impersonation.api_for(kc.cluster.api, kc.opts, user)


def _local(kc) -> bool:
    """Objects built on the client: create's generators with --dry-run=client, and --local."""
    o = kc.opts
    if o.has("local") and o.get("local"):
        return True
    name = kc.verb.name
    return name.startswith("create ") and o.has("dry-run") and o.get("dry-run") == "client"


def _global(kc, name: str) -> str:
    """A global flag's value, unless the command has its own flag of that name (create rolebinding --user)."""
    from clusters.console.kubectl import flags as flagmod

    if any(f.name == name for f in flagmod.command_flags(kc.verb.name)):
        return ""
    return (kc.opts.get(name) or "") if kc.opts.has(name) else ""


def _identified(kc, conf: dict) -> bool:
    """client_config.go canIdentifyUser, over the context's user and the credential flags."""
    if _global(kc, "username") or _global(kc, "token"):
        return True
    ctx = conf.get("contexts", {}).get(_global(kc, "context") or conf.get("current-context", ""), {})
    user = conf.get("users", {}).get(_global(kc, "user") or ctx.get("user", ""), {})
    return any(user.get(k) for k in ("username", "client-certificate", "client-certificate-data", "token",
                                     "tokenFile", "auth-provider", "exec"))


def _refused(kc, e: kubeconfig.Unreachable) -> base.KubectlError:
    name = kc.verb.name
    first = name.split()[0]
    key = "get --raw" if first == "get" and kc.opts.get("raw") else first
    dial = f"dial tcp {e.dial}: connect: connection refused"
    refused = f"The connection to the server {e.host} was refused - did you specify the right host or port?\n"
    if first == "version":
        from clusters.console.kubectl import version

        v = getattr(kc.cluster.spec, "version", "v1.32.0")
        kc.out(f"Client Version: {v}\nKustomize Version: {version.KUSTOMIZE}\n")
    if first in ("apply", "create", "replace") and kc.opts.get("filename") and kc.opts.get("validate") != "false":
        path = list(kc.opts.get("filename"))[0]
        return base.KubectlError(
            f'error validating "{path}": error validating data: failed to download openapi: '
            f'Get "{e.url}/openapi/v2?timeout=32s": {dial}; if you choose to ignore these errors, '
            "turn validation off with --validate=false")
    lines = _klog(kc, f'"Unhandled Error" err="couldn\'t get current server API group list: '
                      f'Get \\"{e.url}/api?timeout=32s\\": {dial}"', DISCOVERY_RETRIES.get(key, 5))
    kc.err(lines)
    if first == "api-resources":
        kc.out("NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n")
    if first == "api-versions":
        return base.KubectlError(f'couldn\'t get available api versions from server: Get "{e.url}/api?timeout=32s": {dial}')
    if first == "cluster-info":
        kc.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    return base.KubectlError(refused, raw=True)


# What client-go makes of a 401 it cannot decode as a Status (request.go newUnstructuredResponseError), as
# the aggregated discovery request gets it: discovery fails first, then the command with the same error.
NO_CREDENTIALS = "the server has asked for the client to provide credentials"


def _unauthorized(kc) -> base.KubectlError:
    """A 401 from kube-apiserver: helpers.go StandardErrorMessage's "You must be logged in to the server".

    whoami's SelfSubjectReview is its first request, decoded as the Status it is ("Unauthorized");
    every other command meets the 401 in discovery first (memcache.go, retried as for a refused
    connection), so its words are client-go's for an undecodable 401."""
    name = kc.verb.name
    if name == "auth whoami":
        return base.KubectlError("error: You must be logged in to the server (Unauthorized)", raw=True)
    first = name.split()[0]
    key = "get --raw" if first == "get" and kc.opts.get("raw") else first
    kc.err(_klog(kc, f'"Unhandled Error" err="couldn\'t get current server API group list: {NO_CREDENTIALS}"',
                 DISCOVERY_RETRIES.get(key, 5)))
    return base.KubectlError(f"error: You must be logged in to the server ({NO_CREDENTIALS})", raw=True)


def _klog(kc, message: str, count: int) -> str:
    """discovery's klog error (memcache.go:265), ``count`` times at virtual now."""
    return klog.line("E", kc.now, klog.pid(kc.now), "memcache.go:265", message) * count
