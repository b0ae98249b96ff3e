"""Which zone data a command uses: the bundled zones, a downloaded data set, or a path.

Names:

``bundled``
    the zones shipped with eezcheck (``geo.zones.bundled_path()``).
``marineregions``
    the Marine Regions layers downloaded with ``eezcheck data download``: the EEZ layer plus
    the 12 NM and 24 NM layers when present, concatenated into one table (the classifier reports
    the most landward zone where layers overlap: territorial sea > contiguous zone > EEZ).
``marineregions:eez``, ``marineregions:eez_12nm``, ``marineregions:eez_24nm``
    one downloaded layer.
anything else
    a path to a zone file.

``resolve_zones(None)`` → the default chosen with ``eezcheck data use`` (the bundled zones unless
another was chosen). The choice is kept in ``<cache>/settings.json`` beside the downloads it
usually names; deleting the cache resets it to the bundled zones.

Big files (a full-resolution World EEZ GeoPackage of a few hundred MB) and downloads: only the
features meeting a region are read (default :data:`geo.zones.download.DEFAULT_BBOX`, everything that
can meet Japan's zones), repaired once, and the normalised table is kept as a FlatGeobuf in this
project's schema, with its metadata sidecar, in ``<cache>/compiled/`` (:func:`compile_zones`),
keyed by the files' size, modification time, a hash of their first and last MiB, the region and
:data:`COMPILED_VERSION`. ``resolve_zones`` returns that file's path, so later runs read a small,
valid table (and the on-disk zone index of :mod:`geo.index.cache`, keyed by path, applies to it).
FlatGeobuf rather than GeoParquet: the GDAL in pyogrio's wheels has no Parquet driver, and
``geo.zones.read_zones`` reads through GDAL. See ``benchmarks/bench_zone_cache.py``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataNotFoundError, InputError, ZoneDataError

__all__ = [
    "DatasetInfo",
    "list_datasets",
    "describe",
    "use",
    "default_name",
    "resolve_zones",
    "dataset_paths",
    "compile_zones",
    "compiled_path",
    "settings_path",
    "BIG_FILE_BYTES",
]

BUNDLED = "bundled"
MARINEREGIONS = "marineregions"
SETTINGS_NAME = "settings.json"
#: Files at least this big go through the compiled on-disk cache (read time ≫ cache read time).
BIG_FILE_BYTES = 20 * 1024 * 1024
#: Bump when geo.zones' normalisation or the compiled layout changes, to ignore old caches.
COMPILED_VERSION = 1
_HASH_SPAN = 1 << 20  # hash the first and last MiB: cheap, and catches an edit the mtime hides


@dataclass(frozen=True)
class DatasetInfo:
    """One zone data set eezcheck knows about (``eezcheck data list``)."""

    name: str
    kind: str  # "bundled", "downloaded" or "file"
    dataset: str
    edition: str
    date: str  # retrieval date of a download; else the file's modification date
    feature_count: int | None
    licence: str
    path: str  # the file, or for several layers the first (EEZ) layer's file
    layers: tuple[str, ...] = ()
    default: bool = False
    available: bool = True
    attribution: str = ""

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        d["layers"] = list(self.layers)
        return d


# --------------------------------------------------------------------------- settings


def settings_path() -> Path:
    from geo.zones.download import cache_dir

    return cache_dir() / SETTINGS_NAME


def _read_settings() -> dict:
    p = settings_path()
    if not p.exists():
        return {}
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ZoneDataError(f"{p}: eezcheck's settings file is not valid JSON ({exc}); delete it or run 'eezcheck data use bundled'") from exc
    return data if isinstance(data, dict) else {}


def _write_settings(data: dict) -> None:
    p = settings_path()
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".part", dir=p.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2)
            fh.write("\n")
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def default_name() -> str:
    """The data set used when none is given: ``bundled`` unless ``use`` chose another."""
    return str(_read_settings().get("default") or BUNDLED)


def use(name) -> str:
    """Make ``name`` (a data set name or a path) the default; returns what was stored.

    The name must resolve now (a missing download or file is refused, with how to fix it).
    """
    spec = _normalise_name(name)
    if spec == BUNDLED:
        stored = BUNDLED
    elif _is_name(spec):
        dataset_paths(spec)  # raises if not downloaded
        stored = spec
    else:
        p = Path(spec).expanduser()
        if not p.exists():
            raise DataNotFoundError(
                f"{p} does not exist; 'eezcheck data use' takes a data set name ({', '.join(_known_names())}) "
                "or the path of a zone file"
            )
        stored = str(p.resolve())
    settings = _read_settings()
    settings["default"] = stored
    _write_settings(settings)
    return stored


# --------------------------------------------------------------------------- names → files


def _normalise_name(name) -> str:
    if isinstance(name, Path):
        return str(name)
    s = str(name).strip()
    low = s.lower()
    if low in (BUNDLED, MARINEREGIONS) or low.startswith(MARINEREGIONS + ":"):
        return low
    return s


def _is_name(spec: str) -> bool:
    return spec == MARINEREGIONS or spec.startswith(MARINEREGIONS + ":")


def _known_names() -> list[str]:
    from geo.zones.download import LAYERS

    return [BUNDLED, MARINEREGIONS] + [f"{MARINEREGIONS}:{layer}" for layer in LAYERS]


def _downloaded_layers() -> dict[str, Path]:
    """Downloaded layers present in the cache, EEZ first: {layer: path}."""
    from geo.zones.download import LAYERS, layer_path

    out = {}
    for layer in LAYERS:
        p = layer_path(layer)
        if p.exists():
            out[layer] = p
    return out


def dataset_paths(name: str) -> list[Path]:
    """The file(s) behind a data set name (``marineregions``, ``marineregions:eez_12nm`` …)."""
    from geo.zones.download import LAYERS

    spec = _normalise_name(name)
    have = _downloaded_layers()
    how = "run 'eezcheck data download' first (or 'eezcheck data use bundled')"
    if spec == MARINEREGIONS:
        if "eez" not in have:
            raise DataNotFoundError(f"the Marine Regions data is not downloaded (no {_layer_file('eez')}); {how}")
        return list(have.values())
    if spec.startswith(MARINEREGIONS + ":"):
        layer = spec.split(":", 1)[1]
        if layer not in LAYERS:
            raise InputError(f"zones = {name!r}: unknown Marine Regions layer {layer!r}; known names: {', '.join(_known_names())}")
        if layer not in have:
            raise DataNotFoundError(f"the Marine Regions layer {layer} is not downloaded (no {_layer_file(layer)}); {how} --layers {layer}")
        return [have[layer]]
    raise InputError(f"zones = {name!r} is not a data set name; known names: {', '.join(_known_names())}")


def _layer_file(layer: str) -> Path:
    from geo.zones.download import layer_path

    return layer_path(layer)


def resolve_zones(spec, *, bbox=None):
    """Turn what the user typed after ``--zones`` into something ``geo.zones.load_zones`` takes.

    None → the default data set; ``"bundled"`` → None (the bundled zones); a data set name → the
    path of its compiled copy (see :func:`compile_zones`); a path → the path, or for a big file
    (≥ :data:`BIG_FILE_BYTES`) the compiled copy of its features meeting ``bbox`` (default: the
    region around Japan); a :class:`~geo.zones.Zones` → itself.
    """
    # geo.zones (and pandas) is imported only when needed: 'eezcheck point --zones marineregions'
    # answers from the compiled index without it. A Zones object implies geo.zones is loaded.
    zones_mod = sys.modules.get("geo.zones.readers")
    if zones_mod is not None and isinstance(spec, zones_mod.Zones):
        return spec
    chosen = spec is None
    if chosen:
        spec = default_name()
    s = _normalise_name(spec)
    if chosen and s != BUNDLED and not _is_name(s) and not Path(s).exists():
        raise DataNotFoundError(
            f"the default zone data {s} (chosen with 'eezcheck data use') no longer exists; "
            "choose another with 'eezcheck data use NAME|PATH' or go back with 'eezcheck data use bundled'"
        )
    if s == BUNDLED:
        return None
    if _is_name(s):
        # Downloads are already cut to their region; compile them whatever their size, since
        # repairing full-resolution polygons is what makes loading slow, not reading them.
        return compile_zones(dataset_paths(s), name=s.replace(":", "_"))
    p = Path(s).expanduser()
    if not p.exists() and os.sep not in s and "." not in p.name:
        raise DataNotFoundError(
            f"zones = {spec!r}: no such data set or file; known names: {', '.join(_known_names())} "
            "(see 'eezcheck data list'), or give the path of a zone file"
        )
    if p.is_file() and p.stat().st_size >= BIG_FILE_BYTES:
        from geo.zones.download import DEFAULT_BBOX

        return compile_zones([p], bbox=bbox if bbox is not None else DEFAULT_BBOX)
    return p  # a small file, or a missing one (load_zones says so in its words)


# --------------------------------------------------------------------------- compiled copies


def compiled_dir() -> Path:
    from geo.zones.download import cache_dir

    return cache_dir() / "compiled"


def _file_stamp(p: Path) -> str:
    """Identity of a file's content: size, mtime and a hash of its first and last MiB."""
    st = p.stat()
    h = hashlib.sha256(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
    with open(p, "rb") as fh:
        h.update(fh.read(_HASH_SPAN))
        if st.st_size > 2 * _HASH_SPAN:
            fh.seek(-_HASH_SPAN, os.SEEK_END)
            h.update(fh.read(_HASH_SPAN))
    side = p.with_suffix(".json")
    if side.exists() and side != p:
        h.update(side.read_bytes())  # a changed sidecar changes the attribution shown
    return h.hexdigest()


def _bundled_stamp() -> str:
    """The bundled data's size and mtime: read_zones borrows its land layer to tell islands from
    high-seas pockets in Marine Regions polygons, so a new bundled file must recompile."""
    try:
        st = _bundled_file().stat()
    except OSError:
        return "no-bundled"
    return f"{st.st_size}|{st.st_mtime_ns}"


def _bundled_file() -> Path:
    """``geo.zones.bundled_path()`` without importing geo.zones (pandas) on the fast path;
    tests/test_catalog.py checks that the two agree."""
    from geo._files import bundled_path

    return bundled_path()


def _norm_bbox(bbox):
    return tuple(float(v) for v in bbox) if bbox is not None else None


def compiled_path(paths, *, bbox=None, name: str | None = None) -> Path:
    """Where the compiled copy of ``paths`` (one or several zone files) for ``bbox`` lives."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p).expanduser().resolve() for p in paths]
    h = hashlib.sha256(f"v{COMPILED_VERSION}|{_norm_bbox(bbox)}".encode())
    for p in paths:
        h.update(_file_stamp(p).encode())
    h.update(_bundled_stamp().encode())
    return compiled_dir() / f"{name or paths[0].stem}-{h.hexdigest()[:24]}.fgb"


def compile_zones(paths, *, bbox=None, name: str | None = None) -> Path:
    """A normalised, repaired copy of zone file(s) in this project's schema; returns its path.

    Reads each file's features meeting ``bbox`` with :func:`geo.zones.read_zones` (bbox filter at
    read time, repair), concatenates several files into one table (e.g. the EEZ, 12 NM and 24 NM
    layers: the classifier ranks overlapping zones), and writes a FlatGeobuf plus its ``.json``
    sidecar (dataset, edition, licence, attribution, what it was compiled from) atomically into
    ``<cache>/compiled/``. Later calls with the same files (size, mtime, head/tail hash) and bbox
    return the existing copy, which ``read_zones`` reads without repairs. An entry whose size
    does not match its sidecar is rebuilt, never trusted.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p).expanduser().resolve() for p in paths]
    bbox = _norm_bbox(bbox)
    target = compiled_path(paths, bbox=bbox, name=name)
    side = target.with_suffix(".json")
    if target.exists() and side.exists():
        try:
            meta = json.loads(side.read_text(encoding="utf-8"))
            if meta.get("version") == COMPILED_VERSION and meta.get("bytes") == target.stat().st_size:
                return target
            raise ValueError("size does not match its metadata")
        except (OSError, ValueError) as exc:
            print(f"eezcheck: ignoring damaged zone cache {target} ({exc}); rebuilding", file=sys.stderr)
    zones = _read_all(paths, bbox)
    try:
        _write_compiled(zones, target, paths, bbox)
    except OSError as exc:
        raise ZoneDataError(f"cannot write the compiled zone table {target} ({exc}); check that {compiled_dir()} is writable") from exc
    return target


