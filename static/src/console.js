// The lab page: an xterm.js console wired to the learner's cluster over a
// websocket, a live control-plane panel and a cluster map.
//
// The server numbers every message (seq). We remember the last one we saw and
// reconnect with ?last_seq=N, so a dropped connection or a restarted server
// loses nothing. Commands we sent carry an id; their output is matched by it.
import { Terminal } from "@xterm/xterm";
import { FitAddon } from "@xterm/addon-fit";
import { WebLinksAddon } from "@xterm/addon-web-links";
import { Editor } from "./editor.js";
import { Lab } from "./lab.js";

const PROMPT = "\x1b[1;36m$\x1b[0m ";
const MORE = "\x1b[2m>\x1b[0m "; // bash's PS2: the command goes on (a heredoc, a trailing backslash)
const MAX_EVENT_ROWS = 400;

function $(sel, root = document) {
  return root.querySelector(sel);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return Date.now().toString(36) + Math.random().toString(36).slice(2);
}

// Whether a command line goes on past its last line, as bash would read it:
// a heredoc (<<EOF, <<-EOF, <<'EOF') still waiting for its delimiter line, or
// a trailing backslash. The shell (clusters/console/shell.py) then gets the
// whole command, body and all, as one multi-line string.
function goesOn(text) {
  const lines = text.split("\n");
  const waiting = [];
  const code = []; // the lines that are commands, not a heredoc's body
  for (const line of lines) {
    if (waiting.length) {
      const { word, tabs } = waiting[0];
      if ((tabs ? line.replace(/^\t+/, "") : line) === word) waiting.shift();
      continue;
    }
    code.push(line);
    for (const m of line.matchAll(/(?<!<)<<(-?)[ \t]*(['"]?)([A-Za-z_][\w.-]*)\2/g)) waiting.push({ word: m[3], tabs: m[1] === "-" });
  }
  return waiting.length > 0 || /(^|[^\\])(\\\\)*\\$/.test(lines[lines.length - 1]) || unfinished(code.join("\n"));
}

// Where bash prints its PS2 for a compound command (as the console language's own
// `Console.incomplete` decides): a for/while/until/select without its done, an if without
// its fi, a case without its esac, a { ( $( or ` not closed, a quote left open, or a last
// line ending in | && ||. Reserved words count only where a command starts.
const OPENERS = { for: "done", while: "done", until: "done", select: "done", if: "fi", case: "esac", "{": "}" };
const CLOSERS = new Set(["done", "fi", "esac", "}"]);
function unfinished(code) {
  const stack = [];
  let word = "", commandStart = true, quote = "", last = "";
  const endWord = () => {
    if (!word) return;
    if (commandStart && OPENERS[word]) stack.push(OPENERS[word]);
    else if (commandStart && CLOSERS.has(word) && stack[stack.length - 1] === word) stack.pop();
    // after these a command starts again; after any other word its arguments follow
    commandStart = ["do", "then", "else", "elif", "{", "!", "time"].includes(word) || (OPENERS[word] === "}");
    last = word;
    word = "";
  };
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (quote === "'") { if (c === "'") quote = ""; continue; }
    if (quote === '"') { if (c === "\\") i++; else if (c === '"') quote = ""; continue; }
    if (c === "\\") { word += c + (code[i + 1] || ""); i++; continue; }
    if (c === "'" || c === '"') { quote = c; word += c; continue; }
    if (c === "`") { if (stack[stack.length - 1] === "`") stack.pop(); else stack.push("`"); word += c; continue; }
    if (c === "#" && !word) { while (i < code.length && code[i] !== "\n") i++; i--; continue; }
    if (c === "$" && code[i + 1] === "(") { stack.push(")"); word += "$("; i++; continue; }
    if (c === "(" ) { endWord(); if (stack[stack.length - 1] !== "esac") stack.push(")"); commandStart = true; last = "("; continue; }
    if (c === ")") { endWord(); if (stack[stack.length - 1] === ")") stack.pop(); commandStart = false; last = ")"; continue; }
    if (c === ";" || c === "&" || c === "|" || c === "\n") {
      endWord();
      commandStart = true;
      if (c !== "\n") last = (last === c ? c + c : c);
      continue;
    }
    if (c === " " || c === "\t") { endWord(); continue; }
    word += c;
  }
  endWord();
  return quote !== "" || stack.length > 0 || last === "|" || last === "||" || last === "&&";
}

class LineEditor {
  // A small readline: cursor movement, history, paste, tab completion.
  constructor(term, historyKey, onSubmit, onComplete) {
    this.term = term;
    this.historyKey = historyKey;
    this.onSubmit = onSubmit;
    this.onComplete = onComplete;
    this.line = "";
    this.cursor = 0;
    this.active = false;
    this.pending = []; // earlier lines of a command that goes on (a heredoc's body, a line ending in \\)
    this.shellPrompt = null; // a pod shell's prompt while the terminal is attached to one (kubectl exec -ti)
    this.history = JSON.parse(localStorage.getItem(historyKey) || "[]");
    this.historyPos = this.history.length;
    this.queue = [];
    this.endOfInputNext = false; // Ctrl-D ended a pod shell's heredoc: send it end of input next
  }

  get promptText() {
    if (this.pending.length) return MORE;
    return this.shellPrompt === null ? PROMPT : this.shellPrompt;
  }

  // The server says which prompt comes next; redraw the line being typed if it changed.
  setShellPrompt(prompt) {
    const next = typeof prompt === "string" ? prompt : null;
    if (next === this.shellPrompt) return;
    this.shellPrompt = next;
    if (this.active) this.redraw();
  }

  prompt() {
    this.active = true;
    this.line = "";
    this.cursor = 0;
    this.historyPos = this.history.length;
    if (this.endOfInputNext) {
      // The "> " the Ctrl-D was typed at is still on screen; what the shell says follows it.
      this.endOfInputNext = false;
      this.active = false;
      this.onSubmit("\x04");
      return;
    }
    this.term.write(this.promptText);
    if (this.queue.length) {
      const next = this.queue.shift();
      this.insert(next);
      this.submit();
    }
  }

  redraw() {
    this.term.write("\r\x1b[2K" + this.promptText + this.line);
    const back = this.line.length - this.cursor;
    if (back > 0) this.term.write(`\x1b[${back}D`);
  }

  insert(text) {
    this.line = this.line.slice(0, this.cursor) + text + this.line.slice(this.cursor);
    this.cursor += text.length;
    this.redraw();
  }

  setLine(text) {
    this.line = text;
    this.cursor = text.length;
    this.redraw();
  }

  submit() {
    const line = [...this.pending, this.line].join("\n");
    this.term.write("\r\n");
    this.active = false;
    if (goesOn(line)) {
      // Like bash: a heredoc reads lines up to its delimiter; the whole command runs as one.
      this.pending.push(this.line);
      this.prompt();
      return;
    }
    this.pending = [];
    if (line.trim()) {
      // History recalls single lines: the line editor edits one line at a time.
      if (!line.includes("\n") && this.history[this.history.length - 1] !== line) this.history.push(line);
      this.history = this.history.slice(-500);
      localStorage.setItem(this.historyKey, JSON.stringify(this.history));
      this.onSubmit(line);
    } else {
      this.prompt();
    }
  }

  handle(data) {
    if (!this.active) {
      // Typed while a command runs: keep whole lines for later, like a shell.
      if (data.length > 1 || data === "\r") {
        const lines = data.split(/\r\n|\r|\n/);
        if (!lines[lines.length - 1]) lines.pop();
        this.queue.push(...lines);
      }
      return;
    }
    if (data.length > 1 && !data.startsWith("\x1b")) {
      // Paste: run each full line, keep the last partial one on the prompt.
      const parts = data.split(/\r\n|\r|\n/);
      const last = parts.pop();
      if (parts.length) {
        this.insert(parts.shift());
        this.queue.push(...parts);
        if (last) this.queue.push(last);
        this.submit();
      } else {
        this.insert(last);
      }
      return;
    }
    switch (data) {
      case "\r":
        this.submit();
        return;
      case "\x7f":
      case "\b":
        if (this.cursor > 0) {
          this.line = this.line.slice(0, this.cursor - 1) + this.line.slice(this.cursor);
          this.cursor -= 1;
          this.redraw();
        }
        return;
      case "\x1b[3~":
        this.line = this.line.slice(0, this.cursor) + this.line.slice(this.cursor + 1);
        this.redraw();
        return;
      case "\x1b[D":
        if (this.cursor > 0) {
          this.cursor -= 1;
          this.term.write(data);
        }
        return;
      case "\x1b[C":
        if (this.cursor < this.line.length) {
          this.cursor += 1;
          this.term.write(data);
        }
        return;
      case "\x1b[H":
      case "\x01":
        this.cursor = 0;
        this.redraw();
        return;
      case "\x1b[F":
      case "\x05":
        this.cursor = this.line.length;
        this.redraw();
        return;
      case "\x1b[A":
        if (this.historyPos > 0) {
          this.historyPos -= 1;
          this.setLine(this.history[this.historyPos]);
        }
        return;
      case "\x1b[B":
        if (this.historyPos < this.history.length) {
          this.historyPos += 1;
          this.setLine(this.history[this.historyPos] || "");
        }
        return;
      case "\x04":
        // Ctrl-D on an empty line is end of input. At a heredoc's "> " it ends the heredoc: the
        // command runs with the body read so far (an attached pod shell is sent the lines, then
        // the end of input); at a pod shell's own prompt the shell exits.
        if (this.line) return;
        if (this.pending.length) {
          const lines = this.pending.join("\n");
          this.pending = [];
          this.active = false;
          // A pod shell gets the end of input once it has the lines (it answers with its "> ").
          this.endOfInputNext = this.shellPrompt !== null;
          this.onSubmit(lines);
        } else if (this.shellPrompt !== null) {
          this.active = false;
          this.onSubmit("\x04");
        }
        return;
      case "\x03":
        this.pending = [];
        this.term.write("^C\r\n");
        this.prompt();
        return;
      case "\x15":
        this.setLine("");
        return;
      case "\x0c":
        this.term.clear();
        this.redraw();
        return;
      case "\t":
        this.onComplete(this.line.slice(0, this.cursor));
        return;
      default:
        if (data >= " " && !data.startsWith("\x1b")) this.insert(data);
    }
  }

  completed(prefix, items) {
    if (!this.active || this.line.slice(0, this.cursor) !== prefix || !items.length) return;
    if (items.length === 1) {
      this.applyCompletion(prefix, items[0]);
      return;
    }
    const common = items.reduce((a, b) => {
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
      return a.slice(0, i);
    });
    const word = prefix.split(/\s+/).pop();
    if (common.length > word.length) {
      this.applyCompletion(prefix, common, false);
      return;
    }
    this.term.write("\r\n" + items.join("  ") + "\r\n");
    this.redraw();
  }

  applyCompletion(prefix, item, space = true) {
    // Items complete the last word of the line before the cursor.
    const word = prefix.split(/\s+/).pop();
    const rest = item.startsWith(word) ? item.slice(word.length) : item;
    this.insert(rest + (space ? " " : ""));
  }
}

class Panel {
  constructor(root) {
    this.list = $("[data-events]", root);
    this.clock = $("[data-clock]", root);
    this.count = 0;
  }

  add(entries, now) {
    if (now !== undefined && this.clock) this.clock.textContent = formatTime(now);
    const stick = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 20;
    for (const e of entries) {
      // Lease renewals are every node's heartbeat, four writes every 10 s on a
      // small cluster: they would bury what the learner's command set going.
      // `sim events` still shows them, and a node that stops renewing shows in `kubectl get nodes`.
      if (e.kind === "Lease" && e.verb === "update") continue;
      const row = el(
        "li",
        { class: "event", "data-component": e.component || "" },
        el("span", { class: "event-t", text: formatTime(e.t) }),
        el("span", { class: "event-component", text: e.component || "" }),
        el("span", { class: "event-verb", text: e.verb || "" }),
        el("span", { class: "event-object", text: objectName(e) }),
        el("span", { class: "event-message", text: e.message || "" }),
      );
      this.list.append(row);
      this.count += 1;
    }
    while (this.list.children.length > MAX_EVENT_ROWS) this.list.firstElementChild.remove();
    if (stick) this.list.scrollTop = this.list.scrollHeight;
  }
}

function objectName(e) {
  const name = [e.namespace, e.name].filter(Boolean).join("/");
  return e.kind ? `${e.kind.toLowerCase()}/${name}` : name;
}

function formatTime(t) {
  if (typeof t !== "number") return "";
  if (t < 120) return `${t.toFixed(1)}s`;
  const m = Math.floor(t / 60);
  const s = Math.floor(t % 60);
  return m < 120 ? `${m}m${String(s).padStart(2, "0")}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

function statusClass(status) {
  const s = (status || "").toLowerCase();
  if (s === "running") return "running";
  if (s === "pending") return "pending";
  if (s.includes("creating") || s.includes("init") || s.includes("pull")) return "starting";
  if (s.includes("terminat")) return "terminating";
  if (s === "succeeded" || s === "completed") return "succeeded";
  if (s.includes("err") || s.includes("backoff") || s.includes("oom") || s === "failed" || s.includes("unknown"))
    return "failed";
  return "other";
}

function podChip(pod) {
  return el("span", {
    class: `pod pod-${statusClass(pod.status)}`,
    "data-status": pod.status || "",
    "data-name": pod.name,
    title: `${pod.namespace}/${pod.name} — ${pod.status}`,
    text: pod.name,
  });
}

class ClusterMap {
  constructor(root) {
    this.root = root;
  }

  render(map) {
    const nodes = map.nodes || [];
    const pending = map.pending || [];
    const boxes = nodes.map((node) =>
      el(
        "div",
        { class: `node ${node.ready ? "node-ready" : "node-notready"}`, "data-node": node.name },
        el(
          "div",
          { class: "node-head" },
          el("span", { class: "node-name", text: node.name }),
          el("span", { class: "node-state", text: node.ready ? "Ready" : "NotReady" }),
        ),
        el("div", { class: "node-pods" }, ...(node.pods || []).map(podChip)),
      ),
    );
    if (pending.length) {
      boxes.push(
        el(
          "div",
          { class: "node node-unscheduled", "data-node": "" },
          el("div", { class: "node-head" }, el("span", { class: "node-name", text: "unscheduled" })),
          el("div", { class: "node-pods" }, ...pending.map(podChip)),
        ),
      );
    }
    this.root.replaceChildren(...boxes);
  }
}

class Progress {
  constructor(root) {
    this.root = root;
    this.bar = $("[data-progress-bar]", root);
    this.label = $("[data-progress-label]", root);
    this.timer = null;
  }

  busy(label) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.root.hidden = false;
      this.root.classList.add("indeterminate");
      this.label.textContent = label;
    }, 300);
  }

  set(label, done, total) {
    clearTimeout(this.timer);
    this.root.hidden = false;
    this.root.classList.remove("indeterminate");
    this.label.textContent = label;
    this.bar.style.width = `${Math.round((100 * done) / Math.max(total, 1))}%`;
    if (done >= total) this.timer = setTimeout(() => this.idle(), 600);
  }

  idle() {
    clearTimeout(this.timer);
    this.root.hidden = true;
    this.root.classList.remove("indeterminate");
  }
}

class Console {
  constructor(root) {
    this.root = root;
    this.attempt = root.dataset.attempt;
    this.status = $("[data-connection]", root);
    this.lastSeq = 0;
    this.mine = new Map(); // command id -> line, for commands typed here
    this.unanswered = new Map(); // command id -> message, for commands and editor saves sent from here
    this.outbox = []; // messages waiting for a connection
    this.retry = 0;
    this.everReady = false;
    this.panel = new Panel($("[data-panel]", root));
    this.map = new ClusterMap($("[data-map]", root));
    this.progress = new Progress($("[data-progress]", root));

    this.term = new Terminal({
      convertEol: true,
      cursorBlink: true,
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue("--mono") || "monospace",
      fontSize: this.fontSize(),
      theme: { background: "#0f172a", foreground: "#e2e8f0", cursor: "#38bdf8", selectionBackground: "#334155" },
      scrollback: 5000,
    });
    this.fit = new FitAddon();
    this.term.loadAddon(this.fit);
    this.term.loadAddon(new WebLinksAddon());
    this.term.open($("[data-terminal]", root));
    this.fit.fit();
    this.term.attachCustomKeyEventHandler((ev) => {
      // Ctrl-C copies when text is selected; otherwise it interrupts the line.
      if (ev.type === "keydown" && (ev.ctrlKey || ev.metaKey) && ev.key === "c" && this.term.hasSelection()) {
        navigator.clipboard?.writeText(this.term.getSelection());
        return false;
      }
      return true;
    });
    this.editor = new LineEditor(
      this.term,
      `kubelab:history:${this.attempt}`,
      (line) => this.command(line),
      (prefix) => this.complete(prefix),
    );
    this.term.onData((data) => this.editor.handle(data));
    this.files = new Editor(root, this);
    this.lab = root.querySelector("[data-instructions] [data-tab]") ? new Lab(root, this) : null;
    // "Try this" buttons (and the sandbox's suggestions) paste into the console.
    root.addEventListener("click", (ev) => {
      const source = ev.target.closest("[data-paste]");
      if (source) this.paste(JSON.parse(source.dataset.paste || "[]"));
    });
    this.term.write("\x1b[2mConnecting to your cluster…\x1b[0m\r\n");
    new ResizeObserver(() => this.resize()).observe($("[data-terminal]", root));
    window.addEventListener("kubelab:fontsize", () => {
      this.term.options.fontSize = this.fontSize();
      this.resize();
    });
    setInterval(() => this.send({ type: "ping", id: newId() }, false), 15000);
    this.connect();
    window.kubelab = this; // for people poking around, and for browser tests
  }

  fontSize() {
    return document.documentElement.classList.contains("projector") ? 20 : 13;
  }

  resize() {
    try {
      this.fit.fit();
    } catch (e) {
      return;
    }
    this.send({ type: "resize", cols: this.term.cols, rows: this.term.rows }, false);
  }

  url() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    return `${scheme}://${location.host}/ws/attempts/${this.attempt}/?last_seq=${this.lastSeq}`;
  }

  connect() {
    this.setStatus("connecting");
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
    };
    ws.onmessage = (ev) => this.receive(JSON.parse(ev.data));
    ws.onclose = (ev) => {
      this.ready = false;
      if (ev.code === 4404 || ev.code === 4403) {
        this.setStatus("closed");
        this.term.write("\r\n\x1b[31mThis console is not available to you.\x1b[0m\r\n");
        return;
      }
      this.setStatus("reconnecting");
      const delay = Math.min(5000, 250 * 2 ** this.retry);
      this.retry += 1;
      setTimeout(() => this.connect(), delay);
    };
  }

  setStatus(state) {
    this.status.dataset.state = state;
    this.status.textContent = { connecting: "connecting", connected: "live", reconnecting: "reconnecting…", closed: "closed" }[state];
  }

  send(message, queue = true) {
    if (this.ready && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
    } else if (queue) {
      this.outbox.push(message);
    }
  }

  command(line) {
    const id = newId();
    this.mine.set(id, line);
    this.progress.busy("running…");
    this.sendCommand({ type: "command", id, line });
  }

  // Commands and editor saves: kept until their output arrives, resent after a reconnect.
  sendCommand(message) {
    this.unanswered.set(message.id, message);
    this.send(message);
  }

  // "Try this" buttons: like pasting into a terminal, full lines run and the last one waits for Enter.
  paste(lines) {
    if (!lines.length) return;
    this.term.focus();
    this.editor.handle(lines.join("\r"));
  }

  complete(prefix) {
    this.send({ type: "complete", id: newId(), line: prefix }, false);
  }

  receive(msg) {
    if (typeof msg.seq === "number") {
      if (msg.seq <= this.lastSeq) return;
      this.lastSeq = msg.seq;
    }
    switch (msg.type) {
      case "ready": {
        this.ready = true;
        this.setStatus("connected");
        // After a reconnect, resend commands whose output never came.
        const unanswered = [...this.unanswered.values()];
        const queued = this.outbox.splice(0);
        for (const m of [...unanswered, ...queued.filter((q) => !(q.type === "command" && unanswered.some((u) => u.id === q.id)))])
          this.ws.send(JSON.stringify(m));
        if (!this.everReady) {
          this.everReady = true;
          this.term.write("\x1b[2mConnected. Try: kubectl get nodes\x1b[0m\r\n");
          if (!this.mine.size) this.editor.prompt();
        }
        break;
      }
      case "output": {
        this.unanswered.delete(msg.command_id);
        this.files.receive(msg);
        const mine = this.mine.has(msg.command_id);
        if (!mine) {
          // History, another tab or the editor: show the command as it was typed.
          if (this.editor.active) this.term.write("\r\x1b[2K");
          const saved = Editor.describe(msg.line);
          const before = this.editor.shellPrompt === null ? PROMPT : this.editor.shellPrompt;
          if (saved) this.term.write(`\x1b[2m${saved}\x1b[0m\r\n`);
          else if (msg.line !== "\x04") this.term.write(before + displayLine(msg.line).replace(/\n/g, "\r\n" + MORE) + "\r\n");
        }
        this.term.write(msg.text || "");
        // A pod shell's output may leave its line open (echo -n); ours always ends one.
        const attached = typeof msg.prompt === "string";
        if (msg.text && !msg.text.endsWith("\n") && !attached) this.term.write("\r\n");
        this.editor.setShellPrompt(msg.prompt);
        if (mine && msg.edit && msg.exit_code === 0) this.files.openEdit(msg.edit);
        if (mine) {
          this.mine.delete(msg.command_id);
          this.progress.idle();
          if (!this.mine.size) this.editor.prompt();
        } else if (this.editor.active) {
          this.editor.redraw();
        }
        break;
      }
      case "events":
        if ("prompt" in msg && !this.mine.size) this.editor.setShellPrompt(msg.prompt);
        this.panel.add(msg.entries || [], msg.now);
        if (msg.map) this.map.render(msg.map);
        break;
      case "working":
        this.progress.set(msg.label, msg.done, msg.total);
        break;
      case "progress":
        if (this.lab) this.lab.update(msg.lab);
        break;
      case "files":
        this.files.receive(msg);
        break;
      case "completions":
        this.editor.completed(msg.line, msg.items || []);
        break;
      case "error":
        this.term.write(`\r\n\x1b[31m${msg.message}\x1b[0m\r\n`);
        if (this.editor.active) this.editor.redraw();
        else if (msg.code === "unavailable") {
          this.mine.clear();
          this.unanswered.clear();
          this.progress.idle();
          this.editor.prompt();
        }
        break;
      default:
        break;
    }
  }
}

// `kubectl edit` runs as `kubectl get … -o yaml > FILE  # kubectl edit …` (and `create --edit` as
// `kubectl create … -o yaml > FILE  # …`): show what was typed.
function displayLine(line) {
  const m = /^kubectl (?:get|create) .* -o yaml > \/tmp\/kubectl-(?:edit|create)-\S+\.yaml  # (kubectl .*)$/.exec(line || "");
  return m ? m[1] : line;
}

function setupProjectorToggle() {
  const button = document.querySelector("[data-projector]");
  if (!button) return;
  if (localStorage.getItem("kubelab:projector") === "1") document.documentElement.classList.add("projector");
  button.addEventListener("click", () => {
    const on = document.documentElement.classList.toggle("projector");
    localStorage.setItem("kubelab:projector", on ? "1" : "0");
    window.dispatchEvent(new Event("kubelab:fontsize"));
  });
}

document.addEventListener("DOMContentLoaded", () => {
  setupProjectorToggle();
  const root = document.querySelector("[data-console]");
  if (root) new Console(root);
});
