"""The pack a batch writes its objects into (gitdb's pack object headers and index writer).

A batch's objects are appended to ONE temporary pack as they are made (memory stays flat),
readable back from it at once, and landed by ``PackBatch.finish`` (count, trailer, index,
fsync, rename: git sees a pack once its ``.idx`` exists), so a thousand new versions cost one
file rather than six thousand loose objects.
"""

from __future__ import annotations

import hashlib
import os
import time
import zlib
from pathlib import Path

TYPE_ID = {b"commit": 1, b"tree": 2, b"blob": 3, b"tag": 4}


def fsync_path(path: str | Path, directory: bool = False) -> None:
    fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_loose(objects_dir: Path, kind: bytes, data: bytes, sha: str) -> bool:
    """Write one loose object the way git does, in-process: zlib into a temporary file in its
    fan-out folder (git's ``tmp_obj_`` prefix: ``git gc`` removes a killed write's leftover),
    fsync, read-only, then an atomic rename, so the object's name never holds a partial object.
    False when the object exists already (nothing written). The folder still needs an fsync
    (``fsync_path(..., directory=True)``) before a ref may name the object."""
    folder = objects_dir / sha[:2]
    final = folder / sha[2:]
    if final.exists():
        return False
    folder.mkdir(exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix="tmp_obj_", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(zlib.compress(b"%s %d\0" % (kind, len(data)) + data, 1))
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return True


class PackBatch:
    """Objects of a batch, appended to one temporary pack file as they are made (memory stays
    flat); readable back from it before it lands; landed by ``finish`` (index, fsync, rename)."""

    def __init__(self, pack_dir: Path) -> None:
        import tempfile

        self.pack_dir = pack_dir
        pack_dir.mkdir(parents=True, exist_ok=True)
        for left in [*pack_dir.glob("tmp_pack_*"), *pack_dir.glob("tmp_idx_*")]:  # a killed batch's leftovers
            try:
                if time.time() - left.stat().st_mtime > 3600:
                    left.unlink()
            except FileNotFoundError:
                pass
        fd, path = tempfile.mkstemp(prefix="tmp_pack_", dir=pack_dir)  # git's own temp name: gc removes leftovers
        self.path = Path(path)
        self.fh = os.fdopen(fd, "w+b")
        self.fh.write(b"PACK" + (2).to_bytes(4, "big") + b"\0\0\0\0")  # object count filled in at the end
        self.offset = 12
        self.objects: dict[str, tuple[int, int, int, bytes]] = {}  # hexsha -> (offset, header len, compressed len, type)
        self.crcs: dict[str, int] = {}

    def add(self, kind: bytes, data: bytes, sha: str) -> None:
        if sha in self.objects:
            return
        from gitdb.pack import create_pack_object_header

        header = bytes(create_pack_object_header(TYPE_ID[kind], len(data)))
        # Trees are mostly object ids, which do not compress: store them (zlib level 0, a copy);
        # texts compress well and cheaply at level 1. `git gc` recompresses and deltifies later.
        body = zlib.compress(data, 0 if kind == b"tree" else 1)
        self.fh.write(header)
        self.fh.write(body)
        self.objects[sha] = (self.offset, len(header), len(body), kind)
        self.crcs[sha] = zlib.crc32(body, zlib.crc32(header))
        self.offset += len(header) + len(body)

    def get(self, sha: str) -> tuple[bytes, bytes] | None:
        hit = self.objects.get(sha)
        if hit is None:
            return None
        offset, hlen, clen, kind = hit
        self.fh.flush()
        return kind, zlib.decompress(os.pread(self.fh.fileno(), clen, offset + hlen))

    def finish(self) -> None:
        """Write the count, the trailer and the index; fsync both; rename into place (.idx last)."""
        from gitdb.pack import IndexWriter

        if not self.objects:
            self.discard()
            return
        fh = self.fh
        fh.seek(8)
        fh.write(len(self.objects).to_bytes(4, "big"))
        fh.flush()
        fh.seek(0)
        digest = hashlib.sha1()
        while True:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            digest.update(chunk)
        pack_sha = digest.digest()
        fh.seek(0, os.SEEK_END)
        fh.write(pack_sha)
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        index = IndexWriter()
        for sha, (offset, _h, _c, _k) in self.objects.items():
            index.append(bytes.fromhex(sha), self.crcs[sha], offset)
        name = pack_sha.hex()
        idx_tmp = self.pack_dir / f"tmp_idx_{name}"
        with open(idx_tmp, "wb") as ih:
            index.write(pack_sha, ih.write)
            ih.flush()
            os.fsync(ih.fileno())
        os.chmod(self.path, 0o444)
        os.chmod(idx_tmp, 0o444)
        os.replace(self.path, self.pack_dir / f"pack-{name}.pack")
        os.replace(idx_tmp, self.pack_dir / f"pack-{name}.idx")  # git sees a pack once its .idx exists
        fsync_path(self.pack_dir, directory=True)

    def discard(self) -> None:
        try:
            self.fh.close()
        finally:
            self.path.unlink(missing_ok=True)
