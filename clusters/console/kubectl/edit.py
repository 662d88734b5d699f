"""kubectl edit (kubernetes/kubectl:pkg/cmd/edit/edit.go, pkg/cmd/util/editor).

A real kubectl opens $KUBE_EDITOR, $EDITOR or vi on the objects and applies
what the learner saves. This console has no full-screen editor, so edit
finds the objects as kubectl does (the builder's errors, NotFound), then
ends the way kubectl does when the editor closes with the file unchanged:
``Edit cancelled, no changes made.``, after a note on where the same
change can be made (patch, set, scale, label, annotate, apply).
"""
from __future__ import annotations

from clusters.console.kubectl import base, visiting

NO_EDITOR = ("This console has no text editor for kubectl edit: change objects with kubectl patch, "
             "kubectl set, kubectl scale, kubectl label, kubectl annotate, or kubectl apply -f.\n")
CANCELLED = "Edit cancelled, no changes made.\n"  # editoptions.go, an unchanged file


class Verb(base.Verb):
    name = "edit"

    def run(self, kc, args):
        filenames = kc.opts.get("filename", []) or []
        if not args and not filenames:
            raise base.no_resources()
        visiting.check_output(kc)
        found, errs, _ = visiting.infos(kc, args, filenames=filenames, selector=kc.opts.get("selector", "") or "",
                                        all_=bool(kc.opts.get("all", False)))
        if found:
            kc.err(NO_EDITOR)
            kc.out(CANCELLED)
        return visiting.finish(kc, errs)
