"""How long FieldRep's reader takes, and how much memory, on the worst files a rep could open.

The files are the hostile corpus of the tests (``tests/fieldrep/importing/hostile_corpus.py``)
at full size, beside large valid files for scale: zip bombs whose sheet unpacks to 1 GB,
300 MB, 40 MB and 3 MB, a forged sheet size, rows at and past Excel's last, columns to
``ZZZ``, a row of a million cells, XML entities, 1 MB cells, a line of 60 MB of commas,
20,000 columns, 260,000 rows, binary garbage, UTF-16 without a byte-order mark. They are
built untimed in a temporary folder.

Each file is read by ``read_table`` (what the CLI, the wizard and ``plan_import`` call) in
a fresh Python process, so that one file's memory does not hide another's: once timed
(wall clock; the growth of the process's peak resident memory, ``ru_maxrss``, over what
the interpreter and the imports already held), then once more under ``tracemalloc`` for
the peak of Python's own allocations. The outcome is the number of rows read or the
limit that refused the file.

Run: ``.venv/bin/python benchmarks/hostile_files.py > benchmarks/results/hostile_files.txt``
(about a minute; progress goes to stderr).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's fieldrep and the tests' corpus

from common import machine_info, machine_line, table  # noqa: E402
from generate import write_accounts  # noqa: E402

from fieldrep.importing.errors import ImportFileError, ImportLimitError  # noqa: E402
from fieldrep.importing.reader import read_table  # noqa: E402
from tests.fieldrep.importing import hostile_corpus as corpus  # noqa: E402

MB = 1024 * 1024
Build = Callable[[Path], Path]


def _sheet(rows: bytes, dimension: str = "") -> Build:
    def build(path: Path) -> Path:
        return corpus.write_workbook(path, corpus.valid_workbook_parts(),
                                     corpus.packed_part(corpus.SHEET,
                                                        corpus.sheet_xml(rows, dimension)))
    return build


def _raw_sheet(xml: bytes) -> Build:
    def build(path: Path) -> Path:
        return corpus.write_workbook(path, corpus.valid_workbook_parts(),
                                     corpus.packed_part(corpus.SHEET, xml))
    return build


def _bytes(data: Callable[[], bytes]) -> Build:
    def build(path: Path) -> Path:
        path.write_bytes(data())
        return path
    return build


def _valid_xlsx(rows: int) -> Build:
    def build(path: Path) -> Path:
        return corpus.write_workbook(path, corpus.valid_workbook_parts(rows))
    return build


def _utf16_accounts(path: Path) -> Path:
    text = write_accounts(10_000, path.with_suffix(".tmp"), 7).read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-16-le"))
    return path


HEADER = corpus.inline_row(1, "name", "city")
CASES: list[tuple[str, str, Build]] = [
    ("zip bomb: sheet of 1 GB", "bomb-1g.xlsx", lambda p: corpus.bomb_workbook(p, 1024)),
    ("zip bomb: sheet of 300 MB", "bomb-300m.xlsx", lambda p: corpus.bomb_workbook(p, 300)),
    ("zip bomb: sheet of 40 MB", "bomb-40m.xlsx", lambda p: corpus.bomb_workbook(p, 40)),
    ("zip bomb: sheet of 3 MB (under the limits)", "bomb-3m.xlsx",
     lambda p: corpus.bomb_workbook(p, 3)),
    ("forged sheet size A1:XFD1048576", "forged.xlsx",
     _sheet(HEADER + corpus.inline_row(2, "Acme", "Lyon"), "A1:XFD1048576")),
    ("one row at Excel's last, 1,048,576", "last-row.xlsx",
     _sheet(HEADER + b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')),
    ("a row at 5,000,000 (past Excel's last)", "far-row.xlsx",
     _sheet(HEADER + b'<row r="5000000"><c r="A5000000"><v>1</v></c></row>')),
    ("1,000 rows with a cell in column ZZZ", "far-column.xlsx",
     _sheet(HEADER + b"".join(b'<row r="%d"><c r="ZZZ%d"><v>1</v></c></row>' % (n, n)
                              for n in range(2, 1002)))),
    ("one row of 1,000,000 cells (random numbers)", "long-row.xlsx",
     _sheet(HEADER + b"<row>" + b"".join(b"<c><v>%d</v></c>" % n for n in
                                        random.Random(3).choices(range(10**9), k=10**6))
            + b"</row>")),
    ("external entity (XXE)", "xxe.xlsx", _raw_sheet(corpus.XXE_SHEET)),
    ("billion laughs (expanding entities)", "laughs.xlsx", _raw_sheet(corpus.LAUGHS_SHEET)),
    ("a cell of 1 MB (XLSX)", "cell.xlsx",
     _sheet(HEADER + corpus.inline_row(2, "Acme", "x" * MB))),
    ("a cell of 1 MB (CSV)", "cell.csv", _bytes(lambda: b"name,notes\nAcme," + b"x" * MB)),
    ("1,000 cells of 32,767 characters (CSV)", "long-cells.csv",
     _bytes(lambda: b"name,notes\n" + b"".join(b"A%d,%s\n" % (n, b"n" * 32_767)
                                               for n in range(1000)))),
    ("a line of 60 MB of commas (CSV)", "commas.csv",
     _bytes(lambda: b"name,city\nAcme," + b"," * (60 * MB) + b"\n")),
    ("20,000 columns (CSV)", "wide.csv",
     _bytes(lambda: ",".join(f"c{n}" for n in range(20_000)).encode() + b"\nA\n")),
    ("binary garbage, 10 MB (.csv)", "garbage.csv",
     _bytes(lambda: corpus.binary_garbage(1, 10 * MB))),
    ("binary garbage, 10 MB (.xlsx)", "garbage.xlsx",
     _bytes(lambda: corpus.binary_garbage(2, 10 * MB))),
    ("UTF-16 without BOM, 10,000 accounts", "utf16.csv", _utf16_accounts),
    ("valid XLSX, 10,000 rows (for scale)", "valid-10k.xlsx", _valid_xlsx(10_000)),
    ("valid CSV, 100,000 accounts (for scale)", "valid-100k.csv",
     lambda p: write_accounts(100_000, p, 7)),
    ("CSV of 260,000 accounts (over the rows)", "rows-260k.csv",
     lambda p: write_accounts(260_000, p, 7)),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def read_once(path: Path) -> str:
    """Read ``path``; the outcome: rows read, or the limit (or reason) that refused it."""
    try:
        return f"read {len(read_table(path).rows):,} rows"
    except ImportLimitError as exc:
        return f"refused: {exc.limit}"
    except ImportFileError as exc:
        return "refused: " + str(exc).split(": ", 1)[1][:48]


def measure_in_this_process(path: Path) -> dict[str, object]:
    """The child's work: time and resident-memory growth, then the tracemalloc peak."""
    read_once(path.with_name("warm-up.csv"))
    gc.collect()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    outcome = read_once(path)
    seconds = time.perf_counter() - start
    rss_growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    gc.collect()
    tracemalloc.start()
    read_once(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"outcome": outcome, "seconds": seconds, "rss_growth_mb": rss_growth / 1024,
            "traced_peak_mb": traced_peak / MB}


def measure(path: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--one", str(path)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_in_this_process(args.one)))
        return
    body = []
    with tempfile.TemporaryDirectory(prefix="fieldrep-hostile-") as tmp:
        folder = Path(tmp)
        (folder / "warm-up.csv").write_bytes(corpus.valid_csv(5))
        for label, name, build in CASES:
            path = build(folder / name)
            size = path.stat().st_size
            result = measure(path)
            log(f"{label}: {result}")
            body.append([label, f"{size / 1024:,.0f}", result["outcome"],
                         f"{result['seconds']:.3f}", f"{result['rss_growth_mb']:,.1f}",
                         f"{result['traced_peak_mb']:,.1f}"])
            path.unlink()
    print(f"FieldRep's reader on hostile files — {date.today().isoformat()}")
    print(machine_line(machine_info()))
    print("read_table in a fresh process per file; seconds: wall clock of one read; "
          "RSS +MB: growth of the process's peak resident memory during it; traced MB: peak "
          "of Python's allocations (tracemalloc, a second read)")
    print()
    print(table(["file", "size KB", "outcome", "seconds", "RSS +MB", "traced MB"], body))


if __name__ == "__main__":
    main()
