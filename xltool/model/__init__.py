"""The typed model every layer above reads: sheet grids, parsed values, detected forms and scoring tables."""
