"""`send-redress`: assess a case, list the routes, print the map of every concern's ladder,
draft a letter, or check an EHC plan.

Imports are kept to the standard library until they are needed, so that the command starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from send_redress._content import Content
    from send_redress._model import Assessment

EXIT_BAD_INPUT = 2
# What a shell reports for a command stopped by SIGPIPE (128 + 13), as `yes | head` gives.
EXIT_BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        status = _run(parser, args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
    except BrokenPipeError:
        # The reader has gone (`send-redress routes | head`): stop quietly, as other tools do.
        # Standard output is pointed at /dev/null so that the flush at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return status


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "assess":
        return _assess(args.file, args.format, sys.stdout, sys.stderr)
    if args.command == "routes":
        return _routes(map_view=args.map, out=sys.stdout)
    if args.command == "letter":
        return _letter(
            args.type,
            args.file,
            args.format,
            args.output,
            sys.stdout,
            sys.stderr,
            notes=args.notes,
        )
    if args.command == "check-plan":
        return _check_plan(args, sys.stdout, sys.stderr)
    parser.print_help()
    return EXIT_BAD_INPUT


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the width: left to itself it imports shutil (and with it bz2,
    lzma and fnmatch) each time a parser is built, about a tenth of a warm `assess`."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """As shutil.get_terminal_size() gives it: $COLUMNS, else the terminal's width, else 80."""
    with contextlib.suppress(KeyError, ValueError):
        if (columns := int(os.environ["COLUMNS"])) > 0:
            return columns
    with contextlib.suppress(AttributeError, ValueError, OSError):
        if (columns := os.get_terminal_size(sys.__stdout__.fileno()).columns) > 0:  # type: ignore[union-attr]
            return columns
    return 80


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="send-redress",
        description="Routes of redress and deadlines for SEND disagreements in England.",
        formatter_class=_HelpFormatter,
    )
    commands = parser.add_subparsers(dest="command")
    assess = commands.add_parser(
        "assess", help="assess one case's facts (JSON)", formatter_class=_HelpFormatter
    )
    assess.add_argument("file", help="a JSON file of the case's facts, or - for standard input")
    assess.add_argument("--format", choices=("text", "json"), default="text")
    routes = commands.add_parser(
        "routes", help="list every route with its sources", formatter_class=_HelpFormatter
    )
    routes.add_argument(
        "--map", action="store_true", help="print every concern's path through the ladder"
    )
    # The letter types are checked when the command runs: listing them here would import the
    # letters package on every start, and `assess` must stay fast.
    letter = commands.add_parser(
        "letter",
        help="draft a letter from a case's facts and the letter's details (JSON)",
        description="Letter types: raise-concern, school-complaint, governors-complaint, "
        "la-send-team, la-complaint, request-assessment, mediation-adviser, ombudsman-summary, "
        "subject-access-request, letter-before-claim, reinstatement-request, review-panel-request, "
        "nhs-complaint. FILE holds the assess input plus a "
        '"letter" object (docs/letter-contract.md).',
        formatter_class=_HelpFormatter,
    )
    letter.add_argument("type", metavar="TYPE", help="the letter type, e.g. school-complaint")
    letter.add_argument(
        "file", metavar="FILE", help="a JSON file of the facts and the letter's details, or -"
    )
    letter.add_argument("--format", choices=("text", "docx", "pdf"), default="text")
    letter.add_argument(
        "--output",
        metavar="PATH",
        help="where to write the letter (needed for docx and pdf); - or none: standard output",
    )
    letter.add_argument(
        "--notes",
        action="store_true",
        help='write the notes for the sender ("Before you send this letter") instead of the '
        "letter: the letter's own file never holds them",
    )
    check = commands.add_parser(
        "check-plan",
        help="check an EHC plan (PDF, DOCX or text) for vague provision and gaps",
        description="Check an EHC plan: sections A to K, vague or unquantified provision in F, "
        "needs in B with no provision, therapies in G or H, outcomes with no time frame, section "
        "I, and the plan's dates. Nothing is sent anywhere. The JSON output is the contract in "
        "docs/plan-check-contract.md.",
        formatter_class=_HelpFormatter,
    )
    check.add_argument(
        "file",
        metavar="FILE",
        help="the plan (PDF, DOCX or UTF-8 text), or - for text on standard input",
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--kind", choices=("draft", "final"), help="draft or final, if the plan does not say"
    )
    check.add_argument(
        "--dated", metavar="YYYY-MM-DD", help="the day the draft was sent, or the final plan's date"
    )
    check.add_argument(
        "--requested",
        metavar="YYYY-MM-DD",
        help="the day the council got the request for an assessment (for the 20 weeks)",
    )
    check.add_argument(
        "--today", metavar="YYYY-MM-DD", help="the date to count from (default: today in London)"
    )
    check.add_argument("--no-ocr", action="store_true", help="do not read a scanned PDF by OCR")
    check.add_argument(
        "--letter",
        metavar="PATH",
        help="also write the representations on the draft plan, with every finding, to PATH "
        "(.docx, .pdf or .txt)",
    )
    return parser


