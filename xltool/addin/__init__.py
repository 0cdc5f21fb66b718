"""The Excel ribbon add-in (绩效核查 tab): build the .xlam, and the Python side of its buttons.

``build`` makes xltool.xlam from xltool/addin/macros/ (``xltool addin build``); ``live`` holds the entry
points the buttons call through xlwings; ``book``, ``scores`` and ``marks`` map between the
open workbook and the engine; ``payload`` lets the buttons run on Linux for tests.
"""
