"""The API server's checks of a Job's successPolicy (pkg/apis/batch/validation/validation.go, 1.32:
ValidateJobSpec validateSuccessPolicy / validateSuccessPolicyRule / validateIndexesFormat,
ValidateJobSpecUpdate), as the 422 a learner's create or apply gets."""
import pytest

from clusters import objects
from clusters.apiserver import errors
from tests.clusters.controllers.job.conftest import job

PREFIX = 'Job.batch "pi" is invalid: '


def rejected(cluster, **spec) -> str:
    with pytest.raises(errors.StatusError) as e:
        cluster.api.create("jobs", job(**spec))
    assert e.value.code == 422
    assert e.value.message.startswith(PREFIX)
    return e.value.message[len(PREFIX):]


def indexed(rules, completions=5):
    return {"completionMode": "Indexed", "completions": completions, "parallelism": 1, "successPolicy": {"rules": rules}}


def test_a_success_policy_needs_the_indexed_completion_mode(cluster):
    message = rejected(cluster, completions=2, successPolicy={"rules": [{"succeededIndexes": "0", "succeededCount": 1}]})
    # The internal struct in Go's %#v; its pointers' addresses differ on a real server.
    assert message.startswith("spec.successPolicy: Invalid value: batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{"
                              "batch.SuccessPolicyRule{SucceededIndexes:(*string)(0xc000")
    assert message.endswith("}}}: requires indexed completion mode")


@pytest.mark.parametrize("rules, expected", [
    ([], "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy "
         "is specified"),
    ([{}], "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must "
           "be specified"),
    ([{"succeededIndexes": "0-5"}], 'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "0-5": error '
                                    'parsing succeededIndexes: too large index: "5"'),
    ([{"succeededIndexes": "3,1"}], 'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "3,1": error '
                                    "parsing succeededIndexes: non-increasing order, previous: 3, current: 1"),
    ([{"succeededIndexes": "a"}], 'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "a": error '
                                  'parsing succeededIndexes: cannot convert string to integer for index: "a"'),
    ([{"succeededCount": 6}], "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or "
                              "equal to 5 (the number of specified completions)"),
    ([{"succeededIndexes": "0,2", "succeededCount": 3}],
     "spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number "
     "of indexes in the specified succeededIndexes field)"),
])
def test_the_rules_are_checked_as_validate_success_policy_rule_does(cluster, rules, expected):
    assert rejected(cluster, **indexed(rules)) == expected


def test_more_than_twenty_rules_are_too_many(cluster):
    message = rejected(cluster, **indexed([{"succeededCount": 1}] * 21))
    assert message.startswith("spec.successPolicy.rules: Too many") and message.endswith("must have at most 20 items")


def test_a_valid_policy_is_stored_and_cannot_be_changed(cluster):
    cluster.api.create("jobs", job(**indexed([{"succeededIndexes": "0,2-3", "succeededCount": 1}])))
    stored = objects.clone(cluster.get("jobs", "pi"))
    assert stored["spec"]["successPolicy"] == {"rules": [{"succeededIndexes": "0,2-3", "succeededCount": 1}]}
    stored["spec"]["successPolicy"]["rules"][0]["succeededCount"] = 2
    with pytest.raises(errors.StatusError) as e:
        cluster.api.update("jobs", stored)
    assert e.value.message.endswith("}}}: field is immutable") and "spec.successPolicy: Invalid value: " in e.value.message