def _read_all(paths: list[Path], bbox):
    """One :class:`Zones` from several files (their tables concatenated, the first one's source)."""
    import geopandas as gpd
    import pandas as pd

    from geo.zones import DataSource, Zones, read_zones

    parts = [read_zones(p, bbox=bbox) for p in paths]
    first = parts[0]
    region = f"region {','.join(f'{v:g}' for v in bbox)} only" if bbox is not None else ""
    if len(parts) == 1:
        desc = "; ".join(x for x in (first.source.description, region) if x)
        return Zones(table=first.table, source=dataclasses.replace(first.source, description=desc), metadata=first.metadata)
    layers = [z.metadata.get("layer") or Path(z.source.path).stem for z in parts]
    table = gpd.GeoDataFrame(pd.concat([z.table for z in parts], ignore_index=True), geometry="geometry", crs="EPSG:4326")
    dataset = "Marine Regions (WFS download)" if all(z.metadata.get("layer") for z in parts) else first.source.dataset
    source = DataSource(
        dataset=dataset,
        edition=first.source.edition,
        licence=first.source.licence,
        attribution=first.source.attribution,
        path=str(paths[0].parent),
        description="; ".join(x for x in ("layers " + " + ".join(layers), region) if x),
    )
    return Zones(table=table, source=source, metadata={"layers": layers})


