"""bash arrays in the simulated shell: ``NAME=(…)`` and ``${NAME[expr]}`` (bash's arrayfunc.c, expr.c)."""
from clusters.kubelet import shell, utilities


class _NoFiles:
    def exists(self, p):
        return False

    def read(self, p):
        return None


def _run(script: str, env: dict | None = None) -> tuple[int, str]:
    ctx = shell.Env(dict(env or {}), _NoFiles(), "pod", lambda o: "date", shell="bash",
                    shells={"sh": utilities.ASH, "bash": utilities.BASH})
    return shell.run(["bash", "-c", script], ctx)


def test_an_index_is_arithmetic_over_the_variables():
    script = "items=(foo bar baz qux xyz)\necho ${items[$JOB_COMPLETION_INDEX]} ${items[1+1]} ${items[9]}."
    assert _run(script, {"JOB_COMPLETION_INDEX": "3"}) == (0, "qux baz .\n")


def test_the_name_alone_is_element_0_and_at_lists_them_all():
    assert _run("a=(x y z)\necho $a; echo ${a[@]}") == (0, "x\nx y z\n")
