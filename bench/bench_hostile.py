"""Benchmark of `policydiff compare` on hostile text: prints figures, asserts nothing.

Each input is the real 12306 policy (tests/data/corpus/china-railway-12306/2023-02-08.txt) plus
one hostile addition, compared against the plain policy in a whole process of its own
(``python -m policydiff compare OLD NEW --format json``). The list is the one of issue 20
("hostile text"); the limit for each is 10 s wall time and 500 MB peak RSS of the whole process.
A run over ``--cap`` seconds is killed and shown as such.

    python bench/bench_hostile.py [--cap SECONDS] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "data" / "corpus" / "china-railway-12306" / "2023-02-08.txt"
LIMIT_S = 10.0
LIMIT_MB = 500.0

NOUNS = ["姓名", "手机号码", "身份证号码", "银行卡号", "位置信息", "设备信息", "通讯录", "照片"]


def _flat(base: str) -> str:
    return base.replace("\n", "")


def _repeat_to(text: str, size: int) -> str:
    """``text`` repeated until its UTF-8 form is about ``size`` bytes (one line, no newline)."""
    per = len(text.encode("utf-8"))
    return (text * (size // per + 1))[: size // 3]  # CJK: ~3 bytes a character


HOSTILE: dict[str, Callable[[str], str]] = {
    "article-100k-yi": lambda b: b + "\n第" + "一" * 100_000 + "条\n",
    "phone-1M-digits": lambda b: b + "\n联系电话：" + "1" * 1_000_000 + "\n",
    "area-code-100k": lambda b: b + "\n" + "010-" * 100_000 + "\n",
    "email-400k": lambda b: b + "\n" + "a" * 200_000 + "@" + "b" * 200_000 + "\n",
    "nouns-80k": lambda b: b + "\n我们会收集" + "、".join(NOUNS[i % len(NOUNS)] for i in range(80_000)) + "。\n",
    "collect-quote-50k": lambda b: b + "\n" + "我们会收集“\n" * 50_000,
    "sentence-400k": lambda b: b + "\n我们会收集" + "你的个人信息和设备信息" * 36_364 + "。\n",
    "de-100k": lambda b: b + "\n" + "的" * 100_000 + "\n",
    "spaces-100k": lambda b: b + "\n版本号：" + " " * 100_000 + "2023 年" + " " * 100_000 + "第（一）条\n",
    # every character its own (CJK extension B on: the tables of text.normalize grow one entry each)
    "distinct-300k": lambda b: b + "\n" + "".join(map(chr, range(0x20000, 0x20000 + 300_000))) + "\n",
    # thousands of new claims in one change (a new part that grants 3,000 rights, each its own path and time limit)
    "grants-3000": lambda b: b + "\n12、您的权利\n" + "".join(f"您有权获取第{i}类信息的副本，您可以通过设置-账号-第{i}项申请，"
                                                f"我们将在{i % 30 + 1}个工作日内回复。\n" for i in range(3000)),
    "flat-10MB": lambda b: _repeat_to(_flat(b), 10_000_000),
    "line-20MB": lambda b: _repeat_to(_flat(b), 20_000_000),
}


def run_one(old: Path, new: Path, cap: float) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system: the fairer figure on a shared machine), peak RSS
    in MB and an outcome word for one compare process."""
    argv = [sys.executable, "-m", "policydiff", "compare", str(old), str(new), "--format", "json"]
    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=dict(os.environ), start_new_session=True)
    deadline = t0 + cap
    status, rusage = 0, None
    while True:
        pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, rusage = os.wait4(proc.pid, 0)
            took = time.monotonic() - t0
            return took, rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss / 1024, "killed"
        time.sleep(0.05)
    took = time.monotonic() - t0
    code = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    proc.returncode = code
    outcome = "ok" if code in (0, 1) else f"exit {code}: {err[-80:]}"
    return took, rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss / 1024, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=60.0, help="kill a run after this many seconds")
    parser.add_argument("--only", nargs="*", default=None, help="names of the inputs to run")
    args = parser.parse_args()
    base = BASE.read_text(encoding="utf-8")
    names = args.only or list(HOSTILE)
    print(f"{'input':<20} {'MB in':>6} {'seconds':>8} {'cpu s':>6} {'limit':>6} {'peak MB':>8} {'limit':>6}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old.txt"
        old.write_text(base, encoding="utf-8")
        for name in names:
            new = Path(tmp) / f"{name}.txt"
            new.write_text(HOSTILE[name](base), encoding="utf-8")
            size = new.stat().st_size / 1e6
            took, cpu, mb, outcome = run_one(old, new, args.cap)
            flag = "" if took <= LIMIT_S and mb <= LIMIT_MB and outcome == "ok" else "  OVER"
            print(f"{name:<20} {size:>6.1f} {took:>8.1f} {cpu:>6.1f} {LIMIT_S:>6.0f} {mb:>8.0f} {LIMIT_MB:>6.0f}  {outcome}{flag}",
                  flush=True)


if __name__ == "__main__":
    main()
