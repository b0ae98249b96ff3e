"""Claims kept between processes (geo.index.claim_store): lines rebuilt from their vertex arrays
answer exactly like the originals, and a damaged claim file is never used."""

from __future__ import annotations

import numpy as np

from geo.index import TargetClaim, ZoneIndex
from geo.index.claim_store import ClaimStore, cached_line


def test_cached_lines_answer_like_nearest_line(synthetic_v10_zones):
    idx = ZoneIndex(synthetic_v10_zones)
    claim = TargetClaim(idx, "JPN")
    for line in (claim.outer_limit, claim.land):
        copy = cached_line(line.lon, line.lat, line.line_idx, line.labels, line.k)
        rng = np.random.default_rng(9)
        lon = np.concatenate([rng.uniform(120, 160, 20), line.lon[:: max(1, len(line.lon) // 10)] + 1e-7])
        lat = np.concatenate([rng.uniform(20, 48, 20), line.lat[:: max(1, len(line.lat) // 10)]])
        for i in range(len(lon)):  # one at a time: the brute-force path
            a = line.query(lon[i : i + 1], lat[i : i + 1])
            b = copy.query(lon[i : i + 1], lat[i : i + 1])
            for x, y in zip(a, b):
                assert np.array_equal(x, y)


def _claim(synthetic_v12_zones):
    return TargetClaim(ZoneIndex(synthetic_v12_zones), "JPN")


def test_round_trip_and_damage(tmp_path, synthetic_v12_zones, capsys):
    claim = _claim(synthetic_v12_zones)
    store = ClaimStore(tmp_path)
    assert store.load("JPN") is None
    store.save(claim)
    (kept,) = tmp_path.glob("claim-JPN.*.npz")
    exists, outer, land = store.load("JPN")
    assert exists and np.array_equal(outer.lon, claim.outer_limit.lon) and np.array_equal(land.labels, claim.land.labels)
    # One flipped bit: the file is not used, it is removed and the caller rebuilds.
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0x10
    kept.write_bytes(bytes(data))
    assert store.load("JPN") is None
    assert not kept.exists()
    assert "ignoring damaged zone cache" in capsys.readouterr().err


def test_odd_targets_are_not_kept_and_leftovers_are_cleaned(tmp_path, synthetic_v12_zones):
    import os

    claim = _claim(synthetic_v12_zones)
    claim.target = "../x"  # never a file name
    ClaimStore(tmp_path).save(claim)
    assert list(tmp_path.iterdir()) == []
    leftover = tmp_path / ".claim-JPN.abc.npz.1234.part.npz"  # an atomic write killed midway
    leftover.write_bytes(b"half")
    os.utime(leftover, (1, 1))
    claim.target = "JPN"
    ClaimStore(tmp_path).save(claim)
    assert not leftover.exists() and len(list(tmp_path.glob("claim-JPN.*.npz"))) == 1


def test_candidate_grids_are_kept_and_a_damaged_one_rebuilt(tmp_path, synthetic_v12_zones, capsys):
    """A line's candidate grid is built on its first large query, kept in the entry folder,
    read back by the next process (same answers), and a damaged file is removed, not used."""
    claim = _claim(synthetic_v12_zones)
    store = ClaimStore(tmp_path)
    store.save(claim)
    _, outer, _ = store.load("JPN")
    rng = np.random.default_rng(3)
    n = outer.CELLS_MIN_POINTS + 10
    lon, lat = rng.uniform(125, 150, n), rng.uniform(25, 45, n)
    first = outer.query(lon, lat)
    (kept,) = tmp_path.glob("cells-*.npz")
    _, again, _ = store.load("JPN")  # as a new process would: the grid is read, not built
    second = again.query(lon, lat)
    assert again.segment_cells().to_arrays().keys() == outer.segment_cells().to_arrays().keys()
    for x, y in zip(first, second):
        assert np.array_equal(x, y)
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0x10
    kept.write_bytes(bytes(data))
    _, third, _ = store.load("JPN")
    for x, y in zip(first, third.query(lon, lat)):
        assert np.array_equal(x, y)
    assert "ignoring damaged zone cache" in capsys.readouterr().err
