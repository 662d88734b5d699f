"""Every lab, start to finish, as a learner takes it in Debian's Chromium.

For each of the labs in labs/: start it from the catalogue, read the
background (its Mermaid diagrams drawn as SVG), go the lab's wrong way in the
console and see partial credit and the hint the lab promises, leave, start
over, play the lab's reference solution and answer the reflection questions
until the page says 100%, then leave and resume and find it all still there.

What is checked is what the page shows: step badges, hints, the score line,
the catalogue. Commands go in through xterm, typed key by key (the whole of
the first lab's solution, the first command of every other) or pasted as a
block, as a learner pastes from the lab's text. One Chromium tab serves
every lab (its cookies cleared in between, its cache of our scripts kept)
against the real Daphne and Celery worker of the session stack.
"""
import os
import re

import pytest

import labs
from conftest import ARTIFACTS
from labs.playing import FROM_CLUSTER
from platform_factories import make_user

from test_browser import CHROMIUM_ARGS, TERMINAL_TEXT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian's chromium is not installed"),
]

SLUGS = labs.slugs()
MERMAID_FENCE = re.compile(r"^```mermaid\s*$", re.M)

CONSOLE_IDLE = """() => window.kubelab && window.kubelab.editor.active && !window.kubelab.editor.queue.length
  && window.kubelab.mine.size === 0"""
# Ctrl-V as the browser delivers it: a paste event on xterm's textarea, which
# xterm turns into input (newlines become Enter) for the console's line editor.
PASTE = """text => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  document.querySelector("[data-terminal] textarea")
    .dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
}"""


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def tab(chromium):
    """One tab for every lab: the browser's cache of our scripts stays warm, as a learner's would."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def page(live, tab, request):
    page = tab
    page.context.clear_cookies()
    failures = request.session.testsfailed
    yield page
    if request.session.testsfailed > failures:
        # What the learner saw when it went wrong: the page and the whole console.
        name = request.node.callspec.id
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"browser-lab-failed-{name}.png"), full_page=True)
        if page.evaluate("() => !!window.kubelab"):
            (ARTIFACTS / f"browser-lab-failed-{name}.txt").write_text(page.evaluate(TERMINAL_TEXT))
    page.goto("about:blank")  # close this lab's console before the database is emptied


def _log_in(live, page):
    """A learner with a session, straight to the catalogue (the login form has its own browser test)."""
    from django.conf import settings
    from django.test import Client, override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        learner = make_user(username="ada")  # nobody types this password: a fast hash will do
    client = Client()
    client.force_login(learner)
    name = settings.SESSION_COOKIE_NAME
    page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live.url}])
    page.goto(live.url + "/")
    page.wait_for_selector("[data-labs]")


def _open(page, button):
    page.click(button)
    page.wait_for_selector("[data-connection][data-state=connected]")
    page.wait_for_function(CONSOLE_IDLE)


def _type(page, commands):
    """Commands typed key by key, each after the prompt is back (heredocs line by line, after "> ")."""
    page.click("[data-terminal]")
    for command in commands:
        lines = command.rstrip("\n").split("\n")
        for line in lines:
            page.keyboard.type(line)
            page.keyboard.press("Enter")
        page.wait_for_function(CONSOLE_IDLE, timeout=60_000)
        if len(lines) > 1:  # the console asked for the rest of the command with bash's "> "
            assert f"\n> {lines[1]}" in page.evaluate(TERMINAL_TEXT)
    _console_is_clear(page)


def _paste(page, commands):
    """Commands pasted as one block, as from the lab's text: the console runs them one after another."""
    if commands:
        page.evaluate(PASTE, "".join(command.rstrip("\n") + "\n" for command in commands))
        page.wait_for_function(CONSOLE_IDLE, timeout=60_000 + 10_000 * len(commands))
    _console_is_clear(page)


def _console_is_clear(page):
    """Every line went in: nothing left half-typed on the prompt or waiting for a heredoc's end."""
    assert page.evaluate("() => window.kubelab.editor.line + window.kubelab.editor.pending.join('')") == ""


def _play(page, commands, typed):
    """The first `typed` commands typed, the rest pasted."""
    _type(page, commands[:typed])
    _paste(page, commands[typed:])


def _score(page):
    earned = float(page.inner_text("[data-score-earned]"))
    total = float(page.inner_text("[data-score-total]"))
    return earned, total


def _answer(page, question, value):
    form = page.locator(f'form[data-question="{question.id}"]')
    if question.choices:
        form.get_by_label(str(value), exact=True).check()
    else:
        form.locator("input[name=answer]").fill(str(value))
    form.locator("button[type=submit]").click()


def _from_the_console(page, question):
    """A question about the learner's own cluster: look it up the way the learner would, with kubectl."""
    state = question.check.spec["from"]["state"]
    marker = f"answer-{question.id}"
    _paste(page, [f"kubectl get {state['resource']} {state['name']} -o jsonpath='{{.{state['path']}}}'; echo ' {marker}'"])
    text = page.evaluate(TERMINAL_TEXT)
    value = next(line for line in reversed(text.splitlines()) if line.endswith(f" {marker}") and "$" not in line)
    return value[: -len(marker) - 1].strip()


