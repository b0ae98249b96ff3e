"""Which zone data a ``zones=`` value means: the bundled zones, a downloaded data set, or a path.

:func:`resolve_zones` is the one resolver of every ``zones=`` / ``--zones`` value, and
:func:`load_zones` loads what it names. Values:

``None``
    the default chosen with ``eezcheck data use`` (the bundled zones unless another was chosen).
    The choice is kept in ``<cache>/settings.json`` beside the downloads it usually names;
    deleting the cache resets it, and a damaged settings file is ignored with a warning.
``bundled``
    the zones shipped with eezcheck (``geo.zones.bundled_path()``).
``marineregions``
    the Marine Regions layers downloaded with ``eezcheck data download``: the EEZ layer plus
    the 12 NM and 24 NM layers when present, concatenated into one table (the classifier reports
    the most landward zone where layers overlap: territorial sea > contiguous zone > EEZ).
``marineregions:eez``, ``marineregions:eez_12nm``, ``marineregions:eez_24nm``
    one downloaded layer.
a path
    a zone file (:func:`geo.zones.read_zones` lists what it reads).
a :class:`~geo.zones.Zones`
    itself.

Downloads and big files are read through prepared copies (:mod:`geo.zones.prepared`):
``resolve_zones`` returns such a copy's path, so later runs read a small, valid table.

Resolving a name or path imports no pandas (``eezcheck point`` answers from the compiled index).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from geo._files import atomic_write_text, bundled_path, cache_dir, read_sidecar
from geo.errors import DataNotFoundError, EEZCheckError, InputError, ZoneDataError
from geo.zones.marineregions import DEFAULT_BBOX, LAYERS, layer_path
from geo.zones.model import Zones
from geo.zones.prepared import prepare_zones, prepared_dir, prepared_or_read, prepared_path  # noqa: F401 (re-exported)
from geo.zones.readers import read_zones_once

__all__ = [
    "DatasetInfo",
    "list_datasets",
    "describe",
    "use",
    "default_name",
    "resolve_zones",
    "load_zones",
    "dataset_paths",
    "known_names",
    "prepare_zones",
    "prepared_path",
    "prepared_dir",
    "settings_path",
    "BIG_FILE_BYTES",
    "BUNDLED",
    "MARINEREGIONS",
]

BUNDLED = "bundled"
MARINEREGIONS = "marineregions"
SETTINGS_NAME = "settings.json"
#: Files at least this big are read through a prepared copy (read time ≫ prepared-copy read time).
BIG_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DatasetInfo:
    """One zone data set eezcheck knows about (``eezcheck data list``)."""

    name: str
    kind: str  # "bundled", "downloaded" or "file"
    dataset: str
    edition: str
    retrieved: str | None  # the day a download was fetched (its sidecar); None for other data, never a file's date on disk
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
    """``<cache>/settings.json``: where ``eezcheck data use`` keeps the default.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> settings_path().name
    'settings.json'
    """
    return cache_dir() / SETTINGS_NAME


_warned: set[str] = set()


def _read_settings(*, warn: bool = True) -> dict:
    """The settings, or ``{}`` when there are none — or when the file is damaged: then (once per
    process) a one-line warning says so and the bundled zones are used."""
    p = settings_path()
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"it holds a JSON {type(data).__name__}, not an object")
        if not isinstance(data.get("default", ""), str):
            raise ValueError("its 'default' is not text")
        return data
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        if warn and str(p) not in _warned:
            _warned.add(str(p))
            print(
                f"eezcheck: warning: ignoring the damaged settings file {p} ({exc}); using the bundled zones. "
                "Repair it with 'eezcheck data use bundled' (or NAME|PATH)",
                file=sys.stderr,
            )
        return {}


def _write_settings(data: dict) -> None:
    p = settings_path()
    try:
        atomic_write_text(p, json.dumps(data, indent=2) + "\n")
    except OSError as exc:
        raise EEZCheckError(
            f"cannot save the default zone data in {p} ({exc.strerror or exc}): the cache directory {p.parent} "
            "is not writable; make it writable, or point EEZCHECK_CACHE_DIR at a directory that is"
        ) from exc


def default_name() -> str:
    """The data set used when none is given: ``bundled`` unless :func:`use` chose another.

    Returns
    -------
    str
        ``"bundled"``, a data set name (``"marineregions"`` …) or the absolute path of a zone file.

    Examples
    --------
    >>> default_name() in ("bundled", "marineregions") or default_name().startswith("/")
    True
    """
    return str(_read_settings().get("default") or BUNDLED)


def use(name) -> str:
    """Make ``name`` (a data set name or the path of a zone file) the default.

    The data is loaded now, so a choice that could not be used is refused here, not on every
    later command. A damaged settings file is replaced.

    Parameters
    ----------
    name : str or pathlib.Path
        ``"bundled"``, ``"marineregions"``, ``"marineregions:LAYER"`` or a zone file.

    Returns
    -------
    str
        What was stored: the name, or the file's absolute path.

    Raises
    ------
    InputError
        ``name`` is empty, a directory, or not zone data eezcheck can read (exit code 2).
    DataNotFoundError
        The data set is not downloaded, or the file does not exist (exit code 3).
    EEZCheckError
        The settings file cannot be written, e.g. a read-only cache directory (exit code 1).

    Examples
    --------
    >>> use("bundled")  # doctest: +SKIP
    'bundled'
    """
    spec = _normalise_name(name)
    stored = spec if spec == BUNDLED or _is_name(spec) else str(Path(spec).expanduser().resolve())
    if stored != BUNDLED:
        try:
            load_zones(stored)
        except DataNotFoundError:
            raise
        except ZoneDataError as exc:
            raise InputError(f"'eezcheck data use {name}': that is not zone data eezcheck can use — {exc}") from exc
    settings = _read_settings(warn=False)  # a damaged file is simply replaced
    settings["default"] = stored
    _write_settings(settings)
    return stored


# --------------------------------------------------------------------------- names → files


def _normalise_name(name) -> str:
    if isinstance(name, Path):
        return str(name)
    s = str(name).strip()
    if not s:
        raise InputError(
            f"zones = {name!r} is empty; give a data set name ({', '.join(known_names())}) or the path of a zone file"
        )
    low = s.lower()
    if low in (BUNDLED, MARINEREGIONS) or low.startswith(MARINEREGIONS + ":"):
        return low
    return s


def _is_name(spec: str) -> bool:
    return spec == MARINEREGIONS or spec.startswith(MARINEREGIONS + ":")


def known_names() -> list[str]:
    """The data set names :func:`resolve_zones` takes.

    Returns
    -------
    list of str
        ``bundled``, ``marineregions`` and ``marineregions:LAYER`` for each layer.

    Examples
    --------
    >>> known_names()[:3]
    ['bundled', 'marineregions', 'marineregions:eez']
    """
    return [BUNDLED, MARINEREGIONS] + [f"{MARINEREGIONS}:{layer}" for layer in LAYERS]


def _downloaded_layers() -> dict[str, Path]:
    """Downloaded layers present in the cache, EEZ first: {layer: path}."""
    return {layer: layer_path(layer) for layer in LAYERS if layer_path(layer).exists()}


def dataset_paths(name: str) -> list[Path]:
    """The downloaded file(s) behind a data set name.

    Parameters
    ----------
    name : str
        ``"marineregions"`` (every downloaded layer, EEZ first) or ``"marineregions:LAYER"``.

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> dataset_paths("marineregions:eez")  # doctest: +SKIP
    [PosixPath('/home/me/.cache/eezcheck/marineregions/eez.geojson')]
    """
    spec = _normalise_name(name)
    have = _downloaded_layers()
    how = "run 'eezcheck data download' first (or 'eezcheck data use bundled')"
    if spec == MARINEREGIONS:
        if "eez" not in have:
            raise DataNotFoundError(f"the Marine Regions data is not downloaded (no {layer_path('eez')}); {how}")
        return list(have.values())
    if spec.startswith(MARINEREGIONS + ":"):
        layer = spec.split(":", 1)[1]
        if layer not in LAYERS:
            raise InputError(f"zones = {name!r}: unknown Marine Regions layer {layer!r}; known names: {', '.join(known_names())}")
        if layer not in have:
            raise DataNotFoundError(f"the Marine Regions layer {layer} is not downloaded (no {layer_path(layer)}); {how} --layers {layer}")
        return [have[layer]]
    raise InputError(f"zones = {name!r} is not a data set name; known names: {', '.join(known_names())}")


def resolve_zones(spec=None, *, bbox=None):
    """THE resolver of a ``zones=`` value: what to read (a path) or what was read (a Zones).

    Parameters
    ----------
    spec : None, str, pathlib.Path or Zones
        None → the default (:func:`default_name`); ``"bundled"`` → the bundled file; a data
        set name → its prepared copy (:func:`prepare_zones`); a path → the path, or for a big
        file (≥ :data:`BIG_FILE_BYTES`) the prepared copy of its features meeting ``bbox``; a
        :class:`~geo.zones.Zones` → itself.
    bbox : tuple of float, optional
        The region a big file is cut to (default :data:`~geo.zones.marineregions.DEFAULT_BBOX`).

    Returns
    -------
    pathlib.Path or Zones
        A path of a zone file; a Zones when given one, or when a prepared copy could not be
        written (a read-only cache: then the table read in memory).

    Raises
    ------
    DataNotFoundError
        The data is missing (not built, not downloaded, no such file), saying how to get it.
    InputError
        An empty value, an unknown layer name, a directory.

    Examples
    --------
    >>> resolve_zones("bundled") == bundled_path()
    True
    """
    if isinstance(spec, Zones):
        return spec
    chosen = spec is None
    s = _normalise_name(default_name() if chosen else spec)
    if s == BUNDLED:
        return _bundled_file()
    if _is_name(s):
        # Downloads are already cut to their region; prepare them whatever their size, since
        # repairing full-resolution polygons is what makes loading slow, not reading them.
        return prepared_or_read(dataset_paths(s), name=s.replace(":", "_"))
    p = Path(s).expanduser()
    if not p.exists():
        if chosen:
            raise DataNotFoundError(
                f"the default zone data {s} (chosen with 'eezcheck data use') no longer exists; choose another "
                "with 'eezcheck data use NAME|PATH' or go back with 'eezcheck data use bundled'"
            )
        what = "is no data set name, and no such file exists" if os.sep not in s and "." not in p.name else "does not exist"
        raise DataNotFoundError(
            f"zones = {str(spec)!r} {what}; known names: {', '.join(known_names())} (see 'eezcheck data list'), "
            "or give the path of a shapefile, GeoPackage, GeoJSON or zip"
        )
    if p.is_dir():
        raise InputError(f"zones = {str(spec)!r} is a directory; give a zone file in it{_zone_files_in(p)}")
    if p.stat().st_size >= BIG_FILE_BYTES:
        return prepared_or_read([p], bbox=bbox if bbox is not None else DEFAULT_BBOX)
    return p


def _bundled_file() -> Path:
    p = bundled_path()
    if not p.exists():
        raise DataNotFoundError(
            f"the bundled zone data is missing at {p}. Build it with "
            "'python scripts/build_zones.py', or pass a zone file with --zones PATH / zones=PATH"
        )
    return p


def _zone_files_in(d: Path) -> str:
    found = sorted(q.name for q in d.iterdir() if q.suffix.lower() in (".shp", ".gpkg", ".geojson", ".zip", ".fgb"))
    return f" (it holds {', '.join(found[:5])}{' …' if len(found) > 5 else ''})" if found else " (it holds none)"


def load_zones(spec=None, *, bbox=None) -> Zones:
    """Load the zone data a ``zones=`` value names, once per process per file.

    Parameters
    ----------
    spec : None, str, pathlib.Path or Zones
        Anything :func:`resolve_zones` takes (None: the default data set).
    bbox : tuple of float, optional
        (west, south, east, north) in degrees: read only the features meeting it.

    Returns
    -------
    Zones

    Examples
    --------
    >>> load_zones("bundled") is load_zones(bundled_path())
    True
    """
    resolved = resolve_zones(spec, bbox=bbox)
    return resolved if isinstance(resolved, Zones) else read_zones_once(resolved, bbox=bbox)


# --------------------------------------------------------------------------- listing


def _feature_count(p: Path) -> int | None:
    try:
        import pyogrio  # lazy: GDAL

        n = pyogrio.read_info(str(p)).get("features")
        return int(n) if n is not None and n >= 0 else None
    except Exception:  # noqa: BLE001 - listing must not fail on one odd file
        return None


def describe(path, *, name: str | None = None, kind: str = "file") -> DatasetInfo:
    """A :class:`DatasetInfo` for one zone file (from its sidecar when it has one).

    Parameters
    ----------
    path : str or pathlib.Path
        The zone file (a missing one is listed as not available).
    name : str, optional
        The name to list it under (default: its path).
    kind : str
        ``"bundled"``, ``"downloaded"`` or ``"file"``.

    Returns
    -------
    DatasetInfo

    Examples
    --------
    >>> describe(bundled_path(), name="bundled", kind="bundled").licence
    'ODbL-1.0'
    """
    p = Path(path).expanduser()
    if not p.is_file():
        return DatasetInfo(name=name or str(p), kind=kind, dataset="", edition="", retrieved=None, feature_count=None,
                           licence="", path=str(p), available=False)
    try:
        meta = read_sidecar(p)
    except ValueError:
        meta = {}  # listing must not fail on one damaged sidecar; using the file says what is wrong
    src = None
    if not meta and p.stat().st_size < BIG_FILE_BYTES:
        # No sidecar: ask the reader (it knows the Marine Regions editions) — cheap for small files.
        try:
            src = read_zones_once(p).source
        except Exception:  # noqa: BLE001 - listing must not fail on one odd file
            pass
    count = meta.get("feature_count")
    return DatasetInfo(
        name=name or str(p),
        kind=kind,
        dataset=str(meta.get("dataset", "")) or (src.dataset if src else "") or p.stem,
        edition=str(meta.get("edition", "")) or (src.edition if src else "") or "unknown",
        retrieved=str(meta.get("retrieved") or "")[:10] or None,
        feature_count=int(count) if count is not None else _feature_count(p),
        licence=str(meta.get("licence", "")) or (src.licence if src else "") or "unknown",
        path=str(p),
        attribution=str(meta.get("attribution", "")) or (src.attribution if src else ""),
    )


def list_datasets(*, extra=()) -> list[DatasetInfo]:
    """The zone data sets available, the default marked.

    Parameters
    ----------
    extra : iterable of str or pathlib.Path
        More files to describe (e.g. what was given with ``--zones``).

    Returns
    -------
    list of DatasetInfo
        The bundled zones, the downloaded Marine Regions layers (as ``marineregions`` and one
        entry per layer), the chosen default if it is a file, then ``extra``.

    Examples
    --------
    >>> list_datasets()[0].name
    'bundled'
    """
    default = default_name()
    out = [describe(bundled_path(), name=BUNDLED, kind="bundled")]
    have = _downloaded_layers()
    layers = [dataclasses.replace(describe(p, name=f"{MARINEREGIONS}:{layer}", kind="downloaded"), layers=(layer,))
              for layer, p in have.items()]
    if "eez" in have:
        counts = [i.feature_count for i in layers]
        out.append(dataclasses.replace(
            layers[0], name=MARINEREGIONS, dataset="Marine Regions (WFS download)", layers=tuple(have),
            feature_count=sum(counts) if all(c is not None for c in counts) else None,
        ))
    out += layers
    if default not in {i.name for i in out} | {i.path for i in out}:
        out.append(describe(default, kind="file"))
    for e in map(str, extra):
        if e.strip().lower() == BUNDLED or _is_name(e.strip().lower()):
            continue
        info = describe(e, kind="file")
        if info.path not in {i.path for i in out}:
            out.append(info)
    return [dataclasses.replace(i, default=(i.name == default or i.path == default)) for i in out]
