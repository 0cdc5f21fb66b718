"""Write a copy of the Fukang sample whose 执行率, 执行率得分, indicator 得分 and 总分 are formulas without values.

openpyxl writes no cached results, as any program that does not calculate. Used by .ci/wheel.
"""

import sys

from openpyxl import load_workbook

FORMULAS = {"L6": "=IFERROR(I6/G6,0)", "M6": "=ROUND(K6*MIN(L6,1),2)", "I26": "=SUM(I12:I25)+M6",
            **{f"I{r}": f"=ROUND(IF(H{r}<60,0,IF(H{r}<=100,(H{r}-60)/40*E{r},(1-(H{r}-100)/100)*E{r})),2)"
               for r in (12, 13, 14, 15)}}

wb = load_workbook(sys.argv[1])
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"  # typed text such as '=30437 人' stays text
for addr, formula in FORMULAS.items():
    wb["附件7"][addr] = formula
wb.save(sys.argv[2])