def _sees_the_background(page, lab):
    background = page.locator("[data-panel-tab=background]")
    assert background.is_visible()
    assert background.locator("h1, h2").first.is_visible()
    fences = sum(len(MERMAID_FENCE.findall(section.markdown)) for section in lab.background)
    assert page.locator("pre.mermaid").count() == fences
    if fences:
        page.wait_for_function(
            "n => document.querySelectorAll('pre.mermaid[data-processed] > svg').length === n", arg=fences
        )
        assert page.locator("pre.mermaid[data-diagram-error]").count() == 0
        # Drawn big enough to read: shrunk to at most three quarters, the rest scrolls sideways.
        scales = page.eval_on_selector_all(
            "pre.mermaid > svg", "svgs => svgs.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width)"
        )
        assert all(0.74 <= scale <= 1.01 for scale in scales), scales
        assert all(t.strip() for t in page.eval_on_selector_all("pre.mermaid > svg", "s => s.map(x => x.textContent)"))


def _points(lab):
    return sum(s.points for s in lab.steps) + sum(q.points for q in lab.questions)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_learner_takes_the_lab_from_start_to_finish(live, page, slug):
    lab = labs.load(slug)
    _log_in(live, page)

    # Start: the background comes first, its diagrams drawn.
    _open(page, f'[data-start="{slug}"]')
    _sees_the_background(page, lab)
    assert page.locator("[data-step][data-status=passed]").count() == 0
    if slug == SLUGS[0]:
        ARTIFACTS.mkdir(exist_ok=True)
        diagram = page.locator("pre.mermaid").nth(1)
        diagram.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "browser-lab-background.png"))
        diagram.click()  # a diagram opens at full size, and closes on a click
        page.wait_for_selector("dialog.diagram-zoom[open] svg")
        page.screenshot(path=str(ARTIFACTS / "browser-lab-diagram.png"))
        page.click("dialog.diagram-zoom")
        page.wait_for_selector("dialog.diagram-zoom", state="detached")

    # The wrong way: partial credit at most, and the hint the lab promises.
    page.click("[data-tab=practice]")
    _play(page, lab.wrong_path.commands, typed=0)
    wrong = lab.wrong_path
    step = page.locator(f'[data-step="{wrong.expect_step}"]')
    step.locator("[data-step-hints] li", has_text=wrong.expect_hint).wait_for()
    assert step.get_attribute("data-status") in ("failed", "partial")
    if wrong.answers:
        page.click("[data-tab=reflection]")
        wrong_ones = [q for q in lab.questions if q.id in wrong.answers]
        for question in wrong_ones:
            _answer(page, question, wrong.answers[question.id])
        for question in wrong_ones:
            form = f'form[data-question="{question.id}"]'
            page.wait_for_selector(f"{form}[data-status=incorrect], {form}[data-status=unavailable]")
            assert page.inner_text(f"{form} [data-question-message]").strip()
    earned, total = _score(page)
    assert earned < total

    # Leave: the catalogue keeps the partial score; start over on a fresh cluster.
    page.goto(live.url + "/")
    best = page.inner_text(f'[data-lab="{slug}"] [data-best]')
    assert best.endswith("%") and abs(int(best.rstrip("%")) - 100 * earned / total) <= 1
    _open(page, f'[data-start="{slug}"]')
    assert page.locator("[data-step][data-status=passed]").count() == 0

    # The reference solution, then the reflection questions.
    page.click("[data-tab=practice]")
    # Typed: the whole of the first lab's solution, and the first command of
    # every other (three of which are heredocs, typed line by line).
    _play(page, lab.solution.commands, typed=len(lab.solution.commands) if slug == SLUGS[0] else 1)
    for s in lab.steps:
        page.wait_for_selector(f'[data-step="{s.id}"][data-status=passed]')
    answers = {q.id: _from_the_console(page, q) if lab.solution.answers.get(q.id) == FROM_CLUSTER
               else lab.solution.answers[q.id] for q in lab.questions}
    page.click("[data-tab=reflection]")
    for question in lab.questions:
        _answer(page, question, answers[question.id])
    for question in lab.questions:
        page.wait_for_selector(f'form[data-question="{question.id}"][data-status=correct]')
    page.wait_for_selector("[data-complete]:not([hidden])")
    earned, total = _score(page)
    assert earned == total == _points(lab)
    assert page.get_attribute("[data-score-bar]", "style").replace(" ", "") == "width:100%;"
    if slug == SLUGS[0]:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "browser-lab-complete.png"))

    # Leave and resume: the catalogue says done, and the lab is as it was left.
    page.goto(live.url + "/")
    assert page.inner_text(f'[data-lab="{slug}"] [data-best]') == "100% ✓"
    _open(page, f'[data-resume="{slug}"]')
    assert _score(page) == (total, total)
    page.click("[data-tab=practice]")
    assert page.locator("[data-step][data-status=passed]").count() == len(lab.steps)
