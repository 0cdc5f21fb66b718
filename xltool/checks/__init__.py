"""Checks: compare what a form states with what ``xltool.compute`` expects, and yield ``Finding`` records."""
