"""qawl's performance figures against the targets of issue 4, all from one run.

    python bench/run.py [--corpus PATH] [--limit 10000] [--workers 1,2] [--repeat 3] [--json FILE]

1. Throughput, end to end, each run a fresh process (start-up included), pinned to one core
   (``taskset -c 0``): the bare pass (JSON decode, NFKC, sentence split; bench/driver.py --bare), then
   ``qawl extract SAMPLE --format jsonl -o OUT --workers 1`` and the same through bench/driver.py, which
   needs no CLI. The runs are interleaved and repeated; the best of each counts (the machine is shared).
2. Workers: the same, unpinned, for each of ``--workers``; speed-up over one worker.
3. Linearity: time per byte on 1 KB … 1 MB articles (bench/linearity.py).
4. Flat memory: RSS after streaming the sample 1×, 4×, 16× through extract_stream (bench/memory.py).

The sample (the first ``--limit`` corpus lines) is written once to a temporary file.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / ".." / "shared" / "data" / "corpus" / "ant-news.jsonl.gz"
PY = sys.executable
QAWL = Path(PY).with_name("qawl")
PIN = ["taskset", "-c", "0"]

TARGET_RATE = 1500.0  # articles/s, one core, start-up included
TARGET_BARE = 8.0  # end to end / bare pass
TARGET_SPEEDUP = 1.8  # 2 workers / 1 worker
TARGET_LINEAR = 1.5  # time per byte, 1 MB / 1 KB
TARGET_MEMORY = 1.10  # RSS after 16x / after 1x


@dataclass
class Run:
    name: str
    seconds: float
    cpu: float
    max_rss_kb: int


#: environment of the measured processes (PYTHONPATH set by --at to a snapshot of the package)
ENV = dict(os.environ)


def snapshot(rev: str, tmp: Path) -> Path:
    """``src/`` of commit ``rev`` (git archive), so that unfinished edits in the tree do not count."""
    root = HERE.parent
    dest = tmp / "snapshot"
    dest.mkdir()
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=root, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest / "src"


def run_child(name: str, cmd: list[str], pin: bool) -> Run:
    """Run ``cmd`` to completion; wall time, CPU time and peak RSS of that child alone (os.wait4)."""
    full = [*PIN, *cmd] if pin else cmd
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(full, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):  # 1: some input records failed, the run itself is fine
            err.seek(0)
            raise RuntimeError(f"{name} exited {proc.returncode}: {err.read().decode()[-2000:]}")
    return Run(name, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def prepare(corpus: Path, limit: int, tmp: Path) -> tuple[Path, int, int]:
    tmp.mkdir(parents=True, exist_ok=True)
    sample = tmp / "sample.jsonl"
    with gzip.open(corpus, "rt", encoding="utf-8") as src, open(sample, "w", encoding="utf-8") as dst:
        n = 0
        for line in islice(src, limit):
            dst.write(line)
            n += 1
    return sample, n, sample.stat().st_size


def have_cli() -> bool:
    if not QAWL.exists():
        return False
    done = subprocess.run(
        [str(QAWL), "extract", "--help"], capture_output=True, text=True, check=False, env=ENV
    )
    return done.returncode == 0 and "--workers" in done.stdout


def commands(sample: Path, out: Path, workers: int, cli: bool) -> dict[str, list[str]]:
    driver = [PY, str(HERE / "driver.py"), str(sample), "-o", str(out), "--workers", str(workers)]
    cmds = {"driver": driver}
    if workers > 1:
        # the records built and encoded in the workers (extract_map): what the CLI could do
        cmds["map"] = [*driver, "--encode-in-workers"]
    if cli:
        # never "-o /dev/null": the CLI writes atomically (temp file + rename), which replaces the device
        cmds["cli"] = [str(QAWL), "extract", str(sample), "--format", "jsonl", "-o", str(out)]
        cmds["cli"] += ["--workers", str(workers), "--quiet"]
    return cmds


def best(runs: list[Run], name: str) -> Run:
    return min((r for r in runs if r.name == name), key=lambda r: r.seconds)


def throughput(sample: Path, tmp: Path, repeat: int, workers: list[int], cli: bool) -> list[Run]:
    out = tmp / "out.jsonl"
    runs: list[Run] = []
    for _ in range(repeat):
        runs.append(run_child("bare", [PY, str(HERE / "driver.py"), str(sample), "--bare"], pin=True))
        for mode, cmd in commands(sample, out, 1, cli).items():
            runs.append(run_child(f"{mode} w1 pin", cmd, pin=True))
        for w in workers:
            for mode, cmd in commands(sample, out, w, cli).items():
                runs.append(run_child(f"{mode} w{w}", cmd, pin=False))
    return runs


def child_json(cmd: list[str]) -> dict[str, Any]:
    done = subprocess.run([*PIN, *cmd], capture_output=True, text=True, check=True, cwd=HERE, env=ENV)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def verdict(ok: bool) -> str:
    return "[green]meets[/]" if ok else "[red]misses[/]"


def build_kind() -> str:
    """Whether the measured processes run the compiled (mypyc) pipeline or pure Python."""
    code = "import qawl._native as n; print(n.build_kind())"
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=False, env=ENV)
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def byte_compile() -> bool:
    """Write the measured package's bytecode (``__pycache__``), as ``pip install`` does: an editable
    install run with ``PYTHONDONTWRITEBYTECODE`` (as on the session machines) would otherwise compile its
    pure-Python modules from source at every start-up (≈ 95 M instructions, ≈ 10 % of it)."""
    code = (
        "import compileall, pathlib, qawl\n"
        "compileall.compile_dir(pathlib.Path(qawl.__file__).parent, quiet=1)"
    )
    return subprocess.run([PY, "-c", code], capture_output=True, check=False, env=ENV).returncode == 0


def report(figures: dict[str, Any], console: Console) -> None:
    runs = [Run(**r) for r in figures["runs"]]
    console.print(f"pipeline build: {figures.get('build', 'unknown')}")
    if "bytecode" in figures:
        console.print(f"bytecode written before measuring: {'yes' if figures['bytecode'] else 'no (failed)'}")
    goals = Table(title="targets (issue 4)")
    for col in ("figure", "measured", "target", ""):
        goals.add_column(col)
    if runs:
        console.print(runs_table(figures, runs))
        throughput_goals(figures, runs, goals)
    if "linearity" in figures:
        lin = figures["linearity"]
        r = lin["ratio_last_first"]
        per = ", ".join(f"{row['size'] // 1000} KB {row['ns_per_byte']:.0f}" for row in lin["rows"])
        goals.add_row(
            "ns/byte 1 MB / 1 KB", f"{r:.2f} ({per})", f"<= {TARGET_LINEAR}", verdict(r <= TARGET_LINEAR)
        )
    if "memory" in figures:
        mem = figures["memory"]
        r = mem["ratio_last_first"]
        points = sorted(mem["rss_kb"].items(), key=lambda kv: int(kv[0]))
        rss = ", ".join(f"{k}x {v / 1024:.0f} MB" for k, v in points)
        goals.add_row(
            f"RSS {points[-1][0]}x / 1x",
            f"{r:.3f} ({rss})",
            f"<= {TARGET_MEMORY}",
            verdict(r <= TARGET_MEMORY),
        )
    console.print(goals)


def runs_table(figures: dict[str, Any], runs: list[Run]) -> Table:
    n, size = figures["articles"], figures["bytes"]
    bare = best(runs, "bare")
    at = f" at {figures['at']}" if figures.get("at") else ""
    t = Table(
        title=f"qawl{at}, {figures['date']}: {n} articles, {size / 1e6:.1f} MB, best of {figures['repeat']}"
    )
    for col in ("run", "best s", "median s", "cpu s", "articles/s", "MB/s", "x bare", "peak RSS MB"):
        t.add_column(col, justify="left" if col == "run" else "right")
    for name in dict.fromkeys(r.name for r in runs):
        mine = sorted(r.seconds for r in runs if r.name == name)
        b = best(runs, name)
        t.add_row(
            name,
            f"{b.seconds:.2f}",
            f"{mine[len(mine) // 2]:.2f}",
            f"{b.cpu:.2f}",
            f"{n / b.seconds:,.0f}",
            f"{size / b.seconds / 1e6:.1f}",
            f"{b.seconds / bare.seconds:.1f}",
            f"{b.max_rss_kb / 1024:.0f}",
        )
    return t


def throughput_goals(figures: dict[str, Any], runs: list[Run], goals: Table) -> None:
    """Targets from wall time (what was asked) and from CPU time (what a quiet machine would show)."""
    n = figures["articles"]
    bare = best(runs, "bare")
    bare_cpu = min(r.cpu for r in runs if r.name == "bare")
    names = {r.name for r in runs}
    for mode in ("cli", "driver"):
        if f"{mode} w1 pin" not in names:
            continue
        e2e = best(runs, f"{mode} w1 pin")
        cpu = min(r.cpu for r in runs if r.name == f"{mode} w1 pin")
        rate, ratio = n / e2e.seconds, e2e.seconds / bare.seconds
        goals.add_row(
            f"{mode}: articles/s, 1 core (wall; cpu)",
            f"{rate:,.0f}; {n / cpu:,.0f}",
            f">= {TARGET_RATE:,.0f}",
            verdict(rate >= TARGET_RATE),
        )
        goals.add_row(
            f"{mode}: x bare pass (wall; cpu)",
            f"{ratio:.1f}; {cpu / bare_cpu:.1f}",
            f"<= {TARGET_BARE:.0f}",
            verdict(ratio <= TARGET_BARE),
        )
    for two, one in (("cli", "cli"), ("driver", "driver"), ("map", "driver")):
        if {f"{one} w1", f"{two} w2"} <= names:
            sp = best(runs, f"{one} w1").seconds / best(runs, f"{two} w2").seconds
            # the most two cores could give: the one-worker CPU time over half the two-worker CPU time
            cpu1 = min(r.cpu for r in runs if r.name == f"{one} w1")
            ceiling = 2 * cpu1 / min(r.cpu for r in runs if r.name == f"{two} w2")
            goals.add_row(
                f"{two}: 2 workers / 1 (wall; cpu ceiling)",
                f"{sp:.2f}; {ceiling:.2f}",
                f">= {TARGET_SPEEDUP}",
                verdict(sp >= TARGET_SPEEDUP),
            )


def save_json(path: Path, figures: dict[str, Any]) -> None:
    path.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=10_000, help="articles in the sample")
    ap.add_argument("--workers", default="1,2", help="worker counts for the unpinned runs")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each throughput command")
    ap.add_argument("--mem-limit", type=int, default=0, help="articles per memory pass (default --limit)")
    ap.add_argument("--mem-passes", type=int, default=16)
    ap.add_argument("--no-cli", action="store_true", help="measure through bench/driver.py only")
    ap.add_argument("--skip", default="", help="comma list of: throughput, linearity, memory")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    ap.add_argument("--at", metavar="REV", help="measure the package as committed at REV (e.g. HEAD)")
    ap.add_argument("--report", type=Path, metavar="FILE", help="print the tables of an earlier --json file")
    ap.add_argument(
        "--quick", action="store_true", help="a one-minute look: 2,000 articles, one run each, small samples"
    )
    ap.add_argument("--lin-budget", type=int, default=4_000_000, help="bytes of articles per linearity size")
    args = ap.parse_args(argv)
    if args.quick:
        args.limit, args.repeat, args.mem_limit, args.lin_budget = 2000, 1, 300, 1_000_000
    if args.report:
        report(
            json.loads(args.report.read_text(encoding="utf-8")),
            Console(width=None if sys.stdout.isatty() else 130),
        )
        return 0
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if shutil.which("taskset") is None:
        print("taskset not found (util-linux)", file=sys.stderr)
        return 2
    skip = set(filter(None, args.skip.split(",")))
    console = Console(width=None if sys.stdout.isatty() else 130)
    with tempfile.TemporaryDirectory(prefix="qawl-bench-") as d:
        tmp = Path(d)
        if args.at:
            ENV["PYTHONPATH"] = str(snapshot(args.at, tmp))
        sample, n, size = prepare(args.corpus, args.limit, tmp)
        cli = not args.no_cli and have_cli()
        figures: dict[str, Any] = {
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "articles": n,
            "bytes": size,
            "repeat": args.repeat,
            "cli": cli,
            "at": args.at
            and subprocess.run(
                ["git", "rev-parse", "--short", args.at], cwd=HERE, capture_output=True, text=True, check=True
            ).stdout.strip(),
            "loadavg": os.getloadavg(),
            "build": build_kind(),
            "bytecode": byte_compile(),
            "runs": [],
        }
        save = (lambda: save_json(args.json, figures)) if args.json else (lambda: None)
        if "throughput" not in skip:
            workers = [int(w) for w in args.workers.split(",")]
            figures["runs"] = [asdict(r) for r in throughput(sample, tmp, args.repeat, workers, cli)]
            save()  # each section is saved as it ends: a later one can take minutes
        if "linearity" not in skip:
            cmd = [PY, "linearity.py", str(sample), "--json", "--budget", str(args.lin_budget)]
            figures["linearity"] = child_json(cmd)
            save()
        if "memory" not in skip:
            mem_sample = sample
            if args.mem_limit:
                mem_sample, _, _ = prepare(args.corpus, args.mem_limit, tmp / "mem")
            cmd = [PY, "memory.py", str(mem_sample), "--passes", str(args.mem_passes), "--json"]
            figures["memory"] = child_json(cmd)
            save()
    report(figures, console)
    return 0


if __name__ == "__main__":
    sys.exit(main())
