"""Benchmark `policydiff site`: 1,000 policies x 3 versions from scratch, then an incremental
rebuild after one new version; prints both times and the site's size.

The synthetic archive is recorded in one batch (``Archive.batch``: every snapshot its own commit,
one ref update) from short policies shaped like real ones (title, 更新日期, collection, sharing,
rights, a 重大变更 clause) whose versions add a data type, a recipient or only a date. Targets
(issue 22): from scratch <= 60 s, incremental <= 2 s on the 2-core machine.

    python bench/bench_site.py                      # 1,000 x 3
    python bench/bench_site.py --policies 50 --keep /tmp/b
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policydiff.archive.versions import Archive  # noqa: E402
from policydiff.watch.site_input import build  # noqa: E402

DATA = ("手机号码", "设备信息", "位置信息", "通讯录", "人脸信息", "银行卡号", "浏览记录", "身份证号码")
RECIPIENTS = ("支付服务商", "物流公司", "广告合作方", "云服务商", "关联公司")


def policy_text(p: int, v: int) -> str:
    """Version ``v`` (1…) of synthetic policy ``p``: each version adds a data type or a recipient."""
    data = "、".join(DATA[(p + k) % len(DATA)] for k in range(2 + v))
    shared = "、".join(RECIPIENTS[(p + k) % len(RECIPIENTS)] for k in range(1 + v // 2))
    return (
        f"示例应用{p}隐私政策\n更新日期：{2020 + v}年{1 + p % 12}月{1 + p % 28}日\n生效日期：{2020 + v}年{1 + p % 12}月{1 + p % 28}日\n"
        f"一、我们如何收集和使用您的个人信息\n为向您提供服务，我们会收集您的{data}，用于账号注册、安全保障和客服。\n"
        f"二、我们如何共享您的个人信息\n我们会向{shared}提供必要的个人信息，用于完成交易和配送。\n"
        "三、您的权利\n您可以通过“设置-账号与安全”查阅、更正、删除您的个人信息，或注销账号；我们将在15个工作日内答复。\n"
        "四、本政策如何更新\n发生下列重大变更时，我们会以弹窗等显著方式通知您：（一）我们的服务模式发生重大变化，如处理个人信息的目的、"
        "处理的个人信息类型、个人信息的使用方式等；（二）个人信息共享、转让或公开披露的主要对象发生变化。\n"
        f"五、如何联系我们\n请发送邮件至 privacy{p}@example.com。\n"
    )


def make_archive(path: Path, policies: int, versions: int) -> float:
    start = time.perf_counter()
    store = Archive.init(path)
    base = datetime(2021, 1, 1, tzinfo=timezone.utc)
    with store.batch():
        for v in range(1, versions + 1):
            for p in range(policies):
                store.snapshot(f"app-{p:04d}", policy_text(p, v).encode("utf-8"), source=f"https://example.com/{p}",
                               fetched_at=base + timedelta(days=365 * v + p % 300))
    return time.perf_counter() - start


def size_of(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--policies", type=int, default=1000)
    ap.add_argument("--versions", type=int, default=3)
    ap.add_argument("--keep", type=Path, default=None, help="keep the archive and site in this folder")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-site-"))
    work.mkdir(parents=True, exist_ok=True)
    archive, site = work / "archive", work / "site"
    for d in (archive, site):
        if d.exists():
            shutil.rmtree(d)
    made = make_archive(archive, args.policies, args.versions)
    print(f"archive: {args.policies} policies x {args.versions} versions recorded in {made:.1f} s")

    t = time.perf_counter()
    first = build(Archive.open(archive), site)
    scratch = time.perf_counter() - t
    print(f"from scratch: {scratch:.1f} s — {first.summary()}")

    Archive.open(archive).snapshot("app-0000", policy_text(0, args.versions + 1).encode("utf-8"), source="https://example.com/0")
    t = time.perf_counter()
    again = build(Archive.open(archive), site)
    incremental = time.perf_counter() - t
    print(f"incremental after one new version: {incremental:.2f} s — {again.summary()}")
    print(f"site size: {size_of(site) / 1e6:.1f} MB in {sum(1 for _ in site.rglob('*.html'))} pages")
    print(f"targets: from scratch <= 60 s: {'ok' if scratch <= 60 else 'MISSED'}; incremental <= 2 s: "
          f"{'ok' if incremental <= 2 else 'MISSED'}")
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
