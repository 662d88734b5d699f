"""A learner in Debian's Chromium, driven by Playwright: log in, type in xterm, watch the map."""
import os

import pytest

from conftest import ARTIFACTS, cluster_supports
from platform_factories import PASSWORD, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.path.exists("/usr/bin/chromium"), reason="Debian's chromium is not installed"),
]

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]

TERMINAL_TEXT = """() => {
  const buffer = window.kubelab.term.buffer.active;
  const lines = [];
  for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i).translateToString(true));
  return lines.join("\\n");
}"""


@pytest.fixture
def page(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(30_000)
        yield page
        browser.close()


def _open_sandbox(live, page):
    """A new learner logs in and starts the free cluster; its console connects."""
    make_user(username="ada")
    page.goto(live.url + "/accounts/login/")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.click("[data-start=free-cluster]")
    page.wait_for_selector("[data-connection][data-state=connected]")


def _type_command(page, line):
    page.click("[data-terminal]")
    page.keyboard.type(line)
    page.keyboard.press("Enter")


def test_it_shows_pods_on_the_map_as_the_learner_types(live, page):
    _open_sandbox(live, page)
    page.wait_for_selector(".node[data-node=node-3]")

    _type_command(page, "kubectl get nodes")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('node-3')")
    assert "control-plane" in page.evaluate(TERMINAL_TEXT)

    line = "kubectl create deployment web --image=nginx --replicas=3"
    if cluster_supports(line):
        _type_command(page, line)
        page.wait_for_function("document.querySelectorAll('.pod[data-name^=\"web-\"]').length === 3", timeout=60_000)
        page.wait_for_function(
            "[...document.querySelectorAll('.pod[data-name^=\"web-\"]')].every(p => p.dataset.status === 'Running')",
            timeout=60_000,
        )
        page.wait_for_selector(".event[data-component*=scheduler]")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-sandbox.png"))

    # History survives a reload: the console replays it.
    page.reload()
    page.wait_for_selector("[data-connection][data-state=connected]")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('kubectl get nodes')")


def test_a_shell_in_a_pod_shows_its_own_prompt_and_ctrl_d_leaves_it(live, page):
    _open_sandbox(live, page)

    _type_command(page, "kubectl run -ti --rm box --image=busybox --restart=Never -- sh")
    page.wait_for_function(f"({TERMINAL_TEXT})().split('\\n').some(l => l === '/ # ')")
    _type_command(page, "echo hi from $(hostname)")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('hi from box')")
    text = page.evaluate(TERMINAL_TEXT)
    assert "/ # echo hi from $(hostname)" in text  # typed at the pod shell's prompt
    page.keyboard.press("Control+d")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('pod \"box\" deleted')")
    page.wait_for_function(f"({TERMINAL_TEXT})().trimEnd().endsWith('$')")
    _type_command(page, "kubectl get pods")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('No resources found in default namespace.')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "browser-pod-shell.png"))


def test_ctrl_d_at_a_heredocs_prompt_ends_the_heredoc_in_a_pod_shell_and_in_the_console(live, page):
    """bash 5.2: end of input inside a here-document runs the command with the body read so far,
    after a warning printed where the Ctrl-D was typed; the shell stays."""
    _open_sandbox(live, page)

    _type_command(page, "kubectl run -ti --rm box --image=busybox --restart=Never -- sh")
    page.wait_for_function(f"({TERMINAL_TEXT})().split('\\n').some(l => l === '/ # ')")
    _type_command(page, "cat <<EOF > /tmp/note")
    _type_command(page, "kept line")
    page.keyboard.press("Control+d")
    page.wait_for_function(f"({TERMINAL_TEXT})().trimEnd().endsWith('/ #')")
    _type_command(page, "cat /tmp/note")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('/ # cat /tmp/note\\nkept line')")
    assert 'pod "box" deleted' not in page.evaluate(TERMINAL_TEXT)  # the shell is still there
    page.keyboard.press("Control+d")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('pod \"box\" deleted')")
    page.wait_for_function(f"({TERMINAL_TEXT})().trimEnd().endsWith('$')")
    _type_command(page, "cat <<EOF")
    _type_command(page, "console body")
    page.keyboard.press("Control+d")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('(wanted `EOF\\')\\nconsole body')")
    assert "> bash: warning: here-document at line " in page.evaluate(TERMINAL_TEXT)


def test_a_loop_typed_line_by_line_waits_at_bash_continuation_prompt(live, page):
    _open_sandbox(live, page)

    _type_command(page, "for i in 1 2 3; do")
    _type_command(page, "echo n$i")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('> echo n$i')")
    _type_command(page, "done")
    page.wait_for_function(f"({TERMINAL_TEXT})().includes('n3')")
    text = page.evaluate(TERMINAL_TEXT)
    assert "n1\nn2\nn3" in text
    assert "unexpected end of file" not in text
