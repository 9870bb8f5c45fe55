"""Reads a workbook written by `uslugi history --format xlsx` with openpyxl, an independent
reader, as an official's Excel would: the sheets, the frozen header, the filter, the colours
of the outcomes, numbers as numbers and dates as dates.

    python3 workbook.py FILE.xlsx

Prints one line per check and exits 1 if any fails."""
import datetime
import sys

import openpyxl

failed = 0


def check(ok, what, detail=""):
    global failed
    if not ok:
        failed += 1
    print(("ok   " if ok else "FAIL ") + "workbook: " + what + (f"\n     {detail}" if detail else ""))


book = openpyxl.load_workbook(sys.argv[1])
check(book.sheetnames == ["Рейтинг", "Изменения", "Пояснения"], "three sheets: ranking, changes, notes", book.sheetnames)
ws = book["Рейтинг"]
check(ws.freeze_panes == "C2", "the ranking's header row and site column are frozen", ws.freeze_panes)
check(bool(ws.auto_filter.ref) and ws.auto_filter.ref.startswith("A1:"), "the ranking has an autofilter", ws.auto_filter.ref)
check(ws["A1"].value == "Место" and ws["E1"].value == "Изменение с прошлой проверки", "the ranking's header", [c.value for c in ws[1]][:6])
rows = list(ws.iter_rows(min_row=2, values_only=False))
check(len(rows) >= 2, "a row per site", len(rows))
first = rows[0]
check(isinstance(first[3].value, float) and first[3].number_format == "0.00", "scores are numbers shown with two decimals", f"{first[3].value!r} {first[3].number_format}")
check(isinstance(first[5].value, datetime.datetime) and first[5].is_date, "the check date is a date", repr(first[5].value))
fills = {}
for row in rows:
    for cell in row[6:]:
        fills.setdefault(cell.value, set()).add(cell.fill.fgColor.rgb)
check("есть" in fills and all(len(v) == 1 for v in fills.values()), "each outcome has one colour", fills)
check(fills.get("есть") == {"FFC6EFCE"} and fills.get("нет", {"FFFFC7CE"}) == {"FFFFC7CE"}, "present is green, missing is red", fills)
ch = book["Изменения"]
check(ch.freeze_panes == "B2" and bool(ch.auto_filter.ref), "the changes sheet has a frozen header and a filter", f"{ch.freeze_panes} {ch.auto_filter.ref}")
delta = ch.cell(row=2, column=5).value
check(isinstance(delta, float), "changes are numbers", repr(delta))
notes = book["Пояснения"]
text = " ".join(str(c.value) for row in notes.iter_rows() for c in row if c.value is not None)
check("не официальный рейтинг" in text and "№ 4449/01-08" in text, "the notes say what the score means and cite the sources")
dates = [c.value for row in notes.iter_rows() for c in row if isinstance(c.value, datetime.datetime)]
check(len(dates) == 2, "the notes give both check dates as dates", dates)
print(f"\n{'workbook read' if not failed else f'{failed} workbook checks failed'}")
sys.exit(1 if failed else 0)
