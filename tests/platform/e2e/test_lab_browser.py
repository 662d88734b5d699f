"""A learner in Debian's Chromium takes a lab: reads the background, pastes a step's command into
the console, and sees the step pass and the score move; then edits a Deployment in the editor.
(Every lab from start to finish: test_labs_browser_all.py.)"""
import os

import pytest

from conftest import ARTIFACTS
from platform_factories import PASSWORD, make_user

from test_browser import TERMINAL_TEXT, _type_command, page  # noqa: F401  (the page fixture)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian's chromium is not installed"),
]

FIRST = "01-servers-to-orchestration"


def _log_in(live, page):
    make_user(username="ada")
    page.goto(live.url + "/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_it_passes_a_step_when_the_learner_runs_its_command(live, page):
    _log_in(live, page)
    page.click(f"[data-start=\"{FIRST}\"]")
    page.wait_for_selector("[data-connection][data-state=connected]")

    background = page.locator("[data-panel-tab=background]")
    assert background.is_visible()
    assert background.locator("h1, h2").first.is_visible()
    assert page.locator("[data-score-earned]").inner_text() == "0"

    page.click("[data-tab=practice]")
    step = page.locator("[data-step=list-nodes]")
    assert step.get_attribute("data-status") == "pending"
    step.locator("[data-paste]").first.click()  # "Run in console": the line waits on the prompt
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('$ kubectl get nodes')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('control-plane')")
    page.wait_for_selector("[data-step=list-nodes][data-status=passed]")
    page.wait_for_function("document.querySelector('[data-score-earned]').textContent !== '0'")
    assert page.locator("[data-step=control-plane]").get_attribute("class").split().count("is-current") == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-lab.png"))

    # Leave and come back: the same progress, from the database and the replay.
    page.reload()
    page.wait_for_selector("[data-connection][data-state=connected]")
    page.click("[data-tab=practice]")
    page.wait_for_selector("[data-step=list-nodes][data-status=passed]")

    # The page came back on the practice tab: the background's diagrams, hidden
    # until now, are drawn when it is shown.
    assert page.locator("pre.mermaid svg").count() == 0
    page.click("[data-tab=background]")
    page.wait_for_function("document.querySelectorAll('pre.mermaid[data-processed] > svg').length === 2")
    assert page.locator("pre.mermaid > svg").first.is_visible()


def test_it_edits_a_deployment_in_the_editor(live, page):
    _log_in(live, page)
    page.click("[data-start=free-cluster]")
    page.wait_for_selector("[data-connection][data-state=connected]")
    _type_command(page, "kubectl create deployment web --image=nginx --replicas=2")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('deployment.apps/web created')")
    _type_command(page, "kubectl edit deploy/web")
    page.wait_for_selector("[data-editor]:not([hidden])")
    page.wait_for_function("document.querySelector('.cm-content').innerText.includes('kind: Deployment')")
    assert page.input_value("[data-editor-path]") == "/tmp/kubectl-edit-deploy-web.yaml"
    page.evaluate(
        """() => {
      const view = window.kubelab.files.view;
      const text = view.state.doc.toString().replace('replicas: 2', 'replicas: 4');
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }"""
    )
    page.click("[data-editor-save]")
    page.wait_for_function("document.querySelector('[data-editor-status]').textContent.includes('configured')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-editor.png"))
    _type_command(page, "kubectl get deploy web -o jsonpath='{.spec.replicas}'")
    page.wait_for_function(f"({TERMINAL_TEXT})().split('\\n').some(l => l.trim() === '4')")


def test_kubectl_create_edit_opens_the_manifest_and_the_save_creates_it(live, page):
    """create.go RunEditOnCreate: the file opens in the editor; saving creates what it holds."""
    _log_in(live, page)
    page.click("[data-start=free-cluster]")
    page.wait_for_selector("[data-connection][data-state=connected]")
    _type_command(page, "kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml")
    page.wait_for_function(f"({TERMINAL_TEXT})().trimEnd().endsWith('$')")
    _type_command(page, "kubectl create -f web.yaml --edit")
    page.wait_for_selector("[data-editor]:not([hidden])")
    page.wait_for_function("document.querySelector('.cm-content').innerText.includes('kind: Deployment')")
    assert page.input_value("[data-editor-path]") == "/tmp/kubectl-create-web.yaml"
    assert "$ kubectl create -f web.yaml --edit" in page.evaluate(TERMINAL_TEXT)  # what was typed, not the translation
    page.evaluate(
        """() => {
      const view = window.kubelab.files.view;
      const text = view.state.doc.toString().replace('replicas: 1', 'replicas: 2');
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }"""
    )
    page.click("[data-editor-save]")
    page.wait_for_function("document.querySelector('[data-editor-status]').textContent.includes('created')")
    _type_command(page, "kubectl get deploy web -o jsonpath='{.spec.replicas}'")
    page.wait_for_function(f"({TERMINAL_TEXT})().split('\\n').some(l => l.trim() === '2')")
