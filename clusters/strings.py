"""String tests shared by every layer.

Go's strconv.Atoi and bash's arithmetic accept ASCII digits only, while
Python's str.isdigit() also says yes to '¹' and '١', which int() then rejects
or reads as a number no real tool would.
"""


def isdigits(s: str) -> bool:
    """True when s is one or more ASCII digits."""
    return s.isascii() and s.isdigit()
