"""The JavaScript and CSS a map loads: CDN URLs, the local copies of the same files, and
inlining them into an offline page.

Nothing of Leaflet's is kept in this repository. An offline map inlines the files at save time
from, in this order (:func:`find_assets`):

1. ``assets_dir`` / ``--assets DIR`` / ``$EEZCHECK_ASSETS``: a folder holding Leaflet 1.9's
   ``leaflet.js`` and ``leaflet.css`` (and ``images/``), or an npm folder (:data:`NPM_INSTALL`);
2. the ``eezcheck[offline]`` extra (:data:`OFFLINE_INSTALL`): the PyPI package XStatic-Leaflet,
   whose wheel ships Leaflet 1.9.3's dist files (byte for byte the npm package's);
3. a development checkout's ``tests/js/node_modules`` (``npm ci --prefix tests/js``).

The plugins (:data:`PLUGINS`: full-screen button, measuring tool) are on PyPI in no package, so
they are inlined only from an npm folder (the one given, else the checkout's); an offline map
without them has no such buttons and says so in its legend. The mouse position and the NM scale
bar are the project's own few lines of script, in every map.
"""

from __future__ import annotations

import base64
import importlib.util
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError

__all__ = ["MapAssetsError", "CdnPackage", "CDN_PACKAGES", "LEAFLET", "PLUGINS", "NPM_INSTALL", "OFFLINE_INSTALL",
           "ASSETS_ENV", "EXTRA_MODULE", "CHECKOUT_ASSETS", "MapAssets", "local_asset", "leaflet_version", "find_assets", "inline_assets"]

#: Environment variable naming a folder of the files an offline map inlines.
ASSETS_ENV = "EEZCHECK_ASSETS"
#: The module of the ``offline`` extra's package (XStatic-Leaflet); its ``data/`` is Leaflet's dist.
EXTRA_MODULE = "xstatic.pkg.leaflet"
#: The command that installs what an offline map needs.
OFFLINE_INSTALL = "pip install 'eezcheck[offline]'"
#: Leaflet releases the maps' own scripts are written for (major.minor).
LEAFLET_SERIES = "1.9"
#: A development checkout's npm folder for the tests (``npm ci --prefix tests/js``), searched last.
CHECKOUT_ASSETS = Path(__file__).resolve().parents[2] / "tests" / "js"


class MapAssetsError(InputError):
    """The JavaScript/CSS an offline map inlines are not installed where we looked."""


@dataclass(frozen=True)
class CdnPackage:
    """A folder of a CDN URL and the npm package (exact version) that holds the same files.

    ``renames`` maps a CDN file name to the package's name for it (the CDN minifies on the fly).
    """

    prefix: str
    package: str
    version: str
    subdir: str = ""
    renames: tuple = ()

    def file_for(self, url: str) -> str | None:
        """The path inside the npm package of the file the CDN serves at ``url``.

        This is how an offline map swaps each CDN URL folium writes for a local file.

        Parameters
        ----------
        url : str
            A CDN URL; a query string or fragment is ignored.

        Returns
        -------
        str or None
            The path relative to the package folder (``renames`` applied); None if ``url`` is not
            under :attr:`prefix`.

        Examples
        --------
        >>> LEAFLET.file_for(LEAFLET.prefix + "leaflet.js?v=1")
        'dist/leaflet.js'
        >>> LEAFLET.file_for("https://example.org/leaflet.js") is None
        True
        """
        if not url.startswith(self.prefix):
            return None
        rest = url[len(self.prefix):].split("?")[0].split("#")[0]
        return self.subdir + dict(self.renames).get(rest, rest)


#: Leaflet itself: the version folium 0.20 pins.
LEAFLET = CdnPackage("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/", "leaflet", "1.9.3", "dist/")
#: The plugins the maps use (full-screen button, measuring tool), at the versions folium 0.20 pins.
PLUGINS = (
    CdnPackage(
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/",
        "leaflet.fullscreen",
        "3.0.0",
        "",
        (("Control.FullScreen.min.js", "Control.FullScreen.js"),),
    ),
    CdnPackage(
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/",
        "leaflet-measure",
        "2.1.7",
        "dist/",
        (("leaflet-measure.min.css", "leaflet-measure.css"),),
    ),
)
#: Every URL the maps reference, by prefix.
CDN_PACKAGES = (LEAFLET, *PLUGINS)

#: The command that installs Leaflet and the plugins from npm into a folder (for ``--assets DIR``).
NPM_INSTALL = "npm install --prefix DIR " + " ".join(f"{p.package}@{p.version}" for p in CDN_PACKAGES)


