"""Lab Markdown to HTML, on the server, with markdown-it-py (pinned in requirements.lock).

Lab content comes from the repository (reviewed like code), so inline HTML
such as SVG diagrams is allowed; nothing a learner writes is ever rendered
through here. Two fences get their own HTML:

- ```console: a "try this" block. Each block gets a button that pastes its
  lines into the console (`labs.model.console_lines`: a leading "$ " is
  dropped, comments and blank lines are skipped, heredoc bodies kept as written).
- ```mermaid: `<pre class="mermaid">`, which the page's mermaid bundle turns
  into a diagram; without JavaScript it stays readable source.
"""
from __future__ import annotations

import functools
import json
from html import escape

from markdown_it import MarkdownIt

from labs.model import console_lines


def _fence(default, tokens, idx, options, env):
    token = tokens[idx]
    info = (token.info or "").strip().split(" ", 1)[0].lower()
    if info == "console":
        lines = console_lines(token.content)
        button = (
            f'<button type="button" class="paste" data-paste="{escape(json.dumps(lines))}" '
            f'title="Paste into the console">Run in console</button>'
            if lines
            else ""
        )
        return f'<div class="try-this"><pre><code>{escape(token.content)}</code></pre>{button}</div>\n'
    if info == "mermaid":
        return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
    return default(tokens, idx, options, env)


@functools.lru_cache(maxsize=1)
def _md() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable("table")
    md.renderer.rules["fence"] = functools.partial(_fence, md.renderer.rules["fence"])
    return md


def render(markdown: str) -> str:
    return _md().render(markdown or "")


@functools.lru_cache(maxsize=64)
def lab_html(slug: str) -> dict:
    """The lab's instructions as HTML fragments, cached per lab (content is read once per process)."""
    from kubelab.learning import catalogue

    entry = catalogue.entry(slug)
    if entry is None or not entry.is_lab:
        return {}
    lab = entry.lab
    return {
        "background": [render(section.markdown) for section in lab.background],
        "steps": {step.id: render(step.instructions) for step in lab.steps},
        "questions": {q.id: render(q.prompt) for q in lab.questions},
    }
