"""kubectl rollout status|history|undo|restart|pause|resume (kubernetes/kubectl:pkg/cmd/rollout/).

- ``status`` watches the object and prints polymorphichelpers/rollout_status.go's
  line at every change (``Waiting for deployment "web" rollout to finish: 1 out
  of 3 new replicas have been updated...``) until ``successfully rolled out``.
  Virtual time advances timer by timer while it waits, bounded by ``--timeout``
  or, when there is none, by console.timing.ROLLOUT_WAIT_BOUND (a real kubectl
  would wait for Ctrl-C; ours outlasts the default progress deadline);
  running out prints ``error: timed out waiting for the condition``. The
  Deployment's Progressing condition is checked at every step, so a stalled
  rollout ends with ``error: deployment "web" exceeded its progress
  deadline`` as soon as the controller reports ProgressDeadlineExceeded. ``--watch=false`` prints the current line once.
- ``history`` is history.go's table: a Deployment's revisions from its
  ReplicaSets' revision annotations, a DaemonSet's or StatefulSet's from its
  ControllerRevisions; ``--revision=N`` describes that revision's pod template.
- ``undo`` is rollback.go, client-side: for a Deployment the target
  ReplicaSet's template (minus pod-template-hash) goes back into it; for a
  DaemonSet or StatefulSet the target ControllerRevision's data is sent as
  the strategic-merge patch it already is.
- ``restart`` sets the template's ``kubectl.kubernetes.io/restartedAt``;
  ``pause``/``resume`` set ``spec.paused`` (objectpauser.go, objectresumer.go).

History and rollback use the deployment controller's
``clusters.controllers.deployment.history`` and the shared
``clusters.controllers.history`` (the same computations kubectl does).
"""
from __future__ import annotations

from clusters import objects
from clusters.apiserver import errors as api_errors
from clusters.console import timing
from clusters.console.kubectl import base, mutating, reflector, set_, visiting
from clusters.console.printers import tabwriter

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
_ROLLABLE = ("Deployment", "DaemonSet", "StatefulSet")


class Verb(base.Verb):
    name = "rollout"
    subcommands = {"status": "rollout:Status", "history": "rollout:History", "undo": "rollout:Undo",
                   "restart": "rollout:Restart", "pause": "rollout:Pause", "resume": "rollout:Resume"}

    def run(self, kc, args):
        return set_.parent_command(kc, self, args)


def _targets(kc, args: list[str]) -> tuple[list[visiting.Info], list[BaseException]]:
    """ResourceTypeOrNameArgs(true, ...) with -l and -f, as every rollout subcommand builds it."""
    filenames = kc.opts.get("filename", []) or []
    selector = kc.opts.get("selector", "") or ""
    if not args and not filenames:
        raise base.KubectlError("required resource not specified")
    found, errs, _ = visiting.infos(kc, args, filenames=filenames, selector=selector, all_=not selector)
    return found, errs




# -- status ------------------------------------------------------------------------