@dataclass(frozen=True)
class MapAssets:
    """Where an offline map's files are: Leaflet's dist folder and, if found, the plugins.

    Usually made by :func:`find_assets`; :func:`inline_assets` reads the files it names, so a
    saved map needs no network.

    Parameters
    ----------
    leaflet : pathlib.Path
        A folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``.
    plugins : pathlib.Path or None
        An npm ``node_modules`` holding every package of :data:`PLUGINS` at its version, or None.
    origin : str
        Where Leaflet was found, for messages.

    Examples
    --------
    >>> assets = MapAssets(Path("dist"), None, "--assets dist")
    >>> assets.plugins is None, assets.origin
    (True, '--assets dist')
    """

    leaflet: Path
    plugins: Path | None
    origin: str

    def file_for(self, url: str) -> Path | None:
        """The local file that serves ``url`` (None if these assets have none).

        Examples
        --------
        >>> MapAssets(Path("dist"), None, "here").file_for(LEAFLET.prefix + "leaflet.css").as_posix()
        'dist/leaflet.css'
        >>> MapAssets(Path("dist"), None, "here").file_for(PLUGINS[0].prefix + "Control.FullScreen.css") is None
        True
        """
        rel = LEAFLET.file_for(url)
        if rel is not None:
            return self.leaflet / rel[len(LEAFLET.subdir):]
        return None if self.plugins is None else local_asset(url, self.plugins)


def local_asset(url: str, node_modules: Path) -> Path | None:
    """The file in ``node_modules`` that serves ``url``.

    Parameters
    ----------
    url : str
        A CDN URL a map references.
    node_modules : path-like
        An npm ``node_modules`` folder.

    Returns
    -------
    pathlib.Path or None
        Where the package keeps the same file (whether or not it is installed), or None if no
        package of :data:`CDN_PACKAGES` covers the URL.

    Examples
    --------
    >>> local_asset("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js", Path("nm")).as_posix()
    'nm/leaflet/dist/leaflet.js'
    >>> local_asset("https://example.org/x.js", Path("nm")) is None
    True
    """
    for pkg in CDN_PACKAGES:
        rel = pkg.file_for(url)
        if rel is not None:
            return Path(node_modules) / pkg.package / rel
    return None


_LEAFLET_BANNER = re.compile(r"Leaflet (\d+\.\d+\.\d+)")


def leaflet_version(folder) -> str | None:
    """The version of the Leaflet build in ``folder`` (from ``leaflet.js``'s banner), or None.

    None when the folder lacks ``leaflet.js`` or ``leaflet.css``, or the banner names no version.

    Parameters
    ----------
    folder : path-like
        A Leaflet dist folder.

    Returns
    -------
    str or None

    Examples
    --------
    >>> leaflet_version("/nonexistent") is None
    True
    """
    folder = Path(folder)
    js = folder / "leaflet.js"
    if not (js.is_file() and (folder / "leaflet.css").is_file()):
        return None
    with open(js, encoding="utf-8", errors="replace") as f:
        m = _LEAFLET_BANNER.search(f.read(400))
    return m.group(1) if m else None


def _usable(folder: Path, where: str) -> Path | None:
    """``folder`` if it holds a Leaflet 1.9 build; an error for another release; None if none."""
    version = leaflet_version(folder)
    if version is None:
        return None
    if version.rsplit(".", 1)[0] != LEAFLET_SERIES:
        raise MapAssetsError(f"{where} has Leaflet {version}; the maps need Leaflet {LEAFLET_SERIES}.x "
                             f"(e.g. {OFFLINE_INSTALL}, or npm install --prefix DIR leaflet@{LEAFLET.version})")
    return folder


def _plugins_in(nm: Path) -> Path | None:
    """``nm`` if every plugin is installed there at its version; None if any is missing."""
    if not nm.is_dir():
        return None
    for pkg in PLUGINS:
        pj = nm / pkg.package / "package.json"
        if not pj.is_file():
            return None
        version = json.loads(pj.read_text(encoding="utf-8")).get("version")
        if version != pkg.version:
            raise MapAssetsError(f"{pkg.package} in {nm} is version {version}, the map needs {pkg.version} "
                                 f"(reinstall with: {NPM_INSTALL})")
    return nm


def _in_folder(base: Path) -> MapAssets | None:
    """Leaflet (and the plugins) in a folder given by the user: npm's prefix, its node_modules, or a dist folder."""
    for nm in (base / "node_modules", base):
        dist = _usable(nm / "leaflet" / "dist", f"{nm / 'leaflet'}")
        if dist is not None:
            return MapAssets(dist, _plugins_in(nm), f"npm packages in {nm}")
    dist = _usable(base, str(base))
    return None if dist is None else MapAssets(dist, _plugins_in(base / "node_modules"), f"Leaflet files in {base}")


def _in_extra() -> Path | None:
    """Leaflet's dist folder from the installed ``offline`` extra (XStatic-Leaflet), or None."""
    try:
        spec = importlib.util.find_spec(EXTRA_MODULE)  # finds, without importing, the package
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        dist = _usable(Path(location) / "data", f"the installed extra ({Path(location) / 'data'})")
        if dist is not None:
            return dist
    return None


