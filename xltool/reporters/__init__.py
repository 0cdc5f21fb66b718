"""Reporters: turn a list of findings into text, JSON or an annotated workbook."""
