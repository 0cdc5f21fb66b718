"""Layout detection: find every form (自评表, 综合评分表, summary tables) in a workbook's grids by header words."""
