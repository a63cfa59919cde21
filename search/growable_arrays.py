"""The array type Whoosh's GrowableArray (whoosh.util.numlists) ends with, for
writers that keep its numbers on disk instead and must write the same bytes."""

from __future__ import annotations

# Each type code and the first number it cannot hold, narrowest first.
_WIDENINGS = (("B", 2**8), ("H", 2**16), ("i", 2**31), ("I", 2**32))


def final_typecode(largest: int, *, first: str = "B", longs: bool = False) -> str:
    """The type of a GrowableArray(first, allow_longs=longs) after appending
    numbers no larger than `largest`: it starts as `first` and widens on
    overflow to the narrowest type that holds the number appended, so its end
    depends only on the largest."""
    codes = [code for code, _limit in _WIDENINGS]
    for code, limit in _WIDENINGS[codes.index(first) :]:
        if largest < limit:
            return code
    if longs:
        return "q"
    raise OverflowError(f"{largest!r} is too big to fit in an array")
