"""Recalculation: scoring methods (Python value and Excel formula), rule profiles, and the pure recalculation."""
