// Mermaid, loaded only by lab pages that have a diagram (lab.js imports this
// bundle on first need): mermaid is large, and most of a learner's time is
// spent in the console, not in the background reading.
//
// The theme is our palette (static/css/kubelab.css :root): light blue boxes
// with the brand blue border, slate lines and text, the page's sans font.
import mermaid from "mermaid";

const SANS = '"Inter", "Segoe UI", "Helvetica Neue", "DejaVu Sans", Arial, sans-serif';

mermaid.initialize({
  startOnLoad: false, // lab.js decides when: a diagram is laid out only once it is visible
  securityLevel: "strict",
  suppressErrorRendering: true, // a diagram that does not parse keeps its source, with no error picture
  theme: "base",
  fontFamily: SANS,
  themeVariables: {
    fontFamily: SANS,
    fontSize: "14px",
    background: "#ffffff",
    primaryColor: "#eff6ff",
    primaryBorderColor: "#2563eb",
    primaryTextColor: "#0f172a",
    secondaryColor: "#f1f5f9",
    secondaryBorderColor: "#94a3b8",
    tertiaryColor: "#f8fafc",
    tertiaryBorderColor: "#cbd5e1",
    lineColor: "#64748b",
    textColor: "#0f172a",
    clusterBkg: "#f8fafc",
    clusterBorder: "#cbd5e1",
    edgeLabelBackground: "#ffffff",
    noteBkgColor: "#fef3c7",
    noteBorderColor: "#f59e0b",
    noteTextColor: "#0f172a",
    actorBkg: "#eff6ff",
    actorBorder: "#2563eb",
    actorTextColor: "#0f172a",
    signalColor: "#334155",
    signalTextColor: "#0f172a",
  },
  flowchart: { curve: "basis", padding: 12 },
  sequence: { mirrorActors: false },
});

// The instructions pane is narrow and a wide flowchart shrunk to fit it has
// unreadable text: shrink no further than this, scroll sideways beyond it,
// and open the diagram at full size on a click.
const MIN_SCALE = 0.75;

// Render the given <pre class="mermaid"> nodes in place. A diagram that does
// not parse keeps its source and says so, rather than failing the others.
export async function render(nodes) {
  for (const node of nodes) {
    const source = node.textContent; // mermaid draws inside the node, and empties it on an error
    try {
      await mermaid.run({ nodes: [node], suppressErrors: false });
    } catch (e) {
      node.textContent = source;
      node.dataset.diagramError = String((e && e.message) || e).split("\n")[0];
      node.title = `This diagram could not be drawn: ${node.dataset.diagramError}`;
      continue;
    }
    const svg = node.querySelector("svg");
    if (!svg) continue;
    const width = svg.viewBox.baseVal?.width || 0;
    if (width) svg.style.minWidth = `${Math.round(MIN_SCALE * width)}px`;
    node.title = "Click to see the diagram at full size";
    node.addEventListener("click", () => enlarge(svg, width));
  }
}

function enlarge(svg, width) {
  const dialog = document.createElement("dialog");
  dialog.className = "diagram-zoom";
  const copy = svg.cloneNode(true); // same id, so mermaid's id-scoped styles still apply
  copy.style.maxWidth = "100%"; // at its natural size, or as large as the screen allows
  copy.style.minWidth = "0";
  copy.style.width = width ? `${width}px` : "auto";
  dialog.append(copy);
  dialog.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
}