def status_line(obj: dict, revision: int = 0) -> tuple[str, bool]:
    """rollout_status.go's StatusViewer for Deployments, DaemonSets and StatefulSets: (line, done)."""
    kind = obj.get("kind")
    name = obj["metadata"]["name"]
    spec = obj.get("spec") or {}
    st = obj.get("status") or {}
    gen = obj["metadata"].get("generation", 0)
    observed = st.get("observedGeneration", 0)
    if kind == "Deployment":
        if revision > 0:
            have = int((obj["metadata"].get("annotations") or {}).get(REVISION, "0") or 0)
            if have != revision:
                raise base.KubectlError(f"desired revision ({revision}) is different from the running revision ({have})")
        if gen <= observed:
            for c in st.get("conditions") or ():
                if c.get("type") == "Progressing" and c.get("reason") == "ProgressDeadlineExceeded":
                    raise base.KubectlError(f'deployment "{name}" exceeded its progress deadline')
            replicas = spec.get("replicas", 1)
            updated = st.get("updatedReplicas", 0)
            if replicas is not None and updated < replicas:
                return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas '
                        "have been updated...\n"), False
            if st.get("replicas", 0) > updated:
                return (f'Waiting for deployment "{name}" rollout to finish: {st.get("replicas", 0) - updated} old '
                        "replicas are pending termination...\n"), False
            if st.get("availableReplicas", 0) < updated:
                return (f'Waiting for deployment "{name}" rollout to finish: {st.get("availableReplicas", 0)} of '
                        f"{updated} updated replicas are available...\n"), False
            return f'deployment "{name}" successfully rolled out\n', True
        return "Waiting for deployment spec update to be observed...\n", False
    if kind == "DaemonSet":
        if (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") != "RollingUpdate":
            return "", True  # rollout status is only available for RollingUpdate strategy type
        if gen <= observed:
            want = st.get("desiredNumberScheduled", 0)
            if st.get("updatedNumberScheduled", 0) < want:
                return (f'Waiting for daemon set "{name}" rollout to finish: {st.get("updatedNumberScheduled", 0)} out '
                        f"of {want} new pods have been updated...\n"), False
            if st.get("numberAvailable", 0) < want:
                return (f'Waiting for daemon set "{name}" rollout to finish: {st.get("numberAvailable", 0)} of {want} '
                        "updated pods are available...\n"), False
            return f'daemon set "{name}" successfully rolled out\n', True
        return "Waiting for daemon set spec update to be observed...\n", False
    if kind == "StatefulSet":
        if observed == 0 or gen > observed:
            return "Waiting for statefulset spec update to be observed...\n", False
        replicas = spec.get("replicas", 1)
        if replicas is not None and st.get("readyReplicas", 0) < replicas:
            return (f"Waiting for {replicas - st.get('readyReplicas', 0)} pods to be ready...\n"), False
        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") == "RollingUpdate" and strategy.get("rollingUpdate") \
                and replicas is not None and strategy["rollingUpdate"].get("partition") is not None:
            part = strategy["rollingUpdate"]["partition"]
            if st.get("updatedReplicas", 0) < replicas - part:
                return (f"Waiting for partitioned roll out to finish: {st.get('updatedReplicas', 0)} out of "
                        f"{replicas - part} new pods have been updated...\n"), False
            return (f"partitioned roll out complete: {st.get('updatedReplicas', 0)} new pods have been updated...\n",
                    True)
        if st.get("updateRevision") != st.get("currentRevision"):
            return (f"waiting for statefulset rolling update to complete {st.get('updatedReplicas', 0)} pods at "
                    f"revision {st.get('updateRevision')}...\n"), False
        return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
                f"{st.get('currentRevision')}...\n"), True
    raise base.KubectlError(f"no status viewer has been implemented for {obj.get('kind')}")


class Status(base.Verb):
    name = "rollout status"

    def run(self, kc, args):
        revision = int(kc.opts.get("revision", 0) or 0)
        if revision < 0:
            raise base.KubectlError(f"revision must be a positive integer: {revision}")
        found, errs = _targets(kc, args)
        if not found and not errs:
            kc.err(f"No resources found in {kc.namespace} namespace.\n")
            return 0
        watch = bool(kc.opts.get("watch", True))
        timeout = float(kc.opts.get("timeout", 0) or 0)
        bound = timeout if timeout > 0 else timing.ROLLOUT_WAIT_BOUND
        cluster = kc.cluster
        for info in found:
            if info.obj.get("kind") not in _ROLLABLE:
                raise base.KubectlError(f"no status viewer has been implemented for {info.obj.get('kind')}")
            deadline = cluster.clock.now + bound
            refused = reflector.refusal(kc, info.resource, info.namespace, info.name)
            if refused is not None:  # the informer's list or watch is refused: it logs and retries
                if not reflector.retry_until(kc, refused, deadline, lambda: _listed_status(kc, info, revision, watch)):
                    raise base.KubectlError("timed out waiting for the condition")
                continue
            last_rv = None
            while True:
                cluster.settle()
                obj = kc.api.try_get(info.resource, info.name, info.namespace)
                if obj is None or obj["metadata"].get("uid") != info.obj["metadata"].get("uid"):
                    raise base.KubectlError("object has been deleted")
                rv = obj["metadata"].get("resourceVersion")
                if rv != last_rv:  # one watch event per write of the object
                    last_rv = rv
                    line, done = status_line(obj, revision)
                    kc.out(line)
                    if done or not watch:
                        break
                nxt = cluster.clock.next_time()
                if nxt is None or nxt > deadline:
                    timing.advance(cluster, max(0.0, deadline - cluster.clock.now))
                    cluster.settle()
                    # A last look: a write landing as the wait ends is still a watch event.
                    obj = kc.api.try_get(info.resource, info.name, info.namespace)
                    if obj is not None and obj["metadata"].get("resourceVersion") != last_rv:
                        line, done = status_line(obj, revision)
                        kc.out(line)
                        if done:
                            break
                    raise base.KubectlError("timed out waiting for the condition")
                timing.advance(cluster, max(nxt - cluster.clock.now, 0.0) or 0.001)
        return visiting.finish(kc, errs)


