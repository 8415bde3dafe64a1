"""Execute one chapter notebook cell by cell, stop at the first failing cell, report as JSON.

Usage: ``python tests/mutations/execute_chapter.py book/NN_name.ipynb [--timeout S]``.

The kernel inherits this process's environment, so ``PYTHONPATH`` decides which copy of
``nnsym`` the chapter imports (the mutation harness points it at a patched copy). The last
line of stdout is one JSON object:

``status``
    ``"passed"`` (every cell ran) or ``"failed"`` (a cell raised).
``cell``, ``ename``, ``evalue``
    The failing cell (0-based index) and its exception.
``check``
    The label of the ``nnsym.verify`` check that failed (its ``FAIL`` line), or ``None``
    when the cell raised for another reason (a plain ``assert`` or an error).
``kind``
    ``"check"`` (an ``nnsym.verify`` check), ``"assert"`` (a plain ``assert``) or ``"error"``.
``printed``, ``executed``
    After a full run: the number of ``PASS``/``FAIL`` lines in the cell outputs
    (:func:`nnsym.verify.parse_check_lines`, what the ledger page lists) and the number of
    ``check_*`` calls the kernel executed (:func:`nnsym.verify.executed_checks`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

from nnsym.verify import parse_check_lines

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_COUNT = "import nnsym.verify as _nnsym_verify\nprint(len(_nnsym_verify.executed_checks()))"


def _stream_text(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream"
                   and o.get("name") == "stdout")


def run(path: Path, timeout: int) -> dict:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    result: dict = {"chapter": path.stem, "status": "passed"}
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError) as err:
                fails = [r for r in parse_check_lines(_stream_text(cell)) if not r.passed]
                ename = getattr(err, "ename", type(err).__name__)
                evalue = str(getattr(err, "evalue", "")).strip()
                if not evalue:  # a bare ``assert``: quote the failing line from the traceback
                    lines = re.findall(r"^-*> *\d+\s+(.*)$", _ANSI.sub("", str(err)), re.M)
                    evalue = lines[-1].strip() if lines else ""
                result.update(status="failed", cell=index, ename=ename,
                              evalue=evalue.splitlines()[0][:300] if evalue else "",
                              check=fails[-1].label if fails and ename == "AssertionError" else None)
                result["kind"] = ("check" if result["check"] else
                                  "assert" if ename == "AssertionError" else "error")
                break
        else:
            printed = sum(len(parse_check_lines(_stream_text(c))) for c in nb.cells if c.cell_type == "code")
            probe = nbformat.v4.new_code_cell(_COUNT)
            nb.cells.append(probe)
            client.execute_cell(probe, len(nb.cells) - 1)
            result.update(printed=printed, executed=int(_stream_text(probe).strip().splitlines()[-1]))
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    print(json.dumps(run(args.notebook.resolve(), args.timeout)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
