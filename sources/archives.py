"""Reading a downloaded dump (a folder, a zip or a tar.gz) without trusting it: no path leaving
the dump, a cap on entries and on unpacked size, a size limit per file (docs/sources.md,
"Safety"). Nothing is written to disk: members are read in memory, one at a time."""

import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sources.xmlsafe import MAX_RECORD_BYTES

MAX_ENTRIES = 500_000
MAX_UNPACKED_BYTES = 20 * 1024**3


class ArchiveError(ValueError):
    """The whole archive is refused: nothing in it is read."""


@dataclass(frozen=True)
class Limits:
    entries: int = MAX_ENTRIES
    unpacked: int = MAX_UNPACKED_BYTES
    per_file: int = MAX_RECORD_BYTES


@dataclass(frozen=True)
class Member:
    name: str
    data: bytes | None
    """None when the file is over the per-file limit (reported and skipped, not read)."""
    size: int


def safe_name(name: str) -> str:
    """`name` as a relative path inside the dump; ArchiveError when it would leave it."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise ArchiveError(f"archive entry {name!r} points outside the archive")
    return str(path)


def read_members(
    path: Path, *, suffix: str = ".xml", limits: Limits = Limits()
) -> Iterator[Member]:
    """The files named `*suffix` in the folder or archive at `path`, in name order. The
    archive's index is checked whole before anything is read."""
    path = Path(path)
    if path.is_dir():
        yield from _folder(path, suffix, limits)
    elif zipfile.is_zipfile(path):
        yield from _zip(path, suffix, limits)
    elif tarfile.is_tarfile(path):
        yield from _tar(path, suffix, limits)
    elif path.is_file() and path.name.endswith(suffix):
        yield _read(path.name, path.stat().st_size, path.read_bytes, limits)
    else:
        raise ArchiveError(f"{path}: neither a folder, a zip, a tar archive nor a {suffix} file")


def _check(entries: list[tuple[str, int]], limits: Limits) -> None:
    if len(entries) > limits.entries:
        raise ArchiveError(f"{len(entries)} entries, over the cap of {limits.entries}")
    total = 0
    for name, size in entries:
        safe_name(name)
        total += size
        if total > limits.unpacked:
            raise ArchiveError(f"unpacks past the cap of {limits.unpacked} bytes")


def _read(name, size, read, limits: Limits) -> Member:
    if size > limits.per_file:
        return Member(name, None, size)
    data = read()
    # The declared size may lie: what was read counts.
    return Member(name, None if len(data) > limits.per_file else data, len(data))


def _folder(path: Path, suffix: str, limits: Limits) -> Iterator[Member]:
    files = sorted(p for p in path.rglob(f"*{suffix}") if p.is_file() and not p.is_symlink())
    _check([(str(p.relative_to(path)), p.stat().st_size) for p in files], limits)
    for file in files:
        yield _read(str(file.relative_to(path)), file.stat().st_size, file.read_bytes, limits)


def _zip(path: Path, suffix: str, limits: Limits) -> Iterator[Member]:
    with zipfile.ZipFile(path) as archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        _check([(i.filename, i.file_size) for i in infos], limits)
        for info in sorted(infos, key=lambda i: i.filename):
            if info.filename.endswith(suffix):
                # Read at most one byte past the limit, whatever the header claims.
                def read(info=info):
                    with archive.open(info) as stream:
                        return stream.read(limits.per_file + 1)

                yield _read(info.filename, info.file_size, read, limits)


def _tar(path: Path, suffix: str, limits: Limits) -> Iterator[Member]:
    with tarfile.open(path) as archive:
        infos = archive.getmembers()
        _check([(i.name, i.size) for i in infos], limits)
        for info in sorted(infos, key=lambda i: i.name):
            if info.isfile() and info.name.endswith(suffix):

                def read(info=info):
                    stream = archive.extractfile(info)
                    return stream.read(limits.per_file + 1) if stream else b""

                yield _read(info.name, info.size, read, limits)
