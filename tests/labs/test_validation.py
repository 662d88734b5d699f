"""python -m labs validate: every problem as file:line: what is wrong."""
import os
import shutil

import pytest

from labs import validation
from labs.__main__ import main

SAMPLE = os.path.join(os.path.dirname(__file__), "fixtures", "01-sample")


@pytest.fixture
def lab(tmp_path):
    dest = tmp_path / "01-sample"
    shutil.copytree(SAMPLE, dest)
    return dest


def edit(lab, old, new):
    p = lab / "lab.yaml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new, 1))


def messages(lab):
    return [f"{os.path.basename(p.file)}:{p.line}: {p.message}" for p in validation.problems(str(lab))]


def test_the_sample_lab_is_valid(lab):
    assert messages(lab) == []


def test_a_wrong_operator_is_reported_on_its_line(lab):
    edit(lab, "        op: eq\n", "        op: equals\n")
    assert messages(lab) == [
        "lab.yaml:23: steps[0].checks[0].op: 'equals' is not one of "
        "['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'exists', 'contains', 'matches']"]


def test_an_unknown_field_is_reported_on_its_own_line(lab):
    edit(lab, "        weight: 3\n", "        weight: 3\n        wieght: 3\n")
    assert messages(lab) == ["lab.yaml:26: steps[0].checks[0].wieght: unknown field 'wieght'"]


def test_a_missing_field_names_what_is_missing(lab):
    edit(lab, "    points: 5\n", "")
    assert messages(lab) == ["lab.yaml:33: steps[1]: 'points' is a required property"]


def test_yaml_syntax_errors_carry_their_line(lab):
    edit(lab, "minutes: 10\n", "minutes: [10\n")
    (msg,) = messages(lab)
    assert msg.startswith("lab.yaml:4: YAML:")


def test_meaning_errors_point_at_the_line_to_change(lab):
    edit(lab, "resource: deployments\n        name: web\n        path: spec.replicas",
         "resource: widgets\n        name: web\n        path: spec.replicas")
    edit(lab, "matches: 'kubectl\\s+scale\\b'", "matches: 'kubectl(scale'")
    edit(lab, "  - id: label\n", "  - id: scale\n")
    edit(lab, "manifests: [web.yaml]", "manifests: [nope.yaml]")
    edit(lab, "  answers: {replicas: 5,", "  answers: {replicaz: 5,")
    assert messages(lab) == [
        "lab.yaml:9: cluster.manifests[0]: manifest file nope.yaml does not exist",
        "lab.yaml:20: steps[0].checks[0].resource: unknown resource type 'widgets' (use a name kubectl knows, such as pods or deployments)",
        "lab.yaml:27: steps[0].checks[1].matches: not a valid regular expression: missing ), unterminated subpattern at position 7",
        "lab.yaml:33: steps[1].id: step id 'scale' is already used by steps[0]",
        "lab.yaml:61: solution.answers.replicaz: no question with id 'replicaz'",
        "lab.yaml:57: solution: the reference solution does not answer replicas",
    ]


def test_an_unclosed_fence_in_the_background_is_reported(lab):
    (lab / "background.md").write_text("# x\n\n```console\nkubectl get pods\n")
    assert messages(lab) == ["background.md:3: a ``` fence is opened and never closed"]


def test_the_cli_exits_non_zero_and_prints_file_line_problems(lab, capsys):
    edit(lab, "difficulty: beginner", "difficulty: easy")
    assert main(["validate", str(lab)]) == 1
    out = capsys.readouterr().out
    assert out.endswith("lab.yaml:4: difficulty: 'easy' is not one of ['beginner', 'intermediate', 'advanced']\n")


def test_the_cli_says_how_many_labs_are_valid(lab, capsys):
    assert main(["validate", str(lab)]) == 0
    assert capsys.readouterr().out == "1 lab(s) valid\n"


def test_the_schema_is_valid_json_schema():
    import jsonschema
    jsonschema.Draft202012Validator.check_schema(validation.schema())
