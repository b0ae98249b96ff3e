"""Keeping the zone index cache honest: file checksums, the damaged-cache warning, and the
leftovers of killed builds.

Every cache file's checksum is written when it is built and compared before it is used, so
flipped bits, a truncated file or a half-copied folder make the cache rebuild itself instead of
changing a verdict. The checksum is XXH3-128 (``xxhash``): damage, not an adversary, is what it
guards against, and it runs at ~20 GB/s — checking the bundled zones' 43 MB entry costs a few
milliseconds of ``eezcheck point``'s start (``benchmarks/bench_point_cli.py``).
"""

from __future__ import annotations

import mmap
import os
import shutil
import sys
import time
from pathlib import Path

import xxhash

__all__ = ["DamagedCache", "ALGORITHM", "file_digest", "files_digest", "bytes_digest", "check_file", "warn_damaged",
           "temp_prefix", "remove_stale_temps", "discard", "STALE_AFTER_S"]

ALGORITHM = "xxh3_128"
#: A build's temporary folder or file untouched this long is a killed build's (a build of the
#: whole world layer takes minutes).
STALE_AFTER_S = 3600.0
#: Marks a temporary name: ``.<name>.tmp-<pid>-<host>-<random>``.
TMP_MARK = ".tmp-"
# atomic_write's temporary files: ``.<name>.<random>.part<suffix>``.
_PART_MARK = ".part"


class DamagedCache(Exception):
    """A cache file is not what was written (checksum, size or layout), or cannot be read."""


def _update(h, path: Path) -> None:
    with open(path, "rb") as fh:
        if os.fstat(fh.fileno()).st_size:
            # A read-only map hashes the page cache in place (no copy of a 14 MB grid).
            with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                h.update(mm)


def file_digest(path) -> str:
    """Checksum of a file's bytes.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    str
        XXH3-128, hexadecimal.

    Examples
    --------
    >>> file_digest(__file__) == bytes_digest(open(__file__, "rb").read())
    True
    """
    h = xxhash.xxh3_128()
    _update(h, Path(path))
    return h.hexdigest()


def files_digest(paths) -> str:
    """One checksum of several files' suffixes, sizes and bytes, in order.

    Parameters
    ----------
    paths : sequence of pathlib.Path

    Returns
    -------
    str
        XXH3-128, hexadecimal.
    """
    h = xxhash.xxh3_128()
    for p in paths:
        p = Path(p)
        h.update(f"{p.suffix}|{p.stat().st_size}|".encode())
        _update(h, p)
    return h.hexdigest()


def bytes_digest(data) -> str:
    """Checksum of bytes in memory (as :func:`file_digest` of a file holding them).

    Parameters
    ----------
    data : bytes-like

    Returns
    -------
    str
    """
    return xxhash.xxh3_128_hexdigest(data)


def check_file(path: Path, size: int, digest: str) -> None:
    """Raise :class:`DamagedCache` unless ``path`` has ``size`` bytes whose checksum is ``digest``.

    Parameters
    ----------
    path : pathlib.Path
    size : int
    digest : str

    Raises
    ------
    DamagedCache
        Missing, unreadable, another size or another checksum.
    """
    try:
        got = path.stat().st_size
        if got != size:
            raise DamagedCache(f"{path.name} has {got} bytes, {size} were written")
        if file_digest(path) != digest:
            raise DamagedCache(f"{path.name} checksum mismatch")
    except OSError as exc:
        raise DamagedCache(f"{path.name} unreadable ({exc.strerror or exc})") from exc


def warn_damaged(what, reason) -> None:
    """The one line on stderr when a cache file is ignored.

    Parameters
    ----------
    what : str or pathlib.Path
        The entry or file.
    reason : object
        Why (an exception or a sentence).
    """
    print(f"eezcheck: ignoring damaged zone cache {what} ({reason}); rebuilding it", file=sys.stderr)


def _host() -> str:
    node = os.uname().nodename if hasattr(os, "uname") else ""
    return xxhash.xxh32_hexdigest(node.encode())


def temp_prefix(name: str) -> str:
    """Prefix of a temporary name for ``name`` that says which process made it.

    Parameters
    ----------
    name : str

    Returns
    -------
    str
        ``.<name>.tmp-<pid>-<host>-`` (for ``tempfile.mkdtemp(prefix=...)``).
    """
    return f".{name}{TMP_MARK}{os.getpid()}-{_host()}-"


def _dead(name: str) -> bool:
    """Whether the process that made a temporary ``name`` (on this host) is gone."""
    try:
        pid, host = name.rsplit(TMP_MARK, 1)[1].split("-")[:2]
        pid = int(pid)
    except (IndexError, ValueError):
        return False
    if host != _host() or os.name != "posix":  # on Windows os.kill(pid, 0) would end the process
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def remove_stale_temps(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove what killed builds left in ``folder``: temporary folders and files of a process
    that is gone, or untouched for :data:`STALE_AFTER_S`.

    Parameters
    ----------
    folder : pathlib.Path
    now : float, optional
        The time to measure age from (``time.time()``).

    Returns
    -------
    list of pathlib.Path
        What was removed.
    """
    now = time.time() if now is None else now
    removed = []
    try:
        children = list(os.scandir(folder))
    except OSError:
        return removed
    for child in children:
        name = child.name
        if not name.startswith(".") or (TMP_MARK not in name and _PART_MARK not in name):
            continue
        try:
            old = now - child.stat(follow_symlinks=False).st_mtime > STALE_AFTER_S
        except OSError:
            continue
        if old or (TMP_MARK in name and _dead(name)):
            path = Path(child.path)
            if child.is_dir(follow_symlinks=False):
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def discard(folder: Path) -> None:
    """Remove a cache folder so that no process sees it half-deleted: renamed away, then deleted
    (whatever is there: a file in its place goes too).

    Parameters
    ----------
    folder : pathlib.Path
    """
    trash = folder.with_name(f"{temp_prefix(folder.name)}{os.urandom(4).hex()}")
    try:
        os.rename(folder, trash)
    except OSError:
        trash = folder
    if trash.is_dir() and not trash.is_symlink():
        shutil.rmtree(trash, ignore_errors=True)
    else:  # a file (or link) where an entry folder should be
        try:
            trash.unlink()
        except OSError:
            pass
