"""The pack a batch writes its objects into, with git's object headers and its version-2 index.

A batch's objects are appended to ONE temporary pack as they are made (memory stays flat),
readable back from it at once, and landed by ``PackBatch.finish`` (count, trailer, index,
fsync, rename: git sees a pack once its ``.idx`` exists), so a thousand new versions cost one
file rather than six thousand loose objects. The two formats are git's (Documentation/gitformat-pack):
written here, a few lines each, rather than through gitdb, whose import (~30 ms) every run that
records a version paid.
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


def object_header(type_id: int, size: int) -> bytes:
    """A packed object's header: its type and its inflated size, 4 bits then 7 bits a byte.

    >>> object_header(3, 10).hex(), object_header(1, 300).hex()
    ('3a', '9c12')
    """
    out = bytearray()
    byte, size = (type_id << 4) | (size & 0x0F), size >> 4
    while size:
        out.append(byte | 0x80)
        byte, size = size & 0x7F, size >> 7
    out.append(byte)
    return bytes(out)


def index_bytes(objects: dict[bytes, tuple[int, int]], pack_sha: bytes) -> bytes:
    """The version-2 ``.idx`` of a pack: ``objects`` maps each binary object id to (CRC-32 of its
    packed bytes, its offset in the pack). Fan-out, sorted ids, CRCs, offsets (over 2 GiB: in a
    table of 8-byte offsets), the pack's checksum, then the index's own."""
    names = sorted(objects)
    fanout = [0] * 256
    for name in names:
        fanout[name[0]] += 1
    total = 0
    for i in range(256):
        total += fanout[i]
        fanout[i] = total
    small, large = bytearray(), bytearray()
    for name in names:
        offset = objects[name][1]
        if offset < 0x80000000:
            small += offset.to_bytes(4, "big")
        else:
            small += (0x80000000 | len(large) // 8).to_bytes(4, "big")
            large += offset.to_bytes(8, "big")
    body = b"".join([b"\xfftOc", (2).to_bytes(4, "big"), b"".join(n.to_bytes(4, "big") for n in fanout), *names,
                     b"".join(objects[n][0].to_bytes(4, "big") for n in names), bytes(small), bytes(large), pack_sha])
    return body + hashlib.sha1(body).digest()


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
        self._unflushed = False  # written to the file object's buffer since the last flush

    def add(self, kind: bytes, data: bytes, sha: str) -> None:
        if sha in self.objects:
            return
        header = object_header(TYPE_ID[kind], len(data))
        # Trees are mostly object ids, which do not compress: store them (zlib level 0, a copy);
        # texts compress well and cheaply at level 1. `git gc` recompresses and deltifies later.
        body = zlib.compress(data, 0 if kind == b"tree" else 1)
        self.fh.write(header)
        self.fh.write(body)
        self.objects[sha] = (self.offset, len(header), len(body), kind)
        self.crcs[sha] = zlib.crc32(body, zlib.crc32(header))
        self.offset += len(header) + len(body)
        self._unflushed = True

    def get(self, sha: str) -> tuple[bytes, bytes] | None:
        hit = self.objects.get(sha)
        if hit is None:
            return None
        offset, hlen, clen, kind = hit
        if self._unflushed:  # a read of an object already on disk needs no write
            self.fh.flush()
            self._unflushed = False
        return kind, zlib.decompress(os.pread(self.fh.fileno(), clen, offset + hlen))

    def finish(self) -> None:
        """Write the count, the trailer and the index; fsync both; rename into place (.idx last)."""
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
        index = index_bytes({bytes.fromhex(sha): (self.crcs[sha], offset)
                             for sha, (offset, _h, _c, _k) in self.objects.items()}, pack_sha)
        name = pack_sha.hex()
        idx_tmp = self.pack_dir / f"tmp_idx_{name}"
        with open(idx_tmp, "wb") as ih:
            ih.write(index)
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
