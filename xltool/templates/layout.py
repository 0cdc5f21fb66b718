"""Where a generated template keeps each input and each formula.

The builders return a ``Layout`` next to the workbook, so the code that fills a
template (tests), the code that checks a filled one for overwritten formulas
(``tamper``) and the code that computes what each formula cell must show
(``expect``) never hard-code an address.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Layout:
    """Addresses of one template sheet's cells, by role.

    ``rows`` are the indicator rows (role → address: inputs such as 'target',
    formulas such as 'score', hidden helpers under their helper name); ``funds``
    maps 'total' and each source label to its cells; ``cells`` names single
    cells ('total', 'grade', 'weight_total', …); ``groups`` lists subtotal blocks
    of the scoring sheet; ``formulas`` maps every formula cell to its formula.
    """

    template: str
    sheet: str
    profile: str
    rows: list[dict[str, str]] = field(default_factory=list)
    funds: dict[str, dict[str, str]] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)
    groups: list[dict] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    formulas: dict[str, str] = field(default_factory=dict)
