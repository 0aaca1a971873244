"""The institution panel's validation: same dialects, located problems, all or nothing (data/panel.py)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from missionlens.data.panel import read_panel

HEADER = ("institution_id,year,name,country,legal_status,active_borrowers,gross_loan_portfolio,"
          "average_loan_balance,women_share,par30,write_off_ratio,operational_self_sufficiency,personnel,"
          "income_per_capita,income_measure,currency")


def panel_row(institution: str = "MFI1", year: int = 2010, women: str = "0.6", par30: str = "0.05",
              income: str = "800", measure: str = "gdp") -> str:
    return f"{institution},{year},Alpha,Kenya,NGO,1200,300000,250,{women},{par30},0.01,1.1,20,{income},{measure},USD"


def write_panel(folder: Path, *rows: str, header: str = HEADER, name: str = "institutions.csv",
                encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("\n".join((header, *rows)) + "\n", encoding=encoding)
    return folder


def test_a_clean_panel_is_read_with_its_types(tmp_path: Path) -> None:
    result = read_panel(write_panel(tmp_path, panel_row(), panel_row(year=2011)))
    assert result.ok and result.table is not None
    assert result.table.column("year").to_pylist() == [2010, 2011]
    assert result.table.column("women_share").to_pylist() == [0.6, 0.6]


def test_a_share_above_one_is_refused_with_its_line_and_column(tmp_path: Path) -> None:
    result = read_panel(write_panel(tmp_path, panel_row(), panel_row(year=2011, women="1.4")))
    assert not result.ok and result.table is None
    [problem] = result.errors
    assert (problem.file, problem.line, problem.column, problem.code) == ("institutions.csv", 3, "women_share",
                                                                          "out_of_range")
    assert str(problem).startswith('institutions.csv line 3, column women_share: "1.4" is above the maximum of 1')


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = read_panel(write_panel(tmp_path, panel_row(par30="x"), panel_row(year=2011, income="0"),
                                    panel_row(year=2012, measure="gnp")))
    located = {(p.line, p.column, p.code) for p in result.errors}
    assert located == {(2, "par30", "not_a_number"), (3, "income_per_capita", "out_of_range"),
                       (4, "income_measure", "unknown_value")}


def test_an_institution_twice_in_a_year_is_refused_naming_the_first_line(tmp_path: Path) -> None:
    result = read_panel(write_panel(tmp_path, panel_row(), panel_row(year=2011), panel_row()))
    [problem] = result.errors
    assert (problem.line, problem.column, problem.code) == (4, "institution_id", "duplicate_key")
    assert "already on line 2" in problem.message


def test_a_missing_required_column_is_refused_on_line_one(tmp_path: Path) -> None:
    header = HEADER.replace(",currency", "")
    row = panel_row().rsplit(",", 1)[0]
    result = read_panel(write_panel(tmp_path, row, header=header))
    [problem] = result.errors
    assert (problem.line, problem.column, problem.code) == (1, "currency", "missing_column")


def test_the_french_spreadsheet_dialect_is_accepted(tmp_path: Path) -> None:
    header = HEADER.replace(",", ";")
    row = "MFI1;2010;Alpha;Côte d'Ivoire;NGO;1 200;300 000,5;250,5;0,6;0,05;0,01;1,1;20;800;gdp;XOF"
    result = read_panel(write_panel(tmp_path, row, header=header, encoding="cp1252"))
    assert result.ok and result.table is not None
    assert result.table.column("gross_loan_portfolio").to_pylist() == [300000.5]
    assert result.table.column("country").to_pylist() == ["Côte d'Ivoire"]


def test_the_panel_file_itself_may_be_given(tmp_path: Path) -> None:
    write_panel(tmp_path, panel_row(), name="my_panel.csv")
    assert read_panel(tmp_path / "my_panel.csv").ok


def test_a_folder_without_institutions_is_refused_saying_what_to_add(tmp_path: Path) -> None:
    result = read_panel(tmp_path)
    [problem] = result.errors
    assert problem.code == "missing_table" and "institutions.csv" in problem.fix


def test_an_income_without_its_measure_is_a_warning(tmp_path: Path) -> None:
    result = read_panel(write_panel(tmp_path, panel_row(measure="")))
    assert result.ok
    assert [(p.line, p.column, p.severity) for p in result.problems] == [(2, "income_measure", "warning")]


def test_a_workbook_sheet_named_institutions_is_read(tmp_path: Path) -> None:
    path = tmp_path / "panel.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("institutions")
        for r, line in enumerate((HEADER, panel_row())):
            for c, cell in enumerate(line.split(",")):
                sheet.write(r, c, cell)
    result = read_panel(path)
    assert result.ok and result.table is not None
    assert result.table.column("women_share").to_pylist() == [0.6]
