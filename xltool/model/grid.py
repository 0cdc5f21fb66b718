"""One sheet as the rest of xltool sees it: rows of plain cell values plus merged ranges.

``SheetGrid`` is the model every later layer reads (detection, checks, the add-in's
live workbook); it knows nothing about files, so ``xltool.io.read`` builds it from
python-calamine and ``xltool.addin`` from a live Excel workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_NO_MERGES: dict[int, tuple[int, int]] = {}
_NUMBER_TYPES = frozenset((int, float))
_MAX_MERGE_SPREAD = 20_000
"""Cells one merged range may label; a merge over a whole sheet carries no label worth spreading."""


@dataclass
class SheetGrid:
    """One sheet as a list of rows (0-based) plus its merged ranges.

    Empty cells are ``None``. ``merged`` holds (row0, col0, row1, col1),
    inclusive and 0-based, clipped to the grid, so a label merged over several
    rows can be read from each of them through ``value``. ``percent_cells`` maps the
    cells whose number format shows a percentage (0.95 shown as 95%) to the decimals
    shown; the reader fills it from the file's styles (empty where unknown).
    """

    name: str
    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    percent_cells: dict[tuple[int, int], int] = field(default_factory=dict)
    _width: int = field(default=0, init=False, repr=False)
    _starting: dict[tuple[int, int], list[tuple[int, int, int, int]]] = field(
        default_factory=dict, init=False, repr=False)
    _shown: list[list[Any]] = field(default_factory=list, init=False, repr=False)
    _continued: dict[int, dict[int, tuple[int, int]]] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # Computed once: detection asks for the width in every row it scans.
        self._width = max(map(len, self.rows), default=0)
        self.merged = _clip(self.merged, len(self.rows), self._width)
        self._shown = self._spread()

    def _spread(self) -> list[list[Any]]:
        """The rows as they look: each merged range's value in every cell it covers.

        Detection reads whole rows many times; one copy of the rows a merge touches
        (the others are shared, not copied) makes that a list walk instead of an
        anchor lookup per cell. ``_continued`` lists, per row, the cells that continue
        a merge and where it starts: the one record of the merges that ``anchor`` reads.

        Valid merges never overlap, so together they cover at most the grid; overlapping
        ones (a crafted or broken file) must not make this quadratic, and a cell two
        merges cover belongs to the first. The work is done a row segment at a time
        (a merge is usually one row, or a few cells wide), not a cell at a time.
        """
        rows, shown, continued, starting = self.rows, list(self.rows), self._continued, self._starting
        budget = len(rows) * self._width
        tops: dict[int, set[int]] = {}  # row → top-left columns of the merges spread so far
        for merge in self.merged:
            r0, c0, r1, c1 = merge
            anchor = r0, c0
            if anchor in starting:
                starting[anchor].append(merge)
            else:
                starting[anchor] = [merge]
            area = (r1 - r0 + 1) * (c1 - c0 + 1)
            if area > _MAX_MERGE_SPREAD or area > budget:
                continue
            budget -= area
            top = rows[r0]
            value = top[c0] if c0 < len(top) else None
            for r in range(r0, r1 + 1):
                cols = range(c0 + 1 if r == r0 else c0, c1 + 1)  # the top-left cell keeps its own value
                if not cols:
                    continue
                done, own = continued.get(r), tops.get(r)
                if done and not done.keys().isdisjoint(cols) or own and not own.isdisjoint(cols):
                    # cells of this row an earlier merge covers stay with it (only merges that overlap)
                    cols = [c for c in cols if not (done and c in done or own and c in own)]
                    if not cols:
                        continue
                if done is None:
                    continued[r] = dict.fromkeys(cols, anchor)
                else:
                    done.update(dict.fromkeys(cols, anchor))
                row = shown[r]
                if row is rows[r]:
                    row = shown[r] = list(row)
                if len(row) <= cols[-1]:
                    row.extend([None] * (cols[-1] + 1 - len(row)))
                if type(cols) is range:  # a run of cells: one slice assignment
                    row[cols.start:c1 + 1] = [value] * len(cols)
                else:
                    for c in cols:
                        row[c] = value
            if r0 in tops:
                tops[r0].add(c0)
            else:
                tops[r0] = {c0}
        return shown

    @property
    def height(self) -> int:
        """Number of rows."""
        return len(self.rows)

    @property
    def width(self) -> int:
        """Number of columns of the widest row."""
        return self._width

    def anchor(self, r: int, c: int) -> tuple[int, int]:
        """Top-left cell of the merged range holding (r, c), or (r, c) itself."""
        return self._continued.get(r, _NO_MERGES).get(c, (r, c))

    def merges_from(self, r: int, c: int) -> list[tuple[int, int, int, int]]:
        """The merged ranges whose top-left cell is (r, c): one in a valid file, none mostly.

        Layout detection asks this for many cells; scanning ``merged`` each time made
        a sheet with thousands of merges and repeated headers take minutes.
        """
        return self._starting.get((r, c), [])

    def raw(self, r: int, c: int) -> Any:
        """The value stored in (r, c) itself, ``None`` outside the grid."""
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return None

    def value(self, r: int, c: int) -> Any:
        """The value shown at (r, c): merged ranges show their top-left value everywhere."""
        if 0 <= r < len(self._shown):
            row = self._shown[r]
            if 0 <= c < len(row):
                return row[c]
        return None

    def shown_row(self, r: int) -> list[Any]:
        """Row ``r`` as ``value`` shows it, cell by cell (may be shorter than ``width``)."""
        return self._shown[r] if 0 <= r < len(self._shown) else []

    def has_number(self, r: int) -> bool:
        """Whether row ``r`` holds a number (int or float; a bool is neither): a data row, not a header.

        Asked of most rows by header detection, so the cells' types are compared in C."""
        return 0 <= r < len(self.rows) and not _NUMBER_TYPES.isdisjoint(map(type, self.rows[r]))

    def continued(self, r: int) -> dict[int, tuple[int, int]]:
        """Columns of row ``r`` inside a merged range but not its top-left cell → that top-left cell."""
        return self._continued.get(r, {})

    def own_cells(self, r: int, start: int = 0):
        """(column, value) of the cells of row ``r`` from ``start`` that hold a value of their own.

        Empty cells and cells inside a merged range (other than its top-left one) are
        left out: label searches walk only what is written, not the whole width.
        """
        if not 0 <= r < len(self.rows):
            return
        continued, row = self._continued.get(r, _NO_MERGES), self.rows[r]
        for c in range(start, len(row)):
            if row[c] is not None and c not in continued:
                yield c, row[c]

    def is_merged_continuation(self, r: int, c: int) -> bool:
        """True for a cell inside a merged range other than its top-left one."""
        return self.anchor(r, c) != (r, c)


def _clip(merged, height: int, width: int) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the grid; ranges starting outside it hold no value and are dropped."""
    out = []
    for r0, c0, r1, c1 in merged:
        if r1 < r0:
            r0, r1 = r1, r0
        if c1 < c0:
            c0, c1 = c1, c0
        if 0 <= r0 < height and 0 <= c0 < width:
            out.append((r0, c0, r1 if r1 < height else height - 1, c1 if c1 < width else width - 1))
    return out


def a1(row: int, col: int) -> str:
    """A1 address of a 0-based (row, col)."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"