def _write_compiled(zones, target: Path, paths: list[Path], bbox) -> None:
    import geopandas as gpd
    import pandas as pd

    target.parent.mkdir(parents=True, exist_ok=True)
    t = zones.table
    out = gpd.GeoDataFrame(
        {
            "zone_type": t["zone_type"].astype(str).to_numpy(),
            "sovereigns": [";".join(s) for s in t["sovereigns"]],
            "name": t["name"].astype(object).where(t["name"].notna(), None).to_numpy(),
            "mrgid": pd.array(t["mrgid"], dtype="Int64"),
            "territory": t["territory"].astype(object).where(t["territory"].notna(), None).to_numpy(),
        },
        geometry=t.geometry.values,
        crs="EPSG:4326",
    )
    src = zones.source
    meta = {
        "dataset": src.dataset,
        "edition": src.edition,
        "licence": src.licence,
        "attribution": src.attribution,
        "description": src.description,
        "version": COMPILED_VERSION,
        "compiled_from": [str(p) for p in paths],
        "bbox": list(bbox) if bbox is not None else None,
        "rows": len(out),
        # read_zones repaired every geometry; a reader may skip its validity check (≈ 0.5 s on
        # a million vertices) when it sees this.
        "geometry_valid": True,
    }
    for k in ("layer", "retrieved", "sha256", "url"):
        if k in zones.metadata:
            meta[k] = zones.metadata[k]
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".fgb", dir=target.parent)
    os.close(fd)
    os.unlink(tmp)  # GDAL creates the file itself
    tmp_side = None
    try:
        # No spatial index: FlatGeobuf would reorder the features along a Hilbert curve, and
        # table order breaks ties in the classifier.
        out.to_file(
            tmp, driver="FlatGeobuf", engine="pyogrio", layer=target.stem, promote_to_multi=True,
            layer_options={"SPATIAL_INDEX": "NO"},
        )
        meta["bytes"] = os.path.getsize(tmp)
        fd2, tmp_side = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".json.part", dir=target.parent)
        with os.fdopen(fd2, "w", encoding="utf-8") as fh:
            json.dump(meta, fh, indent=1, default=str)
        # Sidecar first: the .fgb appearing is what marks the entry complete.
        os.replace(tmp_side, target.with_suffix(".json"))
        tmp_side = None
        os.replace(tmp, target)
        tmp = None
    finally:
        for x in (tmp, tmp_side):
            if x is not None and os.path.exists(x):
                os.unlink(x)
    _prune(target, meta["compiled_from"], meta["bbox"])


