"""Cache file integrity (geo.index.integrity): checksums catch every kind of damage, and only
the leftovers of builds that are gone (or long untouched) are removed."""

from __future__ import annotations

import os
import time

import pytest

from geo.index.integrity import (
    STALE_AFTER_S,
    DamagedCache,
    bytes_digest,
    check_file,
    discard,
    file_digest,
    files_digest,
    remove_stale_temps,
    temp_prefix,
)


def test_check_file_names_what_is_wrong(tmp_path):
    f = tmp_path / "grid.npy"
    f.write_bytes(b"\x00" * 1000)
    size, digest = 1000, file_digest(f)
    check_file(f, size, digest)  # sound
    assert digest == bytes_digest(b"\x00" * 1000) and file_digest(tmp_path / "grid.npy") == digest
    f.write_bytes(b"\x00" * 499 + b"\x01" + b"\x00" * 500)  # one bit
    with pytest.raises(DamagedCache, match="grid.npy checksum mismatch"):
        check_file(f, size, digest)
    f.write_bytes(b"\x00" * 999)
    with pytest.raises(DamagedCache, match="grid.npy has 999 bytes, 1000 were written"):
        check_file(f, size, digest)
    f.unlink()
    with pytest.raises(DamagedCache, match="grid.npy unreadable"):
        check_file(f, size, digest)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    check_file(empty, 0, bytes_digest(b""))


def test_files_digest_sees_suffixes_sizes_and_bytes(tmp_path):
    a, b = tmp_path / "z.shp", tmp_path / "z.dbf"
    a.write_bytes(b"ab")
    b.write_bytes(b"c")
    d = files_digest([a, b])
    b.write_bytes(b"d")
    assert files_digest([a, b]) != d
    b.write_bytes(b"c")
    assert files_digest([a, b]) == d
    a.write_bytes(b"a")
    b.write_bytes(b"bc")  # the same bytes in a row, split differently
    assert files_digest([a, b]) != d


def test_remove_stale_temps_takes_only_what_is_dead_or_old(tmp_path):
    dead = tmp_path / ".e1.tmp-999999999-0-x"  # a pid no process can have… on another host hash
    dead_here = tmp_path / (temp_prefix("e2").replace(str(os.getpid()), "999999999") + "x")
    live = tmp_path / (temp_prefix("e3") + "x")  # this process: building now
    old_part = tmp_path / ".meta.json.abc.part.json"
    young_part = tmp_path / ".stamp.json.def.part.json"
    entry = tmp_path / "e4-0123"  # an entry, never touched
    for d in (dead, dead_here, live, entry):
        d.mkdir()
    for f in (old_part, young_part):
        f.write_text("x")
    old = time.time() - STALE_AFTER_S - 60
    os.utime(old_part, (old, old))
    os.utime(entry, (old, old))
    removed = remove_stale_temps(tmp_path)
    assert sorted(p.name for p in removed) == sorted([dead_here.name, old_part.name])
    assert dead.exists() and live.exists() and young_part.exists() and entry.exists()  # another host's may be running
    os.utime(dead, (old, old))
    assert remove_stale_temps(tmp_path) == [dead]
    assert remove_stale_temps(tmp_path / "missing") == []


def test_discard_removes_a_folder_or_a_file_in_its_place(tmp_path):
    d = tmp_path / "entry"
    d.mkdir()
    (d / "grid.npy").write_bytes(b"x")
    discard(d)
    f = tmp_path / "other"
    f.write_bytes(b"not a folder")
    discard(f)
    assert list(tmp_path.iterdir()) == []
