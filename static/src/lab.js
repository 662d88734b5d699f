// The lab's instructions: background → practice → reflection tabs, reflection
// answers, and live progress (the worker re-checks
// the lab after every command and sends a numbered `progress` message).

function $(sel, root = document) {
  return root.querySelector(sel);
}

function points(value) {
  const v = Number(value || 0);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

const STATUS_WORDS = { passed: "passed", partial: "partly done", failed: "not yet", pending: "" };

export class Lab {
  constructor(root, console) {
    this.root = root;
    this.console = console;
    this.instructions = $("[data-instructions]", root);
    this.answerUrl = root.dataset.answerUrl;
    this.diagramsUrl = root.dataset.diagrams;
    this.setupTabs();
    this.setupAnswers();
    // A diagram inside a <details> is laid out when it is opened.
    this.instructions.addEventListener("toggle", () => this.renderDiagrams(), true);
  }

  // --- tabs ---------------------------------------------------------------
  setupTabs() {
    this.tabs = [...this.instructions.querySelectorAll("[data-tab]")];
    if (!this.tabs.length) return;
    const key = `kubelab:tab:${this.root.dataset.attempt}`;
    const fromHash = location.hash.replace("#", "");
    const initial = this.tabs.some((t) => t.dataset.tab === fromHash) ? fromHash : localStorage.getItem(key) || "background";
    for (const tab of this.tabs) tab.addEventListener("click", () => this.show(tab.dataset.tab));
    for (const b of this.instructions.querySelectorAll("[data-goto]")) b.addEventListener("click", () => this.show(b.dataset.goto));
    this.tabKey = key;
    this.show(initial, false);
  }

  show(name, remember = true) {
    for (const tab of this.tabs) tab.setAttribute("aria-selected", String(tab.dataset.tab === name));
    for (const panel of this.instructions.querySelectorAll("[data-panel-tab]")) panel.hidden = panel.dataset.panelTab !== name;
    if (remember) localStorage.setItem(this.tabKey, name);
    this.instructions.scrollTop = 0;
    this.renderDiagrams();
  }

  // --- diagrams ---------------------------------------------------------------
  // ```mermaid fences arrive as <pre class="mermaid"> source, readable as is.
  // The mermaid bundle is imported on first need, and a diagram is drawn only
  // once it is visible (a hidden tab has no layout to measure text against),
  // so diagrams in a tab or a <details> are drawn when they are revealed.
  renderDiagrams() {
    const pending = [...this.instructions.querySelectorAll("pre.mermaid:not([data-processed])")].filter(
      (n) => n.offsetParent !== null,
    );
    if (!pending.length || !this.diagramsUrl) return;
    loadDiagrams(this.diagramsUrl)
      .then((diagrams) => diagrams.render(pending.filter((n) => !n.dataset.processed)))
      .catch((e) => console.warn("diagrams not drawn:", e));
  }

  // --- reflection -----------------------------------------------------------
  setupAnswers() {
    for (const form of this.instructions.querySelectorAll("form[data-question]")) {
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        const message = $("[data-question-message]", form);
        message.textContent = "checking against your cluster…";
        form.dataset.status = "checking";
        try {
          const response = await fetch(form.action, {
            method: "POST",
            body: new FormData(form),
            headers: { Accept: "application/json" },
            credentials: "same-origin",
          });
          const body = await response.json();
          if (!body.saved) {
            form.dataset.status = "incorrect";
            message.textContent = body.error || "not saved";
          }
        } catch (e) {
          message.textContent = "not saved: the server did not answer; try again";
        }
      });
    }
  }

  // --- live progress ----------------------------------------------------------
  update(progress) {
    if (!progress) return;
    const bar = $("[data-score-bar]", this.instructions);
    if (bar) bar.style.width = `${Math.round(100 * (progress.score || 0))}%`;
    const earned = $("[data-score-earned]", this.instructions);
    if (earned) earned.textContent = points(progress.earned);
    const total = $("[data-score-total]", this.instructions);
    if (total) total.textContent = progress.total;
    for (const step of progress.steps || []) {
      const li = this.instructions.querySelector(`[data-step="${CSS.escape(step.id)}"]`);
      if (!li) continue;
      const was = li.dataset.status;
      li.dataset.status = step.status;
      li.classList.toggle("is-current", progress.current === step.id);
      $("[data-step-earned]", li).textContent = points(step.earned);
      const msg = $("[data-step-message]", li);
      msg.textContent = step.status === "passed" || step.status === "pending" ? "" : step.message || STATUS_WORDS[step.status];
      const hints = $("[data-step-hints]", li);
      hints.replaceChildren(...(step.hints || []).map((h) => Object.assign(document.createElement("li"), { textContent: h })));
      if (was !== "passed" && step.status === "passed") li.classList.add("just-passed");
    }
    for (const q of progress.questions || []) {
      const form = this.instructions.querySelector(`[data-question="${CSS.escape(q.id)}"]`);
      if (!form) continue;
      form.dataset.status = q.status;
      $("[data-question-earned]", form).textContent = points(q.earned);
      $("[data-question-message]", form).textContent =
        q.status === "correct" ? "correct" : q.status === "unanswered" ? "" : q.message || "";
      const explanation = $("[data-question-explanation]", form);
      explanation.textContent = q.explanation || "";
      explanation.hidden = !q.explanation;
    }
    const complete = $("[data-complete]", this.instructions);
    if (complete) complete.hidden = !progress.complete;
  }
}

let diagrams = null; // the bundle's module, once asked for; asked again after a failed download
function loadDiagrams(url) {
  diagrams =
    diagrams ||
    import(url).catch((e) => {
      diagrams = null;
      throw e;
    });
  return diagrams;
}