def _listed_status(kc, info, revision: int, watch: bool) -> bool:
    """What the informer's list hands rollout status: an Added (then Modified) event, printed."""
    obj = kc.cluster.api.try_get(info.resource, info.name, info.namespace)  # the list was authorized
    if obj is None or obj["metadata"].get("uid") != info.obj["metadata"].get("uid"):
        return False  # an empty list: no event, nothing to print
    line, done = status_line(obj, revision)
    kc.out(line)
    return done or not watch


# GroupKindElement.Accept (kubectl pkg/apps/kind_visitor.go): kinds with a visitor method, of which
# only these three have a history viewer and a rollbacker.
_VISITABLE = {("", "Pod"), ("apps", "ReplicaSet"), ("", "ReplicationController"), ("batch", "Job"),
              ("batch", "CronJob"), ("apps", "Deployment"), ("apps", "DaemonSet"), ("apps", "StatefulSet")}


def _no_visitor(what: str, info) -> base.KubectlError:
    """HistoryViewerFor / RollbackerFor on a kind with neither (history.go, rollback.go)."""
    kind, group = info.obj.get("kind", info.resource.kind), info.resource.group
    group_kind = f"{kind}.{group}" if group else kind  # schema.GroupKind.String
    if (group, kind) in _VISITABLE:
        implemented = "history viewer" if what == "history" else "rollbacker"
        return base.KubectlError(f'no {implemented} has been implemented for "{group_kind}"')
    return base.KubectlError(f'error retrieving {what} for "{group_kind}", no visitor method exists for '
                             f"{{{group} {kind}}}")


# -- history -----------------------------------------------------------------------

def _history(kc, info) -> list[dict]:
    """The revisions ``rollout history`` lists, oldest first: ``revision``, ``change_cause``, the
    ``template`` ``--revision`` describes and the ``object`` ``-o`` prints (GetHistory).

    A Deployment's come from its ReplicaSets (DeploymentHistoryViewer: the
    change cause goes into the described template's annotations); a
    DaemonSet's and a StatefulSet's from their ControllerRevisions, each
    applied to the object (printHistory, applyDaemonSetHistory).
    """
    if info.obj.get("kind") == "Deployment":
        from clusters.controllers.deployment import history as deployment_history

        try:  # history.go getDeploymentReplicaSets: the Deployment, then a list of its ReplicaSets
            kc.api.get(info.resource, info.name, info.namespace)
        except api_errors.StatusError as e:
            raise base.KubectlError(f"failed to retrieve deployment {info.name}: {e.message}") from None
        try:
            entries = deployment_history.rollout_history(kc.api, info.name, info.namespace)
        except api_errors.StatusError as e:
            raise base.KubectlError(f"failed to retrieve replica sets from deployment {info.name}: {e.message}") from None
        out = []
        for e in entries:
            template = objects.clone(e["template"])
            if e["change_cause"]:
                template.setdefault("metadata", {}).setdefault("annotations", {})[CHANGE_CAUSE] = e["change_cause"]
            out.append({"revision": e["revision"], "change_cause": e["change_cause"], "template": template,
                        "object": e["object"]})
        return out
    from clusters.controllers import history

    obj, revisions = _controller_history(kc, info)
    by_number = {}
    for r in revisions:  # a later revision with the same number wins, as in printHistory's map
        by_number[r.get("revision", 0)] = r
    out = []
    for n in sorted(by_number):
        applied = history.applied(obj, by_number[n])
        cause = (by_number[n]["metadata"].get("annotations") or {}).get(CHANGE_CAUSE, "")
        out.append({"revision": n, "change_cause": cause, "template": applied["spec"]["template"],
                    "object": applied})
    return out


def _controller_history(kc, info) -> tuple[dict, list[dict]]:
    """daemonSetHistory / statefulSetHistory: the object and the ControllerRevisions its selector
    matches that it controls (controlledHistory), in the API's (name) order."""
    kind = info.obj.get("kind")
    try:
        obj = kc.api.get(info.resource, info.name, info.namespace)
    except api_errors.StatusError as e:
        what = "DaemonSet" if kind == "DaemonSet" else "Statefulset"
        raise base.KubectlError(f"failed to retrieve {what} {info.name}: {e.message}") from None
    selector = objects.selector_from_label_selector(obj["spec"].get("selector"))
    uid = obj["metadata"]["uid"]
    return obj, [r for r in kc.api.list("controllerrevisions", info.namespace, selector)
                 if (objects.controller_of(r) or {}).get("uid") == uid]


