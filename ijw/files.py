"""Finding message files, reading them safely, and reading simple values out of them.

Every command that reads message files (``ijw validate``, ``ijw retour``, ``ijw ingest``, ``ijw publish``)
reads them through :func:`read_message_file`, so one set of guards holds everywhere: only regular files
are read (a device such as ``/dev/zero``, a FIFO, a socket or a folder is refused without reading or
waiting for a writer), the size is checked against the configured limit before a byte is read, and no
more than the limit is ever read even if the file grows meanwhile. A refusal is a
:class:`~ijw.safeparse.MessageRejected` with a stable code, so it becomes a per-file finding.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ijw.safeparse import MessageRejected, check_size, max_message_bytes

#: the file is a device, FIFO, socket or folder: not read
READ_NOT_FILE = "READ-NOT-FILE"
#: the file could not be opened or read (permissions, a broken or looping symbolic link, I/O error)
READ_ERROR = "READ-ERROR"

_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def iter_message_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Paths named, and every ``*.xml`` entry below named folders, in sorted order (lazily, folder by folder).

    Below a named folder, entries are visited in name order, a subfolder's files where its name sorts (the
    order of ``sorted(folder.rglob("*"))``). Symbolic links to folders are not followed, so a link loop
    cannot make the walk endless; every other ``*.xml`` entry is yielded, also one that is not a regular
    file, so that the reader reports it instead of it being skipped in silence. A subfolder that cannot be
    listed is yielded itself, for the reader to report.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def _walk(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError:
        yield folder
        return
    for entry in entries:
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.name.lower().endswith(".xml") and not (entry.is_symlink() and path.is_dir()):
            yield path


def _open_regular(path: Path) -> tuple[int, int]:
    """An open descriptor of ``path`` and its size; refuses anything that is not a regular file.

    ``O_NONBLOCK`` makes opening a FIFO without a writer return at once instead of waiting; the kind of
    file is then judged on the open descriptor, so it cannot change between the check and the read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise MessageRejected(READ_ERROR, f"cannot read the file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        raise MessageRejected(READ_ERROR, f"cannot read the file: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise MessageRejected(READ_NOT_FILE, f"{kind}, not a regular file: only message files are read")
    return fd, info.st_size


def _read_at_most(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_message_file(path: Path, limit: int | None = None, *, keep_oversize_head: bool = False) -> bytes:
    """The bytes of the message file ``path``, read safely (see the module text).

    A file over ``limit`` (default: ``IJW_MAX_MESSAGE_BYTES``) is refused with ``PARSE-SIZE`` before it
    is read; with ``keep_oversize_head`` its first ``limit + 1`` bytes are returned instead, for a caller
    that stores rejected input (the parser then rejects it as too large). Raises
    :class:`~ijw.safeparse.MessageRejected` (``READ-NOT-FILE``, ``READ-ERROR``, ``PARSE-SIZE``).
    """
    limit = max_message_bytes() if limit is None else limit
    fd, size = _open_regular(path)
    try:
        if not keep_oversize_head:
            check_size(size, limit)
        try:
            data = _read_at_most(fd, limit + 1)
        except OSError as exc:
            raise MessageRejected(READ_ERROR, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if not keep_oversize_head:  # the file may have grown after the size check
        check_size(len(data), limit)
    return data


def read_message_head(path: Path, count: int) -> bytes:
    """The first ``count`` bytes of message file ``path``, guarded as in :func:`read_message_file`."""
    fd, _ = _open_regular(path)
    try:
        return _read_at_most(fd, count)
    except OSError as exc:
        raise MessageRejected(READ_ERROR, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)


def parse_iso_date(text: str | None) -> dt.date | None:
    """A ``YYYY-MM-DD`` date, or None when absent or not a date.

    >>> parse_iso_date(" 2026-01-31 "), parse_iso_date("2027-06-31"), parse_iso_date(None)
    (datetime.date(2026, 1, 31), None, None)
    """
    try:
        return dt.date.fromisoformat((text or "").strip())
    except ValueError:
        return None
