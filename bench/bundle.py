"""Benchmark of the Tribunal bundle PDF (issue 17). Run: .venv/bin/python bench/bundle.py

Builds a 300-page bundle from generated documents (A4, US letter and rotated PDFs of 1 to 12
pages, and PNG and JPEG pictures) with web.bundles.pdf.build: the index, a number stamped on
every page, bookmarks. Reports the median wall and CPU time of several builds in a warm process,
against a baseline measured in the same run: the same documents merged by pypdf alone (no
index, no stamps, no bookmarks). Then the same bundle with three Word documents, which adds one
LibreOffice run. Memory: the peak of Python allocations during one build (tracemalloc, in its
own pass), and the peak resident size of a fresh process that builds one bundle (so it is not
the benchmark's own). Target from the issue: a 300-page bundle in under 5 s median.
Medians, not means: the machine is shared and a few slow runs would skew a mean.
"""

from __future__ import annotations

import io
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader, PdfWriter  # noqa: E402

from web.bundles import pdf, testing  # noqa: E402

PAGES = 300
ROUNDS = 5
TARGET_S = 5.0


def documents(pages: int, word: int = 0) -> list[pdf.Section]:
    sources: list[list[pdf.Source]] = [[], [], []]
    made, number = 0, 0
    for n in range(word):
        data = testing.docx(f"Word document {n + 1}", paragraphs=8)
        sources[0].append(pdf.Source(f"Word {n + 1}", None, "docx", lambda d=data: io.BytesIO(d)))
        made += 1
    while made < pages:
        number += 1
        if number % 5 == 0:
            kind = "png" if number % 2 else "jpeg"
            data = testing.image(kind)
            made += 1
        else:
            kind, count = "pdf", min(pages - made, 1 + number % 12)
            size = testing.LETTER if number % 4 == 0 else testing.A4
            data = testing.pdf(
                f"Doc {number}", count, size=size, rotate=90 if number % 7 == 0 else 0
            )
            made += count
        sources[number % 3].append(
            pdf.Source(
                f"Doc {number}", date(2026, 1, number % 28 + 1), kind, lambda d=data: io.BytesIO(d)
            )
        )
    labels = ("Appeal papers", "Evidence from school or college", "Expert reports")
    return [pdf.Section(label, found) for label, found in zip(labels, sources, strict=True)]


def build_once(sections: list[pdf.Section]) -> tuple[float, float, int]:
    with tempfile.TemporaryFile() as out:
        cpu, start = time.process_time(), time.perf_counter()
        result = pdf.build(sections, out, title="Tribunal bundle for Sam")
        return time.perf_counter() - start, time.process_time() - cpu, result.pages


def merge_only(sections: list[pdf.Section]) -> tuple[float, float]:
    """The baseline: the same PDFs (pictures as already-made pages) merged by pypdf alone."""
    ready = []
    for section in sections:
        for source in section.sources:
            if source.kind == "pdf":
                ready.append(source.open().read())
    with tempfile.TemporaryFile() as out:
        cpu, start = time.process_time(), time.perf_counter()
        writer = PdfWriter()
        for data in ready:
            for page in PdfReader(io.BytesIO(data)).pages:
                writer.add_page(page)
        writer.write(out)
        return time.perf_counter() - start, time.process_time() - cpu


def child_peak_rss_mb() -> float:
    """Peak resident size of a fresh process that builds one 300-page bundle."""
    code = (
        f"import sys, tempfile, resource; sys.path.insert(0, {str(ROOT)!r});"
        "from bench.bundle import documents; from web.bundles import pdf;"
        f"s = documents({PAGES});"
        "f = tempfile.TemporaryFile(); pdf.build(s, f, title='x');"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    sections = documents(PAGES)
    build_once(documents(10))  # warm: imports, WeasyPrint's fonts
    walls, cpus, pages = [], [], 0
    for _ in range(ROUNDS):
        wall, cpu, pages = build_once(sections)
        walls.append(wall)
        cpus.append(cpu)
    base = [merge_only(sections) for _ in range(ROUNDS)]
    base_wall = statistics.median(b[0] for b in base)
    median = statistics.median(walls)
    print(
        f"Bundle of {PAGES} document pages ({pages} with the index), {ROUNDS} builds, warm process"
    )
    print(
        f"  build (index, stamps, bookmarks): median {median:.2f} s wall, {statistics.median(cpus):.2f} s CPU"
    )
    print(f"  baseline, pypdf merge of the same PDFs only: median {base_wall:.2f} s wall")
    print(f"  ratio build / merge: {median / base_wall:.1f}x")
    cpu = statistics.median(cpus)
    print(
        f"  target < {TARGET_S:.0f} s: {'met' if median < TARGET_S else 'NOT met'} by wall time,"
        f" {'met' if cpu < TARGET_S else 'NOT met'} by CPU time"
    )
    load = os.getloadavg()[0]
    print(
        f"  (load average {load:.1f} on {os.cpu_count()} cores while measuring: wall time waits"
        " for the other processes; CPU time is the fairer figure on a busy machine)"
    )

    if pdf.libreoffice():
        word = documents(PAGES - 3, word=3)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        with_word = [build_once(word) for _ in range(3)]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        soffice_cpu = (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) / 3
        print(
            f"  with 3 Word documents (one LibreOffice run): median"
            f" {statistics.median(w[0] for w in with_word):.2f} s wall,"
            f" {statistics.median(w[1] for w in with_word):.2f} s CPU here"
            f" + {soffice_cpu:.2f} s CPU in LibreOffice (mean a build);"
            f" LibreOffice's peak resident size {after.ru_maxrss / 1024:.0f} MB"
        )
    else:
        print("  LibreOffice not installed: Word documents not measured")

    tracemalloc.start()
    build_once(sections)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  peak Python allocations during one build: {peak / 1e6:.1f} MB")
    print(f"  peak resident size of a fresh process building one: {child_peak_rss_mb():.0f} MB")
    print(
        f"  (this benchmark process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )


if __name__ == "__main__":
    main()
