"""Mutation harness: does every mutant of ``catalogue.py`` make a chapter check and a unit test fail?

For each mutant: copy ``src/nnsym`` to a temporary folder, apply the patch there (never to
the working tree), then with ``PYTHONPATH`` pointing at the copy

1. run the mutant's unit-test files (``pytest -x``) and record the first failing test;
2. execute its chapters in order (``execute_chapter.py``, stopping at the first failing
   cell) until a check of one fails, and record that check (its label) and the cell (a
   chapter that crashes with an error that is not a failed check is recorded, and the
   next chapter is tried).

Mutants run in parallel (``jobs`` workers, 2 by default for the 2-core CI machine). Before
the mutants, a *baseline* executes every chapter involved with the unpatched package: a
chapter that already fails would "catch" every mutant, so it is reported instead, and the
baseline also counts the ledger rows (``PASS``/``FAIL`` lines) against the ``check_*`` calls
executed.

Command line (``pytest tests/mutations`` runs the same and asserts the results)::

    python tests/mutations/harness.py [-j 2] [--write] [--no-baseline] [NAME-SUBSTRING ...]

``--write`` stores the table in ``tests/mutations/results.json`` (committed; the ledger
page ``book/verification.md`` renders it) and its compact form in the README.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SRC = ROOT / "src" / "nnsym"
RESULTS = HERE / "results.json"
OFFLINE = ROOT / "tests" / "offline"
sys.path.insert(0, str(HERE))

from catalogue import MUTANTS, Mutant  # noqa: E402


class PatchError(RuntimeError):
    """A mutant's ``old`` text does not occur exactly once in the current source."""


def slug(name: str) -> str:
    """A pytest-id-friendly form of a mutant name."""
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()


def check_patch(mutant: Mutant, src: Path = SRC) -> str:
    """The patched text of ``src/<module>.py``; :class:`PatchError` if ``old`` is not there exactly once."""
    path = src / f"{mutant.module}.py"
    if not path.exists():
        raise PatchError(f"mutant {mutant.name!r}: {path} does not exist; update tests/mutations/catalogue.py")
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count != 1:
        raise PatchError(
            f"mutant {mutant.name!r}: the text to replace occurs {count} times in src/nnsym/{mutant.module}.py "
            f"(expected exactly once); the source changed, update its patch in tests/mutations/catalogue.py:\n"
            f"{mutant.old!r}"
        )
    if mutant.old == mutant.new:
        raise PatchError(f"mutant {mutant.name!r}: old and new text are identical")
    return text.replace(mutant.old, mutant.new)


def make_copy(mutant: Mutant | None, where: Path) -> Path:
    """Copy ``src/nnsym`` to ``where/nnsym`` and apply ``mutant``; returns the ``PYTHONPATH`` entry."""
    shutil.copytree(SRC, where / "nnsym", ignore=shutil.ignore_patterns("__pycache__"))
    if mutant is not None:
        (where / "nnsym" / f"{mutant.module}.py").write_text(check_patch(mutant), encoding="utf-8")
    return where


def _env(pythonpath: Path) -> dict:
    env = os.environ.copy()
    real_src = str(ROOT / "src")
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != real_src]
    env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *([str(OFFLINE)] if str(OFFLINE) not in rest else []),
                                         *rest])
    env.update(TQDM_DISABLE="1", MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
    return env


def run_unit_tests(mutant: Mutant, pythonpath: Path, timeout: int = 600) -> dict:
    """Run the mutant's test files with ``pytest -x``; the first failing test id, or ``None``."""
    cmd = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", "-q", "-rfE", "--no-header",
           "-o", "addopts=", "-W", "ignore::DeprecationWarning", *[f"tests/{t}" for t in mutant.tests]]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=_env(pythonpath), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"test": f"timeout after {timeout} s", "message": "", "seconds": timeout}
    seconds = round(time.perf_counter() - start, 1)
    if proc.returncode == 0:
        return {"test": None, "message": "", "seconds": seconds}
    for line in proc.stdout.splitlines():
        m = re.match(r"^(FAILED|ERROR) (\S+)(?: - (.*))?$", line)
        if m:
            return {"test": m[2], "message": (m[3] or m[1])[:200], "seconds": seconds}
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-1:] or ["?"]
    return {"test": f"pytest exit {proc.returncode}", "message": tail[0][:200], "seconds": seconds}


