"""kubectl patch (kubernetes/kubectl:pkg/cmd/patch/patch.go).

``-p`` (or ``--patch-file``) is read as YAML or JSON, as ``yaml.ToJSON``
accepts both; ``--type`` strategic (default), merge or json. The result is
``patched``, or ``patched (no change)`` when the object came back equal
(patch.go ``patchOperation``); an unchanged object is not written, as the
API server skips no-op updates. ``--dry-run=client`` and ``--local`` apply
the patch on the client and print the result.
"""
from __future__ import annotations

import json

import yaml

from clusters.apiserver import errors as api_errors, patching
from clusters.console import files
from clusters.console.kubectl import base, mutating, visiting

PATCH_TYPES = ("json", "merge", "strategic")


def parse_patch(text: str) -> object:
    """sigs.k8s.io/yaml ToJSON: JSON is YAML; an empty patch is null."""
    try:
        return yaml.safe_load(text) if text.strip() else None
    except yaml.YAMLError as e:  # patch.go: fmt.Errorf("unable to parse %q: %v", ...)
        raise base.KubectlError(f"unable to parse {json.dumps(text, ensure_ascii=False)}: "
                                f"{mutating.yaml_error(e)}") from None


def check_json_patch(value: object) -> None:
    """Decoding into jsonpatch.Patch (github.com/evanphx/json-patch), as kubectl and the server do."""
    if not isinstance(value, list):
        raise base.KubectlError(f"json: cannot unmarshal {_json_type(value)} into Go value of type jsonpatch.Patch")
    for op in value:
        if not isinstance(op, dict):
            raise base.KubectlError(f"json: cannot unmarshal {_json_type(op)} into Go value of type jsonpatch.Operation")


def _json_type(v: object) -> str:
    if isinstance(v, dict):
        return "object"
    if isinstance(v, list):
        return "array"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    return "null"


class Verb(base.Verb):
    name = "patch"

    def run(self, kc, args):
        opts = kc.opts
        text = opts.get("patch", "") or ""
        patch_file = opts.get("patch-file", "") or ""
        local = bool(opts.get("local", False))
        filenames = opts.get("filename", []) or []
        dry = mutating.dry_run_mode(kc)
        if text and patch_file:
            raise base.KubectlError("cannot specify --patch and --patch-file together")
        if not text and not patch_file:
            raise base.KubectlError("must specify --patch or --patch-file containing the contents of the patch")
        if local and args:
            raise base.KubectlError("cannot specify --local and server resources")
        if local and dry == "server":
            raise base.KubectlError("cannot specify --local and --dry-run=server - did you mean --dry-run=client?")
        ptype = str(opts.get("type", "strategic") or "strategic")
        if ptype.lower() not in PATCH_TYPES:
            raise base.KubectlError(f'--type must be one of [json merge strategic], not "{ptype}"')
        ptype = ptype.lower()
        if patch_file:
            content = files.read(kc.cluster, patch_file)
            if content is None:
                raise base.KubectlError(f"unable to read patch file: open {patch_file}: no such file or directory")
            text = content
        patch = parse_patch(text)
        if not args and not filenames:
            raise base.no_resources()
        if local:
            found = [visiting.Info(mutating.resource_of(m), m.obj) for m in mutating.manifests(kc, filenames)]
            errs: list[BaseException] = []
        else:
            found, errs, _ = visiting.infos(kc, args, filenames=filenames, latest=False)
        subresource = opts.get("subresource", "") or None
        client = kc.client()
        for info in found:
            try:
                if ptype == "json":
                    check_json_patch(patch)
                elif not isinstance(patch, dict):
                    raise api_errors.bad_request(f"json: cannot unmarshal {_json_type(patch)} into Go value of type "
                                                 "map[string]interface {}")
                try:
                    new = patching.apply_patch(info.resource.kind, info.obj, patch, ptype)
                except patching.PatchError as e:
                    if local or dry == "client":
                        raise base.KubectlError(str(e)) from None
                    if ptype != "json":
                        raise api_errors.bad_request(str(e)) from None
                    # apiserver handlers/patch.go: a failed JSON patch is a 422 whose cause carries the message
                    raise api_errors.StatusError(422, "Invalid", "the server rejected our request due to an error in "
                                                 "our request", {"causes": [{"message": str(e)}]}) from None
                did = new != info.obj
                if local or dry == "client" or not did:
                    out = new
                else:
                    out = client.patch(info.resource, info.name, patch, info.namespace, patch_type=ptype,
                                       subresource=subresource, dry_run=(dry == "server"))
            except (api_errors.StatusError, base.KubectlError) as e:
                errs.append(e)
                continue
            # patch.go sets the printer's operation after the dry-run suffix: 1.32 prints none.
            visiting.report(kc, out, "patched" if did else "patched (no change)", "none")
        if not found and not errs:
            errs.append(base.KubectlError("no objects passed to patch"))
        return visiting.finish(kc, errs)
