"""Hostile inputs and a mutation corpus for xltool, with a runner that catches hangs and crashes."""
