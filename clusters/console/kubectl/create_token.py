"""kubectl create token SERVICE_ACCOUNT.

kubernetes/kubectl:pkg/cmd/create/create_token.go: Validate's checks in its
order and words, then POST serviceaccounts/<name>/token
(clusters/apiserver/tokens.py); any API error comes back as ``failed to
create token: <message>``. Without -o the token is printed on its own line,
as to a terminal.
"""
from __future__ import annotations

from clusters.apiserver import errors as api_errors, tokens
from clusters.console.kubectl import base, create, impersonation, mutating, visiting

BOUND_KINDS = {"Node": "v1", "Pod": "v1", "Secret": "v1"}  # boundObjectKindToAPIVersions


class Verb(base.Verb):
    name = "create token"

    def run(self, kc, args):
        n = len(args) if kc.dash < 0 else kc.dash
        if n != 1:
            raise base.UsageError(f"exactly one NAME is required, got {n}\nSee 'kubectl {self.name} -h' for help and examples")
        name = args[0]
        fmt = visiting.check_output(kc)
        o = kc.opts
        duration = o.get("duration") or 0
        audiences = o.get("audience") or []
        kind, obj_name, obj_uid = o.get("bound-object-kind") or "", o.get("bound-object-name") or "", o.get("bound-object-uid") or ""
        if duration < 0:
            raise base.KubectlError("--duration must be greater than or equal to 0")
        if duration != int(duration):
            raise base.KubectlError("--duration cannot be expressed in units less than seconds")
        if any(a == "" for a in audiences):
            raise base.KubectlError("--audience must not be an empty string")
        if not kind:
            if obj_name:
                raise base.KubectlError("--bound-object-name can only be set if --bound-object-kind is provided")
            if obj_uid:
                raise base.KubectlError("--bound-object-uid can only be set if --bound-object-kind is provided")
        else:
            if kind not in BOUND_KINDS:
                raise base.KubectlError("supported --bound-object-kind values are " + ", ".join(sorted(BOUND_KINDS)))
            if not obj_name:
                raise base.KubectlError("--bound-object-name is required if --bound-object-kind is provided")
        spec: dict = {"audiences": audiences or None}
        if duration > 0:
            spec["expirationSeconds"] = int(duration)
        if kind:
            spec["boundObjectRef"] = {"kind": kind, "apiVersion": BOUND_KINDS[kind], "name": obj_name, "uid": obj_uid}
        try:
            impersonation.check(kc.api, "create", "serviceaccounts", kc.namespace, name, "token")
            resp = tokens.create_token(kc.cluster.api, kc.namespace, name, {"spec": spec})
        except api_errors.StatusError as e:
            raise create.refused("failed to create token: ", e) from None
        if fmt:
            mutating.print_object(kc, resp, fmt, typed=True)
        else:
            kc.out(resp["status"]["token"] + "\n")
        return 0
