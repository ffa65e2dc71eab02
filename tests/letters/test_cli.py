"""`send-redress letter` as a person or a script runs it: real processes, real files."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from send_redress.cli import main
from send_redress.letters import LETTER_TYPES
from tests.documents import docx_text, flat, pdf_info, pdf_text

from .cases import CASES, case

COMMAND = shutil.which("send-redress", path=str(Path(sys.executable).parent)) or "send-redress"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [COMMAND, *args],
        input=stdin.encode() if stdin is not None else None,
        capture_output=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def case_file(tmp_path):
    def write(letter_type: str, data: dict | None = None) -> Path:
        path = tmp_path / f"{letter_type}.json"
        path.write_text(json.dumps(data if data is not None else CASES[letter_type]), "utf-8")
        return path

    return write


def test_text_goes_to_standard_output(case_file):
    result = run("letter", "school-complaint", str(case_file("school-complaint")))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    text = result.stdout.decode("utf-8")
    assert "This is a formal complaint under the school's complaints procedure." in text


def test_pdf_and_docx_are_written_whole_to_the_output_path(case_file, tmp_path):
    source = case_file("la-complaint")
    pdf_path, docx_path = tmp_path / "out" / "letter.pdf", tmp_path / "out" / "letter.docx"
    pdf_path.parent.mkdir()
    result = run(
        "letter", "la-complaint", str(source), "--format", "pdf", "--output", str(pdf_path)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"" and result.stderr == b""
    pdf = pdf_path.read_bytes()
    assert pdf_info(pdf)["Tagged"] == "yes"
    assert "formal complaint under the council's complaints procedure" in flat(pdf_text(pdf))
    result = run("letter", "la-complaint", "-", "--format", "docx", "--output", str(docx_path),
                 stdin=source.read_text())  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Bedford Borough Council" in docx_text(docx_path.read_bytes())
    assert sorted(p.name for p in pdf_path.parent.iterdir()) == ["letter.docx", "letter.pdf"]
    assert oct(pdf_path.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_a_binary_format_can_go_to_standard_output_when_asked(case_file):
    result = run("letter", "raise-concern", str(case_file("raise-concern")),
                 "--format", "docx", "--output", "-")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "What is worrying me" in docx_text(result.stdout)


def test_the_letter_before_claim_warns_on_standard_error(case_file, tmp_path):
    out = tmp_path / "lbc.pdf"
    result = run("letter", "letter-before-claim", str(case_file("letter-before-claim")),
                 "--format", "pdf", "--output", str(out))  # fmt: skip
    assert result.returncode == 0
    assert result.stderr.decode().startswith("Important: Get legal advice before you send")
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("output_format", ["text", "docx", "pdf"])
def test_every_type_in_every_format_through_the_cli(case_file, tmp_path, output_format, capsys):
    for letter_type in LETTER_TYPES:
        out = tmp_path / f"{letter_type}.{output_format}"
        code = main(["letter", letter_type, str(case_file(letter_type)),
                     "--format", output_format, "--output", str(out)])  # fmt: skip
        assert code == 0, capsys.readouterr().err
        data = out.read_bytes()
        text = {"text": lambda d: d.decode(), "docx": docx_text, "pdf": pdf_text}[output_format](
            data
        )
        assert CASES[letter_type]["letter"]["sender_name"] in text
        assert "1 February 2027" in text


def _bad(*args: str, existing: bytes | None = None, tmp_path: Path):
    out = tmp_path / "letter.pdf"
    if existing is not None:
        out.write_bytes(existing)
    result = run(*args, "--output", str(out))
    return result, out


def test_bad_details_exit_2_one_line_per_problem_and_write_nothing(case_file, tmp_path):
    data = case("school-complaint", issues=[], response_date="2027-01-01", colour="red")
    data["concern"] = "support-in-school-please"
    result, out = _bad("letter", "school-complaint", str(case_file("bad", data)),
                       "--format", "pdf", tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().splitlines() == [
        "concern: unknown value 'support-in-school-please'",
        "letter.colour: unknown field (value 'red')",
        "letter.issues: missing: a formal complaint to the school needs it",
    ]
    data["concern"] = "support-in-school"
    result, out = _bad("letter", "school-complaint", str(case_file("bad", data)),
                       "--format", "pdf", tmp_path=tmp_path)  # fmt: skip
    assert result.stderr.decode().splitlines() == [
        "letter.colour: unknown field (value 'red')",
        "letter.issues: missing: a formal complaint to the school needs it",
        "letter.response_date: must be after the letter's date (1 February 2027)",
    ]
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.json"]


def test_a_failed_run_leaves_an_existing_file_alone(case_file, tmp_path):
    data = case("mediation-adviser")
    data["events"] = []
    result, out = _bad("letter", "mediation-adviser", str(case_file("bad", data)),
                       "--format", "pdf", existing=b"my earlier letter", tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "events: this letter needs the date of this event: The council sent its decision letter"
        " (decision-notice-sent)\n"
    )
    assert out.read_bytes() == b"my earlier letter"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "letter.pdf"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["letter", "thank-you", "{file}"], "type: unknown letter type 'thank-you' (one of raise-concern, "),
        (["letter", "raise-concern", "{file}", "--format", "pdf"], "output: give --output PATH for the pdf format"),
        (["letter", "raise-concern", "/no/such/file.json"], "file: cannot read '/no/such/file.json'"),
        (["letter", "raise-concern", "{file}", "--format", "pdf", "--output", "/no/such/dir/x.pdf"],
         "output: cannot write '/no/such/dir/x.pdf' (No such file or directory)"),
    ],
)  # fmt: skip
def test_bad_commands_exit_2_naming_the_problem(case_file, args, message):
    file = str(case_file("raise-concern"))
    result = run(*[a.replace("{file}", file) for a in args])
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().startswith(message)


def test_not_json_and_not_an_object(tmp_path):
    path = tmp_path / "case.json"
    path.write_text("{not json", "utf-8")
    result = run("letter", "raise-concern", str(path))
    assert (result.returncode, result.stderr.decode()) == (
        2,
        "input: not valid JSON (Expecting property name enclosed in double quotes at line 1 column 2)\n",
    )
    result = run("letter", "raise-concern", "-", stdin="[1, 2]")
    assert (result.returncode, result.stderr.decode()) == (2, "input: expected a JSON object\n")


def test_an_unknown_format_is_refused_by_the_parser(case_file):
    result = run("letter", "raise-concern", str(case_file("raise-concern")), "--format", "rtf")
    assert result.returncode == 2
    assert b"invalid choice: 'rtf'" in result.stderr


def test_assess_never_imports_the_letters_docx_or_weasyprint():
    """`send-redress assess` must stay fast: the letter packages load only for `letter`."""
    shared = next(p / "shared" for p in Path(__file__).parents[3:5] if (p / "shared").is_dir())
    example = shared / "examples" / "bedford-refused-assessment.json"
    code = (
        "import sys; from send_redress.cli import main; "
        f"main(['assess', {str(example)!r}, '--format', 'json']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'weasyprint', 'lxml')"
        " or m.startswith('send_redress.letters')), file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "[]"


def test_the_cli_writes_text_to_a_stream_in_process(case_file, capsys):
    assert main(["letter", "subject-access-request", str(case_file("subject-access-request"))]) == 0
    out = capsys.readouterr().out
    assert "Article 15 of the UK General Data Protection Regulation" in out
    assert isinstance(io.StringIO(out).read(), str)
