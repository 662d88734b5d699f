"""resource.Quantity as kubectl parses and prints it (quantity.go), checked value by value against kubectl 1.32
(``kubectl create quota q --hard=x=VALUE --dry-run=client -o jsonpath={.spec.hard.x}``)."""
from __future__ import annotations

import re

import pytest

from clusters import Cluster
from clusters.console.kubectl import quantities

PRINTED = {
    "1000m": "1", "1.5Gi": "1536Mi", "100000": "100k", "0.5": "500m", "1e3": "1e3", "1.5Ki": "1536", "0.5Ki": "512",
    "102400Mi": "100Gi", "1500": "1500", "1.2345": "1234500u", "0.0000000001": "1n", "-1": "-1", "1E6": "1E6",
    "1024Ki": "1Mi", "1023Ki": "1023Ki", ".5": "500m", "5.": "5.", "0": "0", "0.1m": "100u", "1.5e3": "1500",
    "1000000000000k": "1P", "1.1Ki": "1126400m", "-": "0", "+5": "+5", "007": "007", "0.0": "0", "8Ki": "8Ki",
    "0Ki": "0", "2.50": "2500m", "10.0Gi": "10Gi", "1000u": "1m", "0.500": "500m", "128974848": "128974848",
}


@pytest.mark.parametrize("written,printed", sorted(PRINTED.items()))
def test_a_quantity_prints_as_kubectl_prints_it(written, printed):
    assert quantities.string(written) == printed


@pytest.mark.parametrize("written,error", [("abc", quantities.FORMAT_WRONG), ("1.2.3", quantities.FORMAT_WRONG),
                                           ("1ki", quantities.SUFFIX_WRONG), ("1e", quantities.SUFFIX_WRONG)])
def test_a_malformed_quantity_fails_with_parse_quantity_s_error(written, error):
    with pytest.raises(quantities.QuantityError, match="^" + re.escape(error) + "$"):
        quantities.parse(written)


def test_create_quota_prints_its_hard_limits_as_quantities():
    out = Cluster(seed=1).run("kubectl create quota q --hard=cpu=1000m,memory=1.5Gi,pods=10 --dry-run=client "
                              "-o jsonpath={.spec.hard}")
    assert out.text == '{"cpu":"1","memory":"1536Mi","pods":"10"}'


def test_create_quota_refuses_a_value_that_is_not_a_quantity():
    out = Cluster(seed=1).run("kubectl create quota q --hard=cpu=abc --dry-run=client")
    assert (out.text, out.exit_code) == ("error: " + quantities.FORMAT_WRONG + "\n", 1)