def find_assets(assets_dir=None) -> MapAssets:
    """Where the files an offline map inlines are: Leaflet, and the plugins if installed.

    Parameters
    ----------
    assets_dir : path-like, optional
        A folder holding Leaflet 1.9's ``leaflet.js`` and ``leaflet.css``, or one given to
        ``npm install --prefix`` (or its ``node_modules``). Default: ``$EEZCHECK_ASSETS``, else
        the ``eezcheck[offline]`` extra, else a development checkout's ``tests/js``.

    Returns
    -------
    MapAssets

    Raises
    ------
    MapAssetsError
        Nothing usable where we looked (the message says how to install it), or Leaflet or a
        plugin at a version the maps do not work with.

    Examples
    --------
    >>> try:
    ...     find_assets("/nonexistent")
    ... except MapAssetsError as exc:
    ...     print(str(exc)[:43])
    an offline map inlines Leaflet's JavaScript
    """
    given = assets_dir if assets_dir is not None else (os.environ.get(ASSETS_ENV) or None)
    if given is not None:
        base = Path(given).expanduser()
        found = _in_folder(base)
        if found is not None:
            return found
        option = "--assets / assets_dir" if assets_dir is not None else f"${ASSETS_ENV}"
        raise MapAssetsError(
            f"an offline map inlines Leaflet's JavaScript and CSS, and {base} ({option}) holds no Leaflet "
            f"{LEAFLET_SERIES} (no leaflet.js + leaflet.css, no node_modules/leaflet). Install it with:  "
            f"{OFFLINE_INSTALL}  (then drop --assets DIR), or into that folder with:  {NPM_INSTALL}"
        )
    checkout = CHECKOUT_ASSETS / "node_modules"
    extra = _in_extra()
    if extra is not None:
        return MapAssets(extra, _plugins_in(checkout), f"the eezcheck[offline] extra ({extra})")
    found = _in_folder(CHECKOUT_ASSETS)
    if found is not None:
        return found
    raise MapAssetsError(
        "an offline map inlines Leaflet's JavaScript and CSS, and they are not installed. Install them "
        f"with:  {OFFLINE_INSTALL}  — or pass --assets DIR (assets_dir=DIR, or set {ASSETS_ENV}=DIR) naming "
        f"a folder with Leaflet {LEAFLET_SERIES}'s leaflet.js and leaflet.css, or one where you ran:  {NPM_INSTALL}"
    )


_SCRIPT_TAG = re.compile(r"<script\s+src=\"(https?://[^\"]+)\"\s*>\s*</script>")
_LINK_TAG = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"(https?://[^\"]+)\"\s*/?>")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _read_asset(url: str, assets: MapAssets) -> tuple[Path, str]:
    path = assets.file_for(url)
    if path is None:
        raise MapAssetsError(
            f"the map references {url}, which eezcheck cannot inline (no local copy of it in {assets.origin}); "
            "remove the element that needs it, or save the map without offline=True"
        )
    if not path.is_file():
        raise MapAssetsError(f"{path} (for {url}) is missing from {assets.origin}; reinstall it ({OFFLINE_INSTALL})")
    return path, path.read_text(encoding="utf-8")


def _inline_css(css: str, folder: Path) -> str:
    """Relative url(...) in a stylesheet → data: URIs, so the page needs no other file."""

    def repl(m):
        ref = m.group(2).strip()
        if ref.startswith(("data:", "#", "http:", "https:")):
            return m.group(0)
        f = (folder / ref.split("?")[0].split("#")[0]).resolve()
        if not f.is_file():
            return "none"  # a missing optional image (e.g. an IE fallback) must not load anything
        mime = mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        return f"url(data:{mime};base64,{base64.b64encode(f.read_bytes()).decode('ascii')})"

    return _CSS_URL.sub(repl, css)


def inline_assets(page: str, assets: MapAssets) -> str:
    """Replace a page's CDN ``<script src>`` and stylesheet ``<link>`` tags with the files' contents.

    Parameters
    ----------
    page : str
        The HTML page.
    assets : MapAssets
        Where the files are (:func:`find_assets`).

    Returns
    -------
    str
        The page, needing no other file: stylesheets' relative ``url(...)`` become data: URIs.

    Raises
    ------
    MapAssetsError
        The page references a URL the assets do not serve.

    Examples
    --------
    >>> inline_assets("<p>no assets</p>", MapAssets(Path("dist"), None, "here"))
    '<p>no assets</p>'
    """

    def script(m):
        path, text = _read_asset(m.group(1), assets)
        text = text.replace("</script", "<\\/script")
        return f"<script>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</script>"

    def link(m):
        path, text = _read_asset(m.group(1), assets)
        text = _inline_css(text, path.parent).replace("</style", "<\\/style")
        return f"<style>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</style>"

    page = _SCRIPT_TAG.sub(script, page)
    page = _LINK_TAG.sub(link, page)
    left = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"(https?://[^\"]+)\"", page)
    if left:
        raise MapAssetsError(f"the offline map still references {', '.join(sorted(set(left)))}; eezcheck cannot inline it")
    return page