def _prune(keep: Path, compiled_from: list, bbox) -> None:
    """Drop older compiled copies of the same files and region (the files changed since)."""
    for other in keep.parent.glob("*.fgb"):
        if other == keep:
            continue
        side = other.with_suffix(".json")
        try:
            m = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        if m.get("compiled_from") == compiled_from and m.get("bbox") == bbox:
            for q in (other, side):
                try:
                    q.unlink()
                except OSError:
                    pass


# --------------------------------------------------------------------------- listing


def _sidecar(p: Path) -> dict:
    s = p.with_suffix(".json")
    if s.exists() and s != p:
        try:
            return json.loads(s.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
    return {}


def _feature_count(p: Path) -> int | None:
    try:
        import pyogrio

        n = pyogrio.read_info(str(p)).get("features")
        return int(n) if n is not None and n >= 0 else None
    except Exception:  # noqa: BLE001 - listing must not fail on one odd file
        return None


def _mdate(p: Path) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(p.stat().st_mtime, tz=dt.timezone.utc).date().isoformat()


def describe(path, *, name: str | None = None, kind: str = "file") -> DatasetInfo:
    """A :class:`DatasetInfo` for one zone file (from its sidecar when it has one)."""
    p = Path(path).expanduser()
    if not p.exists():
        return DatasetInfo(name=name or str(p), kind=kind, dataset="", edition="", date="", feature_count=None,
                           licence="", path=str(p), available=False)
    meta = _sidecar(p)
    edition = str(meta.get("edition", ""))
    licence = str(meta.get("licence", ""))
    dataset = str(meta.get("dataset", ""))
    attribution = str(meta.get("attribution", ""))
    if not meta:
        # No sidecar: ask the reader (it knows the Marine Regions editions) — cheap for small files.
        if p.stat().st_size < BIG_FILE_BYTES:
            try:
                from geo.zones import load_zones

                src = load_zones(p).source
                dataset, edition, licence, attribution = src.dataset, src.edition, src.licence, src.attribution
            except Exception:  # noqa: BLE001
                pass
    date = str(meta.get("retrieved", ""))[:10] or _mdate(p)
    count = meta.get("feature_count")
    return DatasetInfo(
        name=name or str(p),
        kind=kind,
        dataset=dataset or p.stem,
        edition=edition or "unknown",
        date=date,
        feature_count=int(count) if count is not None else _feature_count(p),
        licence=licence or "unknown",
        path=str(p),
        attribution=attribution,
    )


def list_datasets(*, extra=()) -> list[DatasetInfo]:
    """The bundled zones, the downloaded Marine Regions layers, the chosen default if it is a
    file, and any ``extra`` paths (e.g. what was given with ``--zones``); the default is marked."""
    from geo.zones import bundled_path

    default = default_name()
    out = []
    b = describe(bundled_path(), name=BUNDLED, kind="bundled")
    out.append(b)
    have = _downloaded_layers()
    if "eez" in have:
        infos = [describe(p, name=f"{MARINEREGIONS}:{layer}", kind="downloaded") for layer, p in have.items()]
        eez = infos[0]
        counts = [i.feature_count for i in infos]
        out.append(
            dataclasses.replace(
                eez,
                name=MARINEREGIONS,
                dataset="Marine Regions (WFS download)",
                feature_count=sum(counts) if all(c is not None for c in counts) else None,
                layers=tuple(have),
            )
        )
    for layer, p in have.items():
        out.append(dataclasses.replace(describe(p, name=f"{MARINEREGIONS}:{layer}", kind="downloaded"), layers=(layer,)))
    names = {i.name for i in out}
    paths = {i.path for i in out}
    if default not in names and default not in paths:
        out.append(describe(default, kind="file"))
    for e in extra:
        e = str(e)
        if _is_name(_normalise_name(e)) or e == BUNDLED:
            continue
        info = describe(e, kind="file")
        if info.path not in {i.path for i in out}:
            out.append(info)
    return [dataclasses.replace(i, default=(i.name == default or i.path == default)) for i in out]