def _check_plan(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Check one plan. A file that cannot be read exits 2 with one line saying why."""
    from datetime import date

    problems = []
    days: dict[str, date | None] = {}
    for name in ("dated", "requested", "today"):
        value = getattr(args, name)
        try:
            days[name] = date.fromisoformat(value) if value else None
        except ValueError:
            problems.append(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
    if problems:
        _report(problems, err)
        return EXIT_BAD_INPUT
    try:
        if args.file == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(args.file, "rb") as handle:
                data = handle.read()
    except OSError as error:
        _report([f"file: cannot read {args.file!r} ({error.strerror})"], err)
        return EXIT_BAD_INPUT

    from send_redress._plan_check import check_plan, format_text, to_jsonable
    from send_redress._plan_read import PlanReadError, ocr_pdf, read_plan

    try:
        try:
            plan = read_plan(data, args.file)
        except PlanReadError as error:
            if error.code != "scanned" or args.no_ocr:
                raise
            err.write(error.message + "\n")

            def progress(done: int, total: int) -> None:
                err.write(f"Read page {done} of {total}\n")

            plan = ocr_pdf(data, progress)
    except PlanReadError as error:
        _report([f"file: {error.message}"], err)
        return EXIT_BAD_INPUT
    from send_redress._facts import today_in_london

    result = check_plan(
        plan,
        today=days["today"] or today_in_london(),
        kind=args.kind,
        dated=days["dated"],
        requested_on=days["requested"],
    )
    if args.letter:
        problem = _write_representations(result, args.letter)
        if problem:
            _report([problem], err)
            return EXIT_BAD_INPUT
    if args.format == "json":
        out.write(json.dumps(to_jsonable(result), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(format_text(result))
    return 0


def _write_representations(result: Any, path: str) -> str | None:
    formats = {".docx": "docx", ".pdf": "pdf", ".txt": "text"}
    output_format = formats.get(os.path.splitext(path)[1].lower())
    if output_format is None:
        return f"letter: {path!r} must end in .docx, .pdf or .txt"
    from send_redress._plan_letter import KeptFinding, representations_letter
    from send_redress.letters import render

    comments = result.date("draft-plan-comments")
    letter = representations_letter(
        [KeptFinding(f.check, f.section, f.quote, f.page) for f in result.findings],
        today=result.today,
        plan_dated=result.dated,
        comments_due=comments.due if comments else None,
    )
    return _write_atomically(path, render(letter, output_format))


def _assess(file: str, output_format: str, out: TextIO, err: TextIO) -> int:
    problems, data = _read_json(file)
    if problems:
        _report(problems, err)
        return EXIT_BAD_INPUT

    from send_redress._facts import FactsError, parse_facts

    try:
        facts = parse_facts(data)
    except FactsError as error:
        _report(error.problems, err)
        return EXIT_BAD_INPUT

    from send_redress._engine import assess
    from send_redress._model import to_json

    assessment = assess(facts)
    if output_format == "json":
        out.write(to_json(assessment).decode("utf-8") + "\n")
    else:
        from send_redress._content import load_content

        out.write(format_text(assessment, load_content()))
    return 0


def _letter(
    letter_type: str,
    file: str,
    output_format: str,
    output: str | None,
    out: TextIO,
    err: TextIO,
    *,
    notes: bool = False,
) -> int:
    """Draft one letter (or, with `notes`, its notes for the sender). Bad input exits 2 with
    one line per problem; nothing is written."""
    if output_format != "text" and output in (None, ""):
        _report([f"output: give --output PATH for the {output_format} format"], err)
        return EXIT_BAD_INPUT
    problems, data = _read_json(file)
    if problems:
        _report(problems, err)
        return EXIT_BAD_INPUT

    from send_redress.letters import LetterError, draft_from_input, render, render_notes

    try:
        letter = draft_from_input(letter_type, data)
    except LetterError as error:
        _report([str(problem) for problem in error.problems], err)
        return EXIT_BAD_INPUT
    document = (render_notes if notes else render)(letter, output_format)
    if output in (None, "-"):
        out.flush()
        if output_format == "text":
            out.write(document.decode("utf-8"))
        else:
            out.buffer.write(document)
    else:
        problem = _write_atomically(output, document)
        if problem:
            _report([problem], err)
            return EXIT_BAD_INPUT
    if letter.warning:
        err.write(f"{letter.labels.warning}: {letter.warning}\n")
    return 0


def _write_atomically(path: str, data: bytes) -> str | None:
    """Write to a temporary file beside `path`, then rename it: a reader (or a crash) never
    sees half a letter. Returns a problem line, or None."""
    import tempfile

    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, partial = tempfile.mkstemp(
            dir=folder, prefix="." + os.path.basename(path) + ".", suffix=".partial"
        )
    except OSError as error:
        return f"output: cannot write {path!r} ({error.strerror})"
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(partial, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(partial)
        return f"output: cannot write {path!r} ({error.strerror})"
    return None


def _read_json(file: str) -> tuple[list[str], Any]:
    try:
        if file == "-":
            text = sys.stdin.read()
        else:
            with open(file, encoding="utf-8") as handle:
                text = handle.read()
    except OSError as error:
        return [f"file: cannot read {file!r} ({error.strerror})"], None
    except UnicodeDecodeError:
        return [f"file: {file!r} is not UTF-8 text"], None
    return decode_json(text)


def decode_json(text: str) -> tuple[list[str], Any]:
    """The data in a JSON text, or the problem line for text that is not JSON (no data).
    The HTTP API (web/api) gives the same line."""
    try:
        return [], json.loads(text)
    except json.JSONDecodeError as error:
        return [
            f"input: not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ], None
    except RecursionError:
        return ["input: not valid JSON (nested too deeply)"], None


def _report(problems: list[str], err: TextIO) -> None:
    for problem in problems:
        err.write(problem + "\n")


_STATUS_HEADINGS = (
    ("available", "Open now"),
    ("not-yet", "Not open yet"),
    ("not-applicable", "Not for this problem"),
    ("closed", "Closed or already used"),
)


def format_text(assessment: Assessment, content: Content) -> str:
    """The assessment for people: next step, warnings, deadlines, then every route by status."""
    from send_redress._wording import duty_holder, long_date

    lines = [
        f"Assessment on {long_date(assessment.today)}",
        f"Council: {assessment.local_authority_name}",
        f"Problem: {content.concerns[assessment.concern].label_for(assessment.asker)}",
        "",
    ]
    step = assessment.route(assessment.next_step)
    lines += [assessment.next_step_text, _indent(step.why)]
    if step.contact is not None:
        lines.append(_indent("Contact: " + _contact_line(step.contact)))
    if assessment.warnings:
        lines += ["", "Warnings"] + [_indent("! " + w) for w in assessment.warnings]
    if assessment.deadlines:
        lines += ["", "Deadlines"]
        for deadline in assessment.deadlines:
            whose = "you" if deadline.whose == "parent" else duty_holder(deadline.whose)
            when = _days_text(deadline.days_left)
            lines.append(
                _indent(f"{long_date(deadline.due)} ({when}): {deadline.name} [for {whose}]")
            )
            lines.append(_indent(deadline.working, 6))
            if deadline.met_on is not None:
                lines.append(_indent(f"Done on {long_date(deadline.met_on)}.", 6))
    for status, heading in _STATUS_HEADINGS:
        routes = [r for r in assessment.routes if r.status == status]
        if routes:
            lines += ["", heading]
            for route in routes:
                lines += [_indent(route.name), _indent(route.why, 6)]
    lines += ["", "This is information, not legal advice. Sources: send-redress routes", ""]
    return "\n".join(lines)


def _days_text(days_left: int) -> str:
    if days_left == 0:
        return "today"
    if days_left > 0:
        return f"in {days_left} day{'s' if days_left != 1 else ''}"
    return f"{-days_left} day{'s' if days_left != -1 else ''} ago"


def _contact_line(contact: Any) -> str:
    parts = [contact.name] + [p for p in (contact.phone, contact.email, contact.url) if p]
    line = ", ".join(parts)
    return f"{line}. {contact.where_to_find}" if contact.where_to_find else line


def _indent(text: str, spaces: int = 2) -> str:
    return " " * spaces + text


def _routes(*, map_view: bool, out: TextIO) -> int:
    from send_redress._content import load_content

    content = load_content()
    if map_view:
        from send_redress._ladder_map import format_map

        out.write(format_map(content))
        return 0
    for route in content.routes.values():
        out.write(f"{route.id}: {route.name}\n  {route.summary}\n")
        for source in route.sources:
            out.write(f"  - {source.title} ({source.url}), took effect {source.took_effect}\n")
        out.write("\n")
    out.write("Deadlines\n\n")
    for deadline in content.deadlines.values():
        out.write(f"{deadline.id}: {deadline.rule}\n")
        for source in deadline.sources:
            out.write(f"  - {source.title} ({source.url}), took effect {source.took_effect}\n")
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