def run_chapter(chapter: str, pythonpath: Path, timeout: int = 900) -> dict:
    """Execute ``book/<chapter>.ipynb`` until its first failing cell (see ``execute_chapter.py``)."""
    cmd = [sys.executable, str(HERE / "execute_chapter.py"), str(ROOT / "book" / f"{chapter}.ipynb")]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, cwd=ROOT, env=_env(pythonpath), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"chapter": chapter, "status": "timeout", "kind": "error", "check": None,
                "seconds": timeout}
    lines = proc.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        err = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        result = {"chapter": chapter, "status": "runner-error", "kind": "error", "check": None,
                  "evalue": err[:300]}
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def run_mutant(mutant: Mutant) -> dict:
    """Unit tests, then chapters until one fails; a row of the mutation table."""
    start = time.perf_counter()
    row = {"mutant": mutant.name, "module": mutant.module, "why": mutant.why}
    if mutant.chapter_gap:
        row["chapter_gap"] = mutant.chapter_gap
    if mutant.unit_gap:
        row["unit_gap"] = mutant.unit_gap
    with tempfile.TemporaryDirectory(prefix="nnsym-mutant-") as tmp:
        try:
            path = make_copy(mutant, Path(tmp))
        except PatchError as err:
            row.update(error=str(err), seconds=0.0)
            return row
        unit = run_unit_tests(mutant, path)
        row.update(unit_test=unit["test"], unit_message=unit["message"])
        row.update(chapter=None, check=None, kind=None, cell=None, evalue=None)
        for chapter in mutant.chapters:  # until a check catches it (a crash alone is not a check)
            res = run_chapter(chapter, path)
            if res["status"] != "passed" and (row["chapter"] is None or res.get("kind") != "error"):
                row.update(chapter=chapter, check=res.get("check"), kind=res.get("kind"),
                           cell=res.get("cell"), evalue=res.get("evalue"))
            if res.get("kind") in ("check", "assert"):
                break
    row["seconds"] = round(time.perf_counter() - start, 1)
    return row


def run_baseline(chapter: str) -> dict:
    """The chapter executed with the unpatched package (must pass; counts ledger rows)."""
    with tempfile.TemporaryDirectory(prefix="nnsym-baseline-") as tmp:
        return run_chapter(chapter, make_copy(None, Path(tmp)))


def select(patterns: list[str] | None = None) -> list[Mutant]:
    """Mutants whose name contains one of ``patterns`` (all when empty)."""
    if not patterns:
        return list(MUTANTS)
    return [m for m in MUTANTS if any(p.lower() in m.name.lower() or p.lower() == slug(m.name) for p in patterns)]


def run_suite(mutants: list[Mutant], *, jobs: int = 2, baseline: bool = True, extra_chapters=(),
              log=print) -> tuple[dict[str, dict], list[dict]]:
    """Run the baseline chapters and the mutants on ``jobs`` workers; ``(baseline, rows)``.

    The baseline executes (unpatched) every chapter of ``mutants`` and ``extra_chapters``.
    """
    chapters = sorted({c for m in mutants for c in m.chapters} | set(extra_chapters)) if baseline else []
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        base_futures = {c: pool.submit(run_baseline, c) for c in chapters}
        futures = [pool.submit(run_mutant, m) for m in mutants]
        rows = []
        for m, fut in zip(mutants, futures):
            rows.append(fut.result())
            log(f"[mutations] {format_row(rows[-1])}")
        base = {c: f.result() for c, f in base_futures.items()}
    for c, res in base.items():
        log(f"[mutations] baseline {c}: {res['status']}, {res.get('printed')} ledger rows, "
            f"{res.get('executed')} checks executed, {res['seconds']} s")
    return base, rows


def caught_by_chapter(row: dict) -> bool:
    """The mutant made a chapter check (or a plain assert of the chapter) fail."""
    return row.get("kind") in ("check", "assert")


def format_row(row: dict) -> str:
    if row.get("error"):
        return f"{row['mutant']}: PATCH ERROR {row['error'].splitlines()[0]}"
    where = (f"{row['chapter']} cell {row['cell']}: {row['check'] or row['kind'] + ' ' + str(row['evalue'])[:60]}"
             if row.get("chapter") else "SURVIVED the chapters")
    unit = row["unit_test"] or "SURVIVED"
    return f"{row['mutant']} [{row['module']}] chapter: {where} | unit: {unit} | {row['seconds']} s"