def _describe_template(template: dict) -> str:
    from clusters.console.printers.describe import common

    w = common.Writer()
    common.pod_template(w, template)
    # history.go printTemplate: a PrefixWriter straight onto a buffer, no tabwriter, so the tabs stay
    return "".join("".join(block) for block in w.blocks)


class History(base.Verb):
    name = "rollout history"

    def run(self, kc, args):
        revision = int(kc.opts.get("revision", 0) or 0)
        if revision < 0:
            raise base.KubectlError(f"revision must be a positive integer: {revision}")
        found, errs = _targets(kc, args)
        fmt = visiting.output_format(kc)
        printed = 0
        for info in found:
            if info.obj.get("kind") not in _ROLLABLE:
                errs.append(_no_visitor("history", info))
                continue
            try:
                entries = _history(kc, info)
            except base.KubectlError as e:
                errs.append(e)
                continue
            if fmt:
                # rollout_history.go with -o: GetHistory's objects, or the one --revision names (a
                # revision that is not there panics kubectl 1.32 on a nil object; later releases
                # print this error, and so do we)
                pick = [e for e in entries if e["revision"] == revision] if revision > 0 else entries
                if revision > 0 and not pick:
                    errs.append(base.KubectlError("unable to find the specified revision"))
                    continue
                for e in pick:
                    if e["object"] is not None:
                        # GetHistory's objects are typed (appsv1.ReplicaSet, ...): struct field order; one
                        # printer for the command, so YAML documents after the first start with "---"
                        text = visiting.render(kc, [e["object"]], fmt, typed=True)
                        if fmt == "yaml" and printed:
                            text = "---\n" + text
                        printed += 1
                        kc.out(text)
                continue
            if not entries:
                text = "No rollout history found."
            elif revision > 0:
                match = [e for e in entries if e["revision"] == revision]
                if not match:
                    errs.append(base.KubectlError("unable to find the specified revision"))
                    continue
                text = _describe_template(match[0]["template"])
            else:
                rows = "REVISION\tCHANGE-CAUSE\n" + "".join(
                    f"{e['revision']}\t{e['change_cause'] or '<none>'}\n" for e in entries)
                text = tabwriter.format_lines(rows, minwidth=0, padding=2)  # history.go tabbedString
            with_revision = f"with revision #{revision}" if revision > 0 else ""
            # rollout_history.go: the name printer's "operation" is "<withRevision>\n<history>"
            kc.out(f"{mutating.kind_group(info.obj)}/{info.name} {with_revision}\n{text}\n")
        return visiting.finish(kc, errs)


# -- undo ----------------------------------------------------------------------------

class Undo(base.Verb):
    name = "rollout undo"

    def run(self, kc, args):
        to_revision = int(kc.opts.get("to-revision", 0) or 0)
        dry = mutating.dry_run_mode(kc)
        found, errs = _targets(kc, args)
        for info in found:
            kind = info.obj.get("kind")
            if kind not in _ROLLABLE:
                errs.append(_no_visitor("rollbacker", info))
                continue
            rollback = self.rollback if kind == "Deployment" else self.rollback_to_revision
            try:
                result = rollback(kc, info, to_revision, dry)
            except (base.KubectlError, api_errors.StatusError) as e:
                errs.append(e)
                continue
            visiting.report(kc, info.obj, result, dry)
        return visiting.finish(kc, errs)

    def rollback(self, kc, info, to_revision: int, dry: str) -> str:
        """rollback.go DeploymentRollbacker.Rollback, in its order of checks."""
        from clusters.controllers.deployment import history

        if to_revision < 0:
            raise base.KubectlError(f"unable to find specified revision {to_revision} in history")
        entries = _history(kc, info)
        target = None
        if to_revision > 0:
            target = next((e for e in entries if e["revision"] == to_revision), None)
            if target is None:
                raise base.KubectlError(f"unable to find specified revision {to_revision} in history")
        elif len(entries) < 2:
            raise base.KubectlError(f'no rollout history found for deployment "{info.name}"')
        else:
            target = entries[-2]
        if dry == "client":
            return _describe_template(target["object"]["spec"]["template"])
        if (info.obj.get("spec") or {}).get("paused"):
            raise base.KubectlError("you cannot rollback a paused deployment; resume it first with "
                                    "'kubectl rollout resume' and try again")
        try:
            return history.rollback(kc.api, info.name, info.namespace, target["revision"],
                                    cause=kc.cluster.cause, dry_run=(dry == "server"))
        except history.RollbackError as e:
            raise base.KubectlError(str(e)) from None

    def rollback_to_revision(self, kc, info, to_revision: int, dry: str) -> str:
        """rollback.go DaemonSetRollbacker / StatefulSetRollbacker.Rollback: the revision's data is
        itself the strategic-merge patch that restores its template."""
        from clusters.controllers import history

        if to_revision < 0:
            raise base.KubectlError(f"unable to find specified revision {to_revision} in history")
        obj, revisions = _controller_history(kc, info)
        if to_revision == 0 and len(revisions) <= 1:
            raise base.KubectlError("no last revision to roll back to")
        if to_revision == 0:
            # findHistory: the second-highest revision (sort.Sort by revision number)
            target = sorted(revisions, key=lambda r: r.get("revision", 0))[-2]
        else:
            target = next((r for r in revisions if r.get("revision", 0) == to_revision), None)
            if target is None:
                raise base.KubectlError(f"unable to find specified revision {to_revision} in history")
        if dry == "client":
            # printPodTemplate
            return "will roll back to " + _describe_template(history.applied(obj, target)["spec"]["template"])
        if history.matches(obj, target):
            # upstream prints the --to-revision it was given, so 0 when there was none
            return f"skipped rollback (current template already matches revision {to_revision})"
        try:
            kc.client().patch(info.resource, info.name, target["data"], info.namespace, patch_type="strategic",
                              dry_run=(dry == "server"))
        except api_errors.StatusError as e:
            raise base.KubectlError(f"failed restoring revision {to_revision}: {e.message}") from None
        return "rolled back"


