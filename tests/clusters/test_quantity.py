"""What a Quantity field holds once the API server has decoded and re-encoded it
(k8s.io/apimachinery/pkg/api/resource/quantity.go UnmarshalJSON/MarshalJSON)."""
import pytest

from clusters import quantity


@pytest.mark.parametrize("sent,stored", [
    ("102400Mi", "100Gi"), ("1000m", "1"), ("0.5", "500m"), ("1536Mi", "1536Mi"), ("1.5Gi", "1536Mi"),
    ("100Mi", "100Mi"), ("128974848", "128974848"), ("1e3", "1e3"), (" 250m ", "250m"),
])
def test_a_string_is_stored_as_marshal_json_writes_it_quantity_go(sent, stored):
    assert quantity.written(sent) == stored


@pytest.mark.parametrize("sent,stored", [(1, "1"), (0.5, "500m"), (2.0, "2"), (2.5, "2500m"), (1000, "1k"),
                                         (0.1, "100m"), (1.5e-7, "150e-9")])
def test_a_yaml_number_arrives_as_json_and_is_stored_as_a_string_unmarshal_json(sent, stored):
    assert quantity.written(sent) == stored


@pytest.mark.parametrize("number,text", [(0.5, "0.5"), (100.0, "100"), (1e20, "100000000000000000000"),
                                         (1e21, "1e+21"), (1.5e-7, "1.5e-7"), (-3, "-3")])
def test_numbers_are_written_as_encoding_json_writes_floats(number, text):
    assert quantity.go_json_number(number) == text


@pytest.mark.parametrize("sent,message", [("abc", quantity.FORMAT_WRONG), ("2MMi", quantity.SUFFIX_WRONG),
                                          (True, quantity.FORMAT_WRONG), ([1], quantity.FORMAT_WRONG)])
def test_what_is_not_a_quantity_fails_with_parse_quantity_s_error(sent, message):
    with pytest.raises(quantity.QuantityError, match="^" + __import__("re").escape(message) + "$"):
        quantity.written(sent)


def test_the_console_reexports_the_one_implementation():
    from clusters.console.kubectl import quantities

    assert quantities.parse is quantity.parse and quantities.QuantityError is quantity.QuantityError