def format_table(rows: list[dict]) -> str:
    """The mutation table in Markdown."""
    out = ["| mutant | module | caught by chapter check | caught by unit test | seconds |",
           "| --- | --- | --- | --- | ---: |"]
    for r in rows:
        if r.get("error"):
            out.append(f"| {r['mutant']} | {r['module']} | patch does not apply | | |")
            continue
        chap = (f"{r['chapter']} (cell {r['cell']}): {r['check'] or str(r['evalue'])[:70]}"
                if caught_by_chapter(r)
                else f"NOT CAUGHT ({r['chapter']}: {r['kind']})" if r.get("chapter") else "NOT CAUGHT")
        cells = [r["mutant"], r["module"], chap, r["unit_test"] or "NOT CAUGHT", str(r["seconds"])]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


README = ROOT / "README.md"
README_START, README_END = "<!-- mutation-table:start -->", "<!-- mutation-table:end -->"


def readme_table(rows: list[dict]) -> str:
    """The compact table of the README (no timings, so it changes only when a result does)."""
    out = ["| mutant | module | caught by chapter check | caught by unit test |", "| --- | --- | --- | --- |"]
    for r in rows:
        chap = (f"{r['chapter'][:2]}: {' '.join((r['check'] or r['evalue']).split())}" if caught_by_chapter(r)
                else "**not caught**" + (f" ({r['chapter_gap']})" if r.get("chapter_gap") else ""))
        unit = (r.get("unit_test") or "").removeprefix("tests/") or (
            "**not caught**" + (f" ({r['unit_gap']})" if r.get("unit_gap") else ""))
        cells = [r["mutant"], r["module"], chap, unit]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out)


def update_readme(rows: list[dict], path: Path = README) -> None:
    """Replace the table between the markers of the README's "Mutation suite" section."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(README_START) + len(README_START), text.index(README_END)
    path.write_text(text[:start] + "\n" + readme_table(rows) + "\n" + text[end:], encoding="utf-8")


def write_results(rows: list[dict], base: dict[str, dict], path: Path = RESULTS, jobs: int = 2) -> None:
    """Store ``rows`` (and the baseline) in ``path``, keeping the stored rows of mutants not run now.

    Rows are kept in catalogue order; rows of mutants no longer in the catalogue are dropped.
    """
    old = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    by_name = {r["mutant"]: r for r in old.get("mutants", [])}
    by_name.update({r["mutant"]: r for r in rows})
    baseline = dict(old.get("baseline", {}))
    baseline.update({c: {k: r.get(k) for k in ("status", "printed", "executed", "seconds")}
                     for c, r in base.items()})
    kept = []
    for m in MUTANTS:  # catalogue order; the gap notes always from the catalogue
        if m.name in by_name:
            row = {k: v for k, v in by_name[m.name].items() if k not in ("chapter_gap", "unit_gap")}
            row.update({k: v for k, v in (("chapter_gap", m.chapter_gap), ("unit_gap", m.unit_gap)) if v})
            kept.append(row)
    data = {"command": "pytest tests/mutations (or python tests/mutations/harness.py --write)",
            "jobs": jobs,
            "mutants": kept,
            "baseline": dict(sorted(baseline.items()))}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if path == RESULTS:
        update_readme(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the nnsym mutation suite.")
    parser.add_argument("names", nargs="*", help="substrings of mutant names (default: all)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    for m in MUTANTS:
        check_patch(m)
    mutants = select(args.names)
    t0 = time.perf_counter()
    base, rows = run_suite(mutants, jobs=args.jobs, baseline=not args.no_baseline)
    print(format_table(rows))
    print(f"{len(rows)} mutants in {time.perf_counter() - t0:.0f} s")
    if args.write:
        write_results(rows, base, jobs=args.jobs)
    gaps = {m.name: (m.chapter_gap, m.unit_gap) for m in MUTANTS}
    bad = [r for r in rows if r.get("error") or caught_by_chapter(r) == bool(gaps[r["mutant"]][0])
           or bool(r.get("unit_test")) == bool(gaps[r["mutant"]][1])]
    bad_base = [c for c, r in base.items() if r["status"] != "passed" or r.get("printed") != r.get("executed")]
    return 1 if bad or bad_base else 0


if __name__ == "__main__":
    sys.exit(main())
