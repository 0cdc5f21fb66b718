"""xltool：预算绩效自评表与评分表的读取、重算、交叉核对与标注工具。

The package keeps a one-way data flow: ``grid`` reads workbooks into grids,
``detect`` turns grids into typed forms, ``recalc`` recomputes them by a rule
profile, ``rules`` compares declared against recomputed values and yields
``Finding`` records, and ``reporters`` format those records.
"""

__version__ = "0.1.0"
