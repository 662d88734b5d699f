// The editor pane: CodeMirror 6 (from npm, pinned) in YAML mode, on the files
// of the cluster's scratch directory.
//
// Reading goes to the worker holding the cluster ("files", "open"); saving is
// a "save" message the server turns into a journaled console command (a
// heredoc), so replaying the journal rebuilds the same files. `kubectl edit`
// opens the object's YAML here; saving it also runs `kubectl apply -f`.
import { basicSetup, EditorView } from "codemirror";
import { EditorState } from "@codemirror/state";
import { yaml } from "@codemirror/lang-yaml";
import { autocompletion, completeFromList } from "@codemirror/autocomplete";

// Keys of the Kubernetes objects the labs use: a light schema hint, offered as completions.
const KUBERNETES_KEYS = [
  "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations", "spec", "status",
  "replicas", "selector", "matchLabels", "matchExpressions", "template", "containers", "initContainers",
  "image", "imagePullPolicy", "command", "args", "env", "envFrom", "valueFrom", "configMapKeyRef", "secretKeyRef",
  "ports", "containerPort", "protocol", "targetPort", "nodePort", "type", "clusterIP",
  "resources", "requests", "limits", "cpu", "memory",
  "livenessProbe", "readinessProbe", "startupProbe", "httpGet", "path", "port", "tcpSocket", "exec",
  "initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold",
  "volumes", "volumeMounts", "mountPath", "configMap", "secret", "emptyDir",
  "nodeSelector", "nodeName", "affinity", "nodeAffinity", "tolerations", "key", "operator", "value", "effect",
  "strategy", "rollingUpdate", "maxSurge", "maxUnavailable", "restartPolicy", "terminationGracePeriodSeconds",
  "data", "stringData", "hard", "scaleTargetRef", "minReplicas", "maxReplicas", "metrics", "target",
  "averageUtilization", "finalizers", "ownerReferences",
].map((label) => ({ label, type: "property", apply: `${label}: ` }));

const KINDS = ["Pod", "Deployment", "ReplicaSet", "Service", "ConfigMap", "Secret", "Namespace", "Job", "CronJob",
  "DaemonSet", "StatefulSet", "ResourceQuota", "LimitRange", "HorizontalPodAutoscaler"].map((label) => ({ label, type: "type" }));

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

export class Editor {
  constructor(root, console) {
    this.root = root;
    this.console = console;
    this.pane = root.querySelector("[data-editor]");
    this.toggle = root.querySelector("[data-editor-toggle]");
    this.select = root.querySelector("[data-editor-files]");
    this.pathInput = root.querySelector("[data-editor-path]");
    this.status = root.querySelector("[data-editor-status]");
    this.requests = new Map(); // request id -> what to do with the answer
    this.saves = new Map(); // save (command) id -> {path, apply}
    this.edit = null; // {path, target, origin} while editing an object
    this.view = new EditorView({
      state: this.state(""),
      parent: root.querySelector("[data-editor-host]"),
    });
    this.toggle.addEventListener("click", () => (this.pane.hidden ? this.open() : this.close()));
    root.querySelector("[data-editor-close]").addEventListener("click", () => this.close());
    root.querySelector("[data-editor-save]").addEventListener("click", () => this.save());
    this.select.addEventListener("change", () => {
      if (this.select.value) this.load(this.select.value);
    });
    this.view.dom.addEventListener("keydown", (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") {
        ev.preventDefault();
        this.save();
      }
    });
  }

  state(text) {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        autocompletion({ override: [completeFromList([...KUBERNETES_KEYS, ...KINDS])] }),
        EditorView.theme({ "&": { height: "100%" }, ".cm-scroller": { fontFamily: "var(--mono)" } }),
      ],
    });
  }

  text() {
    return this.view.state.doc.toString();
  }

  setText(text) {
    this.view.setState(this.state(text));
  }

  say(text, kind = "") {
    this.status.textContent = text;
    this.status.dataset.kind = kind;
  }

  open() {
    this.pane.hidden = false;
    this.toggle.setAttribute("aria-pressed", "true");
    this.root.classList.add("editing");
    this.refresh();
    this.console.resize();
    this.view.focus();
  }

  close() {
    this.pane.hidden = true;
    this.toggle.setAttribute("aria-pressed", "false");
    this.root.classList.remove("editing");
    if (this.edit) this.say("");
    this.edit = null;
    this.console.resize();
  }

  request(message, then) {
    const id = newId();
    this.requests.set(id, then);
    this.console.send({ ...message, id }, false);
  }

  refresh(selected) {
    this.request({ type: "files" }, (msg) => {
      const files = msg.files || [];
      const keep = selected || this.pathInput.value;
      this.select.replaceChildren(
        new Option(files.length ? "Open a file…" : "No files yet", ""),
        ...files.map((f) => new Option(f, f, false, f === keep)),
      );
    });
  }

  load(path, edit = null) {
    this.say(`opening ${path}…`);
    this.request({ type: "open", path }, (msg) => {
      if (msg.error) {
        this.say(msg.error, "error");
        return;
      }
      this.edit = edit;
      this.pathInput.value = msg.path;
      this.setText(msg.content || "");
      this.say(edit ? `editing ${edit.target}: save to apply` : `opened ${msg.path}`);
      this.refresh(msg.path);
    });
  }

  // `kubectl edit` produced a file: show it.
  openEdit(edit) {
    if (this.pane.hidden) this.open();
    this.load(edit.path, edit);
  }

  save() {
    if (this.console.editor.shellPrompt !== null) {
      // The line would go to the pod's shell, not to ours.
      this.say("the console is in a pod's shell: type exit there first, then save", "error");
      return;
    }
    const path = this.pathInput.value.trim();
    if (!path) {
      this.say("name the file first", "error");
      this.pathInput.focus();
      return;
    }
    const id = newId();
    const apply = !!(this.edit && this.edit.path === path);
    this.saves.set(id, { path, apply });
    const message = { type: "save", id, path, content: this.text(), apply };
    if (apply) message.origin = this.edit.origin;
    this.say(apply ? `applying ${this.edit.target}…` : `saving ${path}…`);
    this.console.sendCommand(message);
  }

  // Messages the console routes here.
  receive(msg) {
    if (msg.type === "files") {
      const then = this.requests.get(msg.id);
      this.requests.delete(msg.id);
      if (then) then(msg);
      return true;
    }
    if (msg.type === "output" && this.saves.has(msg.command_id)) {
      const save = this.saves.get(msg.command_id);
      this.saves.delete(msg.command_id);
      const text = (msg.text || "").trim();
      if (msg.exit_code === 0) {
        this.say(save.apply ? text || "applied" : `saved ${save.path}`, "ok");
        if (save.apply) this.edit = null;
      } else {
        this.say(text || "failed", "error");
      }
      this.refresh(save.path);
      return false; // the console shows it too
    }
    return false;
  }

  // A save sent from this page (or another tab) shows in the terminal as one short line.
  static describe(line) {
    const m = /^cat > (\S+) <<'KUBELAB_EOF[_0-9]*'\n/.exec(line || "");
    if (!m) return null;
    m[1] = m[1].replace(/^\/root\//, "");
    const apply = /\nkubectl apply -f \S+(?:\s+# (.*))?$/.exec(line);
    if (apply) return `# ${apply[1] || "kubectl apply"}: saved ${m[1]} from the editor and applied it`;
    return `# saved ${m[1]} from the editor`;
  }
}
