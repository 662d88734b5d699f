"""``python3 -c`` in the python images (clusters/kubelet/python.py): read, never executed."""
from clusters.kubelet import python


def test_it_exits_with_the_code_sys_exit_gives_for_the_index_in_the_environment():
    script = ("import os, sys\nindex = int(os.environ.get(\"JOB_COMPLETION_INDEX\"))\n"
              "if index == 0:\n  sys.exit(1)\nelif index == 1:\n  sys.exit(42)\nelse:\n  sys.exit(0)\n")
    assert [python.run(script, {"JOB_COMPLETION_INDEX": str(i)})[0] for i in range(4)] == [1, 42, 0, 0]


def test_it_prints_and_sleeps_and_says_a_sys_exit_message_with_status_1():
    assert python.run("import time\nprint('a', 1)\ntime.sleep(2)\nprint('b')", {}) == (0, "a 1\nb\n", 2.0)
    assert python.run("import sys\nsys.exit('bad input')", {}) == (1, "bad input\n", 0.0)


def test_it_prints_the_traceback_of_an_uncaught_error_as_python_does():
    code, text, _ = python.run("import os\nx = int(os.environ.get('MISSING'))", {})
    assert code == 1
    assert text == ('Traceback (most recent call last):\n  File "<string>", line 2, in <module>\n'
                    "TypeError: int() argument must be a string, a bytes-like object or a real number, not 'NoneType'\n")


def test_it_leaves_scripts_beyond_it_to_the_older_reading():
    assert python.run("import socket\nsocket.socket()", {}) is None
    assert python.run("while True:\n  pass", {}) is None
    assert python.run("x = 'a' * 10**9", {}) is None