# -- restart, pause, resume ------------------------------------------------------------

class _TemplateChange(base.Verb):
    """CalculatePatches over the targets, then one write each (rollout_pause.go, _resume.go, _restart.go)."""
    done = ""
    unchanged = ""

    def change(self, kc, obj: dict) -> None:
        raise NotImplementedError

    def run(self, kc, args):
        found, errs = _targets(kc, args)
        dry = mutating.dry_run_mode(kc) if kc.opts.has("dry-run") else "none"
        if not found and not errs:
            kc.err(f"No resources found in {kc.namespace} namespace.\n")
            return 0
        for info in found:
            new = objects.clone(info.obj)
            try:
                self.change(kc, new)
            except base.KubectlError as e:
                errs.append(base.KubectlError(f'error: {info.resource.qualified} "{info.name}" {e.message}'))
                continue
            if new == info.obj and self.name == "rollout restart":
                errs.append(base.KubectlError(f"failed to create patch for {info.name}: if restart has already been "
                                              "triggered within the past second, please wait before attempting to "
                                              "trigger another"))
                continue
            if new == info.obj:
                visiting.report(kc, info.obj, self.unchanged, dry)
                continue
            try:
                out = visiting.write(kc, info, new, dry)
            except api_errors.StatusError as e:
                errs.append(base.KubectlError(f"failed to patch: {base.standard_error_message(e)}"))
                continue
            visiting.report(kc, out, self.done, dry)
        return visiting.finish(kc, errs)


class Pause(_TemplateChange):
    name = "rollout pause"
    done, unchanged = "paused", "already paused"

    def change(self, kc, obj):
        if obj.get("kind") != "Deployment":
            raise base.KubectlError("pausing is not supported")
        if obj["spec"].get("paused"):
            raise base.KubectlError("is already paused")
        obj["spec"]["paused"] = True


class Resume(_TemplateChange):
    name = "rollout resume"
    done, unchanged = "resumed", "already resumed"

    def change(self, kc, obj):
        if obj.get("kind") != "Deployment":
            raise base.KubectlError("resuming is not supported")
        if not obj["spec"].get("paused"):
            raise base.KubectlError("is not paused")
        obj["spec"]["paused"] = False


class Restart(_TemplateChange):
    name = "rollout restart"
    done, unchanged = "restarted", "restarted"

    def change(self, kc, obj):
        kind = obj.get("kind")
        if kind not in _ROLLABLE:
            raise base.KubectlError("restarting is not supported")
        if kind == "Deployment" and obj["spec"].get("paused"):
            raise base.KubectlError("can't restart paused deployment (run rollout resume first)")
        meta = obj["spec"].setdefault("template", {}).setdefault("metadata", {})
        # objectrestarter.go: time.Now().Format(time.RFC3339)
        meta.setdefault("annotations", {})[RESTARTED_AT] = kc.api.timestamp()
