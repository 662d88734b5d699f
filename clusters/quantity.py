"""resource.Quantity (k8s.io/apimachinery/pkg/api/resource/quantity.go): parsing and canonical form.

A Quantity is read with ParseQuantity and written back with String() /
MarshalJSON, so what a client or the API server prints is its canonical form:
``1000m`` is ``1``, ``0.5`` is ``500m``, ``1.5Gi`` is ``1536Mi``, ``102400Mi``
is ``100Gi``, ``100000`` is ``100k``. ``parse`` keeps the value exactly (a
Fraction) with the format its suffix implies, and the text when ParseQuantity
would cache it; ``canonical`` is Quantity.String() of an uncached value
(CanonicalizeBytes): binary suffixes only for whole values of at least 1024,
otherwise a decimal mantissa whose exponent is a multiple of three.

kubectl uses it for the values it builds (``--hard``, ``--requests``), the API
server for every Quantity-typed field a write carries (``written``), which is
what decoding a request into the typed object and encoding it for etcd does.
It sits at the bottom layer so both can import it.
"""
from __future__ import annotations

import re
from fractions import Fraction

FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"
SUFFIX_WRONG = "unable to parse quantity's suffix"

_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_BINARY = {"Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60}
_DECIMAL_BY_EXP = {v: k for k, v in _DECIMAL.items()}
_BINARY_BY_EXP = {0: "", **{v: k for k, v in _BINARY.items()}}
_SHAPE = re.compile(r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")


class QuantityError(ValueError):
    pass


class Quantity:
    __slots__ = ("value", "format", "text")

    def __init__(self, value: Fraction, fmt: str, text: str | None = None):
        self.value = value
        self.format = fmt  # "DecimalSI", "BinarySI" or "DecimalExponent"
        self.text = text  # the string as written, kept when ParseQuantity deems it canonical

    def __str__(self) -> str:
        return self.text if self.text is not None else canonical(self)


def parse(text: str) -> Quantity:
    """resource.ParseQuantity, with its errors.

    Like upstream it keeps the string as written when its fast path deems it
    canonical already (so ``1500``, ``1e3``, ``5.`` and ``007`` print as
    typed, while ``1000m``, ``0.5`` and ``102400Mi`` do not), and rounds values
    finer than 1n up to it.
    """
    if text == "0":
        return Quantity(Fraction(0), "DecimalSI", "0")
    if text in ("+", "-"):  # parseQuantityString reads a bare sign as zero
        return Quantity(Fraction(0), "DecimalSI")
    m = _SHAPE.match(text)
    if not text or not m:
        raise QuantityError(FORMAT_WRONG)
    number, suffix = m.group(1), m.group(2)
    sign = -1 if number.startswith("-") else 1
    whole, _, denom = number.lstrip("+-").partition(".")
    if "." in denom:
        raise QuantityError(FORMAT_WRONG)
    num = whole.lstrip("0") or "0"  # leading zeros are skipped; no digits left reads as "0"
    shifted = num + denom
    mantissa = Fraction(int(shifted or "0"), 10 ** len(denom))
    if suffix in _BINARY:
        exponent, fmt = _BINARY[suffix], "BinarySI"
        value = mantissa * (1 << exponent)
    elif suffix in _DECIMAL:
        exponent, fmt = _DECIMAL[suffix], "DecimalSI"
        value = mantissa * Fraction(10) ** exponent
    elif re.fullmatch(r"[eE][-+]?[0-9]+", suffix):
        exponent, fmt = int(suffix[1:]), "DecimalExponent"
        value = mantissa * Fraction(10) ** exponent
    else:
        raise QuantityError(SUFFIX_WRONG)
    value *= sign
    nanos = value * 10 ** 9
    if nanos.denominator != 1:  # Quantity keeps nano precision, rounding away from zero
        rounded = -(-abs(nanos.numerator) // nanos.denominator)
        value = Fraction(sign * rounded, 10 ** 9)
    cached = None
    if value != 0 and shifted:
        if fmt == "BinarySI":
            if not denom and 15 - len(num) - int(exponent * 3 / 10) - 1 >= 0 and int(num) & 0x07:
                cached = text
        else:
            scale = exponent - len(denom)
            if (18 - len(shifted) >= 0 and scale >= -9 and scale % 3 == 0 and not shifted.endswith("000")
                    and shifted[0] != "0"):
                cached = text
    return Quantity(value, fmt, cached)


def canonical(q: Quantity) -> str:
    v = q.value
    if v == 0:
        return "0"
    fmt = q.format
    if fmt == "BinarySI" and (-1024 < v < 1024 or v.denominator != 1):
        fmt = "DecimalSI"
    if fmt == "BinarySI":
        amount, exp = int(v), 0
        while amount % 1024 == 0 and exp < 60:
            amount //= 1024
            exp += 10
        return f"{amount}{_BINARY_BY_EXP[exp]}"
    # AsCanonicalBytes: the mantissa without trailing zeros, the exponent lowered to a multiple of 3
    exp = 0
    while v.denominator != 1:
        v *= 10
        exp -= 1
    amount = int(v)
    while amount % 10 == 0:
        amount //= 10
        exp += 1
    while exp % 3:
        amount *= 10
        exp -= 1
    if fmt == "DecimalExponent":
        return f"{amount}e{exp}" if exp else str(amount)
    suffix = _DECIMAL_BY_EXP.get(exp)
    return f"{amount}{suffix}" if suffix is not None else f"{amount}e{exp}"


def string(text: str) -> str:
    """What kubectl prints for a quantity written as ``text`` (QuantityError when it is not one)."""
    return str(parse(text))


# The API server sees the same few spellings again and again (every pod of a
# Deployment carries its template's requests): remember their canonical forms.
_WRITTEN: dict[str, str] = {}
_WRITTEN_MAX = 4096


def written(value) -> str:
    """The JSON a Quantity field holds after the API server decoded and re-encoded it.

    Quantity.UnmarshalJSON takes a JSON string or number (a YAML ``cpu: 1`` or
    ``cpu: 0.5`` arrives as a number), trims spaces and parses it; MarshalJSON
    writes the cached text or the canonical form. Raises QuantityError with
    ParseQuantity's message when the value is not a quantity.
    """
    if type(value) is str:
        text = value
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise QuantityError(FORMAT_WRONG)
    else:
        text = go_json_number(value)
    out = _WRITTEN.get(text)
    if out is None:
        out = string(text.strip())
        if len(_WRITTEN) >= _WRITTEN_MAX:
            _WRITTEN.clear()
        _WRITTEN[text] = out
    return out


def go_json_number(v: int | float) -> str:
    """A number as encoding/json writes it (floatEncoder: 'f' format, 'e' below 1e-6 or from 1e21)."""
    if isinstance(v, int):
        return str(v)
    if v != v or v in (float("inf"), float("-inf")):
        raise QuantityError(FORMAT_WRONG)
    a = abs(v)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        s = repr(v)  # shortest digits as d.ddde±XX, like strconv's 'e' with precision -1
        if len(s) >= 4 and s[-4] == "e" and s[-3] == "-" and s[-2] == "0":
            s = s[:-2] + s[-1]  # encoding/json cleans e-09 up to e-9
        return s
    return _fixed(repr(v))


def _fixed(shortest: str) -> str:
    """strconv.FormatFloat(f, 'f', -1, 64) from Python's shortest repr."""
    from decimal import Decimal

    s = format(Decimal(shortest), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s
