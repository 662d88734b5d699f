"""The editor pane's side of the cluster: reading scratch files, saving them, and `kubectl edit`.

Files live in the cluster (`cluster.files`, path -> text), so they follow
snapshots and replay. Reading them goes to the worker holding the cluster and
changes nothing. Saving is a console command like any other, journaled before
it runs, so replay stays deterministic:

    cat > web.yaml <<'KUBELAB_EOF'
    ...the editor's text...
    KUBELAB_EOF

`kubectl edit TYPE/NAME` (which the console language answers, in a terminal,
with "no editor here": a journaled console cannot wait for an interactive
editor) becomes, in the web console, which has one,

    kubectl get TYPE NAME -n NS -o yaml > /tmp/kubectl-edit-TYPE-NAME.yaml  # kubectl edit ...

and the page opens that file; saving it runs `kubectl apply -f` on it, which
like kubectl edit sends the object back with its resourceVersion, so a stale
copy fails with a conflict. The trailing comment keeps what the learner typed
in the journal, where lab checks on command history look for it.

`kubectl create -f FILE --edit` (create.go RunEditOnCreate: edit the manifest,
then create what was saved) opens the objects the same way,

    kubectl create -f FILE --dry-run=client -o yaml > /tmp/kubectl-create-FILE.yaml  # kubectl create ...

and saving runs `kubectl create -f` on the saved file.
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

MAX_FILE_BYTES = 64 * 1024  # what the editor opens and saves
MAX_PATH = 255
_PATH = re.compile(r"^[A-Za-z0-9._~/+@=-]+$")
DELIMITER = "KUBELAB_EOF"
EDIT_DIR = "/tmp"
HOME = "/root"  # the console host's home directory, the scratch directory the editor lists


class BadFile(ValueError):
    pass


def check_path(path: str) -> str:
    """A scratch-directory path the editor may name, or BadFile with what is wrong."""
    if not isinstance(path, str) or not path.strip():
        raise BadFile("a file name is required")
    path = path.strip()
    if len(path) > MAX_PATH:
        raise BadFile(f"the file name is longer than {MAX_PATH} characters")
    if not _PATH.match(path):
        raise BadFile("use letters, digits and . _ - / ~ in file names")
    if any(part == ".." for part in path.split("/")) or path.endswith("/"):
        raise BadFile("name a file inside your scratch directory, without ..")
    return path


def save_command(path: str, content: str, *, apply: bool = False, origin: str = "") -> str:
    """The console line that writes `content` to `path` (and applies it, for an edit)."""
    path = check_path(path)
    if not isinstance(content, str):
        raise BadFile("the file's text must be a string")
    if len(content.encode()) > MAX_FILE_BYTES:
        raise BadFile(f"the file is {len(content.encode())} bytes; the editor saves at most {MAX_FILE_BYTES}")
    if "\x00" in content:
        raise BadFile("the file contains a NUL character")
    if content and not content.endswith("\n"):
        content += "\n"
    delimiter = DELIMITER
    lines = set(content.splitlines())
    n = 0
    while delimiter in lines:
        n += 1
        delimiter = f"{DELIMITER}_{n}"
    # The editor names files from the home directory, wherever `cd` left the console.
    quoted = shlex.quote(path if path.startswith(("/", "~")) else f"{HOME}/{path}")
    line = f"cat > {quoted} <<'{delimiter}'\n{content}{delimiter}"
    if apply:
        verb = "create" if _creates(origin) else "apply"
        line += f"\nkubectl {verb} -f {quoted}"
        if origin:
            line += f"  # {origin}"
    return line


@dataclass(frozen=True)
class Edit:
    line: str  # what runs (and is journaled)
    typed: str  # what the learner typed
    path: str
    target: str  # TYPE/NAME as kubectl names it


def _creates(origin: str) -> bool:
    """Whether an edit was opened by `kubectl create --edit` (its save creates)."""
    return origin.startswith("kubectl create ")


def translate(line: str, cluster) -> Edit | None:
    """`kubectl edit TYPE NAME` and `kubectl create -f FILE --edit` as the commands that open them in
    the editor; None for any other line."""
    stripped = line.strip()
    if not stripped.startswith("kubectl") or (" edit" not in stripped and "--edit" not in stripped) or "\n" in stripped:
        return None
    try:
        words = shlex.split(stripped)
    except ValueError:
        return None
    if len(words) < 2 or words[0] != "kubectl":
        return None
    namespace = None
    rest: list[str] = []
    filenames: list[str] = []
    edit_flag = False
    i = 1
    while i < len(words):
        w = words[i]
        if w in ("-n", "--namespace") and i + 1 < len(words):
            namespace = words[i + 1]
            i += 2
            continue
        if w in ("-f", "--filename") and i + 1 < len(words):
            filenames.append(words[i + 1])
            i += 2
            continue
        if w.startswith("--filename="):
            filenames.append(w.split("=", 1)[1])
        elif w in ("--edit", "--edit=true"):
            edit_flag = True
        elif w.startswith("--namespace="):
            namespace = w.split("=", 1)[1]
        elif w in ("-o", "--output") and i + 1 < len(words):
            i += 2  # kubectl edit -o json: we edit YAML either way
            continue
        elif w.startswith("--output=") or w in ("--record", "--save-config", "--validate=strict", "--windows-line-endings=false"):
            pass
        elif any(c in w for c in "|;&><`$"):
            return None  # a pipeline or redirect: leave it to the shell
        else:
            rest.append(w)
        i += 1
    if rest == ["create"] and edit_flag and len(filenames) == 1:
        return _create_edit(stripped, filenames[0], namespace)
    if filenames or not rest or rest[0] != "edit":
        return None
    targets = rest[1:]
    if len(targets) == 1 and "/" in targets[0]:
        kind, name = targets[0].split("/", 1)
    elif len(targets) == 2 and "/" not in targets[0]:
        kind, name = targets
    else:
        return None  # let the console answer as kubectl answers what it does not know
    if not re.match(r"^[a-z0-9.-]+$", kind.lower()) or not re.match(r"^[a-z0-9.-]+$", name):
        return None
    slug = f"{kind.lower().split('.')[0]}-{name}"
    if namespace:
        slug = f"{namespace}-{slug}"
    path = f"{EDIT_DIR}/kubectl-edit-{slug}.yaml"
    ns = f" -n {shlex.quote(namespace)}" if namespace else ""
    run = f"kubectl get {kind} {name}{ns} -o yaml > {path}  # {stripped}"
    return Edit(line=run, typed=stripped, path=path, target=f"{kind}/{name}")


def _create_edit(typed: str, filename: str, namespace: str | None) -> Edit | None:
    base = filename.rstrip("/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base else base
    if not re.match(r"^[A-Za-z0-9._-]+$", stem or ""):
        return None
    path = f"{EDIT_DIR}/kubectl-create-{stem}.yaml"
    ns = f" -n {shlex.quote(namespace)}" if namespace else ""
    run = f"kubectl create -f {shlex.quote(filename)}{ns} --dry-run=client -o yaml > {path}  # {typed}"
    return Edit(line=run, typed=typed, path=path, target=filename)


def opened(edit: Edit, output):
    """The output the learner sees for an edit, and what the page needs to open the editor."""
    if output.exit_code != 0:
        return None
    from clusters import Output

    if _creates(edit.typed):
        text = (
            f"Opened {edit.target} in the editor as {edit.path}.\n"
            "Save it to create what it holds (kubectl create -f), as kubectl create --edit does when you close "
            "the editor.\n"
        )
    else:
        text = (
            f"Opened {edit.target} in the editor as {edit.path}.\n"
            "Save it to apply your changes (kubectl apply -f), as kubectl edit does when you close the editor.\n"
        )
    return Output(text, 0), {"path": edit.path, "target": edit.target, "origin": edit.typed}


def read(cluster, path: str | None) -> dict:
    """`{"files": [...]}` for the scratch directory, or `{"path", "content"}` for one file."""
    files = getattr(cluster, "files", None) or {}
    if path is None:
        names = sorted(p for p in files if not p.endswith("/"))
        return {"files": names[:500]}
    from clusters.console import files as scratch

    path = check_path(path)
    key = scratch.norm(path)
    if key not in files:
        return {"path": path, "error": f"{path}: No such file"}
    content = files[key]
    if len(content.encode()) > MAX_FILE_BYTES:
        return {"path": path, "error": f"{path} is larger than the editor opens ({MAX_FILE_BYTES} bytes)"}
    return {"path": path, "content": content}
