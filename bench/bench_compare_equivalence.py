"""Safety net for speed work on the compare core: record every output once, then check that a
faster version prints the same bytes.

    python bench/bench_compare_equivalence.py record DIR [--quick] [NAME ...]
    python bench/bench_compare_equivalence.py check DIR [--quick] [NAME ...]

The inputs: every consecutive pair of dated versions of each real policy (both ways), the silent
revision and the same-version controls, each single version against itself and the next one, the
seeds (each against the next and itself, and seed 003 with a new recipient), every eval case and
the 50 pairs of ``bench_check.py``. Real policies and eval cases come from ../shared when it is
beside the project, else from the copies in tests/data. For each pair it keeps the JSON report
and (without ``--quick``) the Markdown, brief Markdown, HTML and English terminal reports; NAME
keeps only the pairs whose name holds it. ``check`` prints each pair that differs and exits 1 when
one does. Prints the CPU time of the run.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT / "bench"))

import bench_check  # noqa: E402

from policydiff.compare.pipeline import compare  # noqa: E402
from policydiff.model import RawText  # noqa: E402
from policydiff.report import render  # noqa: E402

DATED = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|v\d+)\.txt$")
NEW_RECIPIENT = "（一）共享\n\n我们会向北京数据智能科技有限公司提供你的手机号码、设备信息和订单信息，用于营销数据分析。\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def pairs() -> Iterator[tuple[str, str, str]]:
    """(name, old text, new text) of every input pair."""
    real = SHARED / "corpus" / "real" if (SHARED / "corpus" / "real").is_dir() else DATA / "real"
    for folder in sorted(p for p in real.iterdir() if p.is_dir() and not p.name.startswith("_")):
        versions = sorted(p for p in folder.iterdir() if DATED.match(p.name))
        for old, new in zip(versions, versions[1:], strict=False):
            yield f"real/{folder.name}/{old.stem}-{new.stem}", _read(old), _read(new)
            yield f"reversed/{folder.name}/{new.stem}-{old.stem}", _read(new), _read(old)
        for silent in sorted(folder.glob("*_silent-revision.txt")):
            base = folder / silent.name.replace("_silent-revision", "")
            if base.is_file():
                yield f"silent/{folder.name}", _read(base), _read(silent)
    for folder in sorted((real / "_controls_same_version").glob("*/")):
        a, b = sorted(folder.glob("*.txt"))[:2]
        yield f"control/{folder.name}", _read(a), _read(b)
    singles = sorted((real / "_single_version").rglob("*.txt"))
    for a, b in zip(singles, singles[1:], strict=False):
        yield f"self/{a.parent.name}", _read(a), _read(a)
        yield f"across/{a.parent.name}-{b.parent.name}", _read(a), _read(b)
    seeds = sorted((DATA / "seeds").glob("*.txt"))
    for a, b in zip(seeds, seeds[1:] + seeds[:1], strict=True):
        yield f"seed/{a.stem}-{b.stem}", _read(a), _read(b)
        yield f"seed/{a.stem}", _read(a), _read(a)
    v1 = _read(next((DATA / "seeds").glob("003_*.txt")))
    yield "seed/003-new-recipient", v1, v1.replace("（一）共享\n", NEW_RECIPIENT, 1)
    for base in (SHARED / "eval" / "cases", DATA / "cases"):
        for case in sorted(p for p in base.glob("*/") if (p / "old.txt").is_file()) if base.is_dir() else ():
            yield f"case/{base.parent.name}/{case.name}", _read(case / "old.txt"), _read(case / "new.txt")
    for i in range(1, 200, 4):
        yield f"bench/{i}", bench_check.policy_text(i), bench_check.changed_text(i)


def outputs(old: str, new: str, quick: bool) -> dict[str, str]:
    result = compare(RawText(old, "old.txt"), RawText(new, "new.txt"))
    out = {"json": render(result, "json")}
    if not quick:
        out.update(md=render(result, "md"), brief=render(result, "md", brief=True), html=render(result, "html"),
                   term=render(result, "text", lang="en"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("record", "check"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("names", nargs="*")
    parser.add_argument("--quick", action="store_true", help="the JSON report only")
    args = parser.parse_intermixed_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    count = differ = 0
    cpu = time.process_time()
    for name, old, new in pairs():
        if args.names and not any(n in name for n in args.names):
            continue
        count += 1
        for fmt, text in outputs(old, new, args.quick).items():
            path = args.folder / f"{name.replace('/', '__')}.{fmt}"
            if args.mode == "record":
                path.write_text(text, encoding="utf-8")
            elif not path.is_file() or path.read_text(encoding="utf-8") != text:
                differ += 1
                print(f"DIFFERS {name} {fmt}", flush=True)
    print(f"{args.mode}: {count} pairs, {differ} outputs differ, CPU {time.process_time() - cpu:.1f} s")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
