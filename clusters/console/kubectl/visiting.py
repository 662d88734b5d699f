"""What the verbs that change existing objects share: find them, write them, print what happened.

``infos`` follows kubectl's resource builder with ``ContinueOnError`` and
``Latest`` (k8s.io/cli-runtime/pkg/resource/builder.go, visitor.go): from
``-f``, ``TYPE NAME...``, ``TYPE/NAME...``, ``TYPE -l sel`` or ``TYPE --all``
it returns the live objects found, in the order named, and the API errors
(NotFound) met on the way; the verb prints the objects it changed first and
the errors last, as ``CheckErr`` prints the visitor's aggregate. Named
objects, and with ``latest`` the objects in files, are fetched as Info.Get
does (``builder.info_get``: a missing namespace is the error reported);
without ``Latest()`` (patch, autoscale, expose) a file's object is looked up
plainly.

``report`` prints one result the way the verbs' printers do: ``-o
yaml|json|name|jsonpath`` renders the object, otherwise the name printer's
``pod/web labeled`` with `` (dry run)`` / `` (server dry run)``
(k8s.io/cli-runtime/pkg/printers/name.go).

``write`` sends a changed object to the API server unless nothing changed
(kubectl would send an empty patch; the server would not bump the
resourceVersion for it, so neither do we).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.apiserver.resources import Resource
from clusters.console.kubectl import base, builder, mutating
from clusters.console.printers import output as printer


class Info:
    __slots__ = ("resource", "obj")

    def __init__(self, resource: Resource, obj: dict):
        self.resource = resource
        self.obj = obj

    @property
    def name(self) -> str:
        return self.obj["metadata"]["name"]

    @property
    def namespace(self) -> str | None:
        return self.obj["metadata"].get("namespace")


def infos(kc, args: list[str], *, filenames: list[str] | None = None, selector: str = "", all_: bool = False,
          field_selector: str = "", verb: str = "", latest: bool = True) -> tuple[list[Info], list[BaseException], bool]:
    """(found objects, errors, single) — ``single`` is the builder's IntoSingleItemImplied."""
    verb = verb or kc.verb.name.split()[0]
    found: list[Info] = []
    errs: list[BaseException] = []
    if filenames:
        ms = mutating.manifests(kc, filenames, bool(kc.opts.get("recursive", False)) if kc.opts.has("recursive") else False)
        for m in ms:
            r = mutating.resource_of(m)
            ns = mutating.namespace_for(kc, r, m.obj)
            name = (m.obj.get("metadata") or {}).get("name", "")
            try:
                found.append(Info(r, builder.info_get(kc, r, name, ns) if latest else kc.api.get(r, name, ns)))
            except api_errors.StatusError as e:
                errs.append(e)
        return found, errs, len(ms) == 1 and not any(files_is_dir(kc, f) for f in filenames)
    reqs = builder.parse_args(args, "get")  # cli-runtime builder.go hard-codes "kubectl get" in its hint
    if all_ and selector:
        raise base.KubectlError("cannot set --all and --selector at the same time")
    named = 0
    for req in reqs:
        r = req.resource
        if req.names:
            for n in req.names:
                named += 1
                try:
                    found.append(Info(r, builder.info_get(kc, r, n)))
                except api_errors.StatusError as e:
                    errs.append(e)
        elif selector or all_ or field_selector:
            for o in builder.list_objects(kc, r, selector, field_selector, kc.all_namespaces):
                found.append(Info(r, o))
        else:
            raise base.KubectlError("resource(s) were provided, but no name was specified")
    return found, errs, named == 1 and len(reqs) == 1


def files_is_dir(kc, name: str) -> bool:
    from clusters.console import files

    return name != "-" and files.is_dir(kc.cluster, name)


def changed(old: dict, new: dict) -> bool:
    return old != new


def write(kc, info: Info, new: dict, dry: str, subresource: str | None = None) -> dict:
    """Update ``info``'s object to ``new`` (dry run: only validate on the server, or nothing for client)."""
    if dry == "client":
        return new
    if not changed(info.obj, new):
        return info.obj
    new = objects.clone(new)
    new["metadata"]["resourceVersion"] = info.obj["metadata"].get("resourceVersion")
    return kc.client().update(info.resource, new, subresource=subresource, dry_run=(dry == "server"))


def output_format(kc) -> str:
    return (kc.opts.get("output", "") or "") if kc.opts.has("output") else ""


def check_output(kc) -> str:
    """The -o value, refused before anything is changed when no printer matches (PrintFlags.ToPrinter in Complete)."""
    fmt = output_format(kc)
    try:
        printer.check_format(fmt, printer.OBJECT_FORMATS)
    except printer.PrintError as e:
        raise base.KubectlError(str(e)) from None
    return fmt


def render(kc, objs: list[dict], fmt: str, single: bool = True, typed: bool = False) -> str:
    """-o for objects a verb produced; ``typed`` when kubectl holds them as Go structs (gostructs.py)."""
    if fmt == "name":
        return "".join(f"{mutating.kind_group(o)}/{o['metadata'].get('name', '')}\n" for o in objs)
    try:
        printer.check_format(fmt, printer.OBJECT_FORMATS)
        return printer.render(kc.cluster, fmt, objs, single,
                              [f"{mutating.kind_group(o)}/{o['metadata'].get('name', '')}" for o in objs],
                              kc.opts.get("template", "") if kc.opts.has("template") else "", typed=typed,
                              show_managed=bool(kc.opts.get("show-managed-fields", False)))
    except printer.PrintError as e:
        raise base.KubectlError(str(e)) from None


def report(kc, obj: dict, operation: str, dry: str, fmt: str | None = None, typed: bool = False) -> None:
    fmt = output_format(kc) if fmt is None else fmt
    if fmt:
        kc.out(render(kc, [obj], fmt, typed=typed))
    else:
        kc.out(mutating.operation_line(obj, obj["metadata"]["name"], operation, dry))


def finish(kc, errs: list[BaseException]) -> int:
    """Print the visitor's errors as CheckErr does (one error plainly, several as a list)."""
    if not errs:
        return 0
    kc.err(base.multiple_errors(errs) if len(errs) > 1 else base.error_message(errs[0]))
    return base.DEFAULT_ERROR_EXIT_CODE


def drop_empty(obj: dict, *fields: str) -> dict:
    """Empty label/annotation maps vanish when the server decodes them (omitempty)."""
    m = obj.get("metadata") or {}
    for f in fields:
        if f in m and not m[f]:
            del m[f]
    return obj
