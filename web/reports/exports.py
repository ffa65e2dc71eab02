"""A service's report as CSV and XLSX: the same figures as the page, one table after another
(CSV) or one sheet per table with its bar chart (XLSX). Labels come from the registry and the
councils list, not from anyone's typing; they are still guarded against spreadsheet formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from .figures import Report

CLOCK_HEADER = ["Council", "Clock", "Met", "Late", "Missed"]


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def rows(report: Report) -> Iterator[list[Any]]:
    """Every figure as a row: the table, the label, the count (and the clocks' own columns)."""
    yield ["Report", report.organisation]
    yield ["From", report.start.isoformat()]
    yield ["To", report.end.isoformat()]
    totals = report.totals
    yield ["Contacts", totals.contacts]
    yield ["Minutes spent", totals.minutes]
    yield ["Cases helped", totals.cases]
    yield ["Enquiries without a case", totals.enquiries]
    for table in report.tables:
        yield []
        yield [table.title, "Contacts"]
        for label, count in table.rows:
            yield [label, count]
    yield []
    yield ["Council clocks due in the period, in shared cases"]
    yield CLOCK_HEADER
    for row in report.clocks:
        yield [row.council, row.clock, row.met, row.late, row.missed]


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows(report):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    totals = report.totals
    summary_rows: list[list[Any]] = [
        ["Report", report.organisation],
        ["From", report.start],
        ["To", report.end],
        ["Contacts", totals.contacts],
        ["Minutes spent", totals.minutes],
        ["Cases helped", totals.cases],
        ["Enquiries without a case", totals.enquiries],
    ]
    for cells in summary_rows:
        summary.append([_cell(v) for v in cells])
    summary.column_dimensions["A"].width = 28
    for table in report.tables:
        sheet = book.create_sheet(table.column[:31])
        sheet.append([table.column, "Contacts"])
        for label, count in table.rows:
            sheet.append([_cell(label), count])
        sheet.column_dimensions["A"].width = 48
        if table.rows:
            chart = BarChart()
            chart.type = "bar"
            chart.title = table.title
            chart.legend = None
            data = Reference(sheet, min_col=2, min_row=1, max_row=len(table.rows) + 1)
            labels = Reference(sheet, min_col=1, min_row=2, max_row=len(table.rows) + 1)
            chart.add_data(data, titles_from_data=True)
            chart.set_categories(labels)
            sheet.add_chart(chart, "D2")
    clocks = book.create_sheet("Council clocks")
    clocks.append(CLOCK_HEADER)
    for row in report.clocks:
        clocks.append([_cell(row.council), _cell(row.clock), row.met, row.late, row.missed])
    clocks.column_dimensions["A"].width = 40
    clocks.column_dimensions["B"].width = 48
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
