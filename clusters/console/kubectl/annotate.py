"""kubectl annotate (kubernetes/kubectl:pkg/cmd/annotate/annotate.go).

Like label, with annotate.go's own words: pairs parse with
cmdutil.ParsePairs (``invalid annotation format: x``), overwrites are refused
together (``--overwrite is false but found the following declared
annotation(s): 'a' already has a value (x); ...``), the change-cause
annotation may always be overwritten, and the operation is always
``annotated``.
"""
from __future__ import annotations

from clusters.console.kubectl import base, label


class Verb(label.Verb):
    name = "annotate"
    field = "annotations"
    pair_type = "annotation"
    op_changed = op_unchanged = op_shrunk = "annotated"

    def parse_pairs(self, pairs):
        """cmdutil.ParsePairs(pairArgs, "annotation", true) then validateAnnotations."""
        new, remove = base.parse_pairs(pairs, "annotation")
        both = [k for k in remove if k in new]
        if both:
            raise base.KubectlError("can not both modify and remove the following annotation(s) in the same command: "
                                    + ", ".join(both))
        return new, remove

    def overwrite_errors(self, current, new):
        found = [f"'{k}' already has a value ({current[k]})" for k in sorted(new)
                 if k != label.CHANGE_CAUSE and k in current and current[k] != new[k]]
        if not found:
            return []
        return [base.KubectlError("--overwrite is false but found the following declared annotation(s): "
                                  + "; ".join(found))]

    def missing_notice(self, key):
        return ""  # annotate.go says nothing about absent keys

    def local_with_resources(self):
        return "can only use local files by -f rsrc.yaml or --filename=rsrc.json when --local=true is set"

    def local_without_files(self):
        return "one or more files must be specified as -f rsrc.yaml or --filename=rsrc.json"
