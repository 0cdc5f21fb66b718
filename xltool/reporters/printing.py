"""Print layout of the reports: the helpers live in ``xltool.io.printing``, shared with the templates."""

from xltool.io.printing import LINE_HEIGHT, RowFit, fit_rows, line_count, set_up_page, text_units

__all__ = ["LINE_HEIGHT", "RowFit", "fit_rows", "line_count", "set_up_page", "text_units"]
