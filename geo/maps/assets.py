"""The JavaScript and CSS a map loads: CDN URLs, the npm packages that hold the same files,
and inlining them into an offline page.

Nothing of Leaflet's is kept in this repository: an offline map inlines the files at save time
from npm packages installed in a folder (``assets_dir``, ``$EEZCHECK_ASSETS``, or a development
checkout's ``tests/js``). :data:`NPM_INSTALL` is the command that gets them.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import re
from dataclasses import dataclass
from pathlib import Path

from geo.errors import InputError

__all__ = ["MapAssetsError", "CdnPackage", "CDN_PACKAGES", "NPM_INSTALL", "ASSETS_ENV", "local_asset", "find_assets",
           "inline_assets"]

#: Environment variable naming the folder of the npm packages an offline map inlines.
ASSETS_ENV = "EEZCHECK_ASSETS"
_REPO_ASSETS = Path(__file__).resolve().parents[2] / "tests" / "js"


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
        if not url.startswith(self.prefix):
            return None
        rest = url[len(self.prefix):].split("?")[0].split("#")[0]
        return self.subdir + dict(self.renames).get(rest, rest)


#: Every URL the maps reference, by prefix. The versions are the ones folium 0.20 pins
#: (MousePosition's URL has none; npm 1.2.0 packages the same plugin file).
CDN_PACKAGES = (
    CdnPackage("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/", "leaflet", "1.9.3", "dist/"),
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
    CdnPackage(
        "https://cdn.jsdelivr.net/gh/ardhi/Leaflet.MousePosition/src/",
        "leaflet-mouse-position",
        "1.2.0",
        "src/",
        (
            ("L.Control.MousePosition.min.js", "L.Control.MousePosition.js"),
            ("L.Control.MousePosition.min.css", "L.Control.MousePosition.css"),
        ),
    ),
)

#: The command that installs the assets an offline map inlines.
NPM_INSTALL = "npm install --prefix DIR " + " ".join(f"{p.package}@{p.version}" for p in CDN_PACKAGES)


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


def find_assets(assets_dir=None) -> Path:
    """The ``node_modules`` folder holding :data:`CDN_PACKAGES` at their pinned versions.

    Parameters
    ----------
    assets_dir : path-like, optional
        A folder given to ``npm install --prefix``, or its ``node_modules``. Default:
        ``$EEZCHECK_ASSETS``, else a development checkout's ``tests/js``.

    Returns
    -------
    pathlib.Path
        The ``node_modules`` folder.

    Raises
    ------
    MapAssetsError
        A package is missing or at another version; the message says how to install them.

    Examples
    --------
    >>> try:
    ...     find_assets("/nonexistent")
    ... except MapAssetsError as exc:
    ...     print(str(exc)[:46])
    an offline map inlines Leaflet and its plugins
    """
    if assets_dir is not None:
        bases = [Path(assets_dir).expanduser()]
    elif os.environ.get(ASSETS_ENV):
        bases = [Path(os.environ[ASSETS_ENV]).expanduser()]
    else:
        bases = [_REPO_ASSETS]
    problems = []
    for base in bases:
        for nm in (base / "node_modules", base):
            if not (nm / "leaflet" / "package.json").exists():
                continue
            problems = []
            for pkg in CDN_PACKAGES:
                pj = nm / pkg.package / "package.json"
                if not pj.exists():
                    problems.append(f"{pkg.package}@{pkg.version} is not installed in {nm}")
                    continue
                version = json.loads(pj.read_text(encoding="utf-8")).get("version")
                if version != pkg.version:
                    problems.append(f"{pkg.package} in {nm} is version {version}, the map needs {pkg.version}")
            if not problems:
                return nm
            break
    where = ", ".join(str(b) for b in bases)
    detail = ("; ".join(problems) + ". ") if problems else f"no node_modules/leaflet found in {where}. "
    raise MapAssetsError(
        "an offline map inlines Leaflet and its plugins from local npm packages, and "
        + detail
        + f"Install them with:  {NPM_INSTALL}  then pass --assets DIR (or assets_dir=DIR, "
        f"or set {ASSETS_ENV}=DIR)"
    )


_SCRIPT_TAG = re.compile(r"<script\s+src=\"(https?://[^\"]+)\"\s*>\s*</script>")
_LINK_TAG = re.compile(r"<link\s+rel=\"stylesheet\"\s+href=\"(https?://[^\"]+)\"\s*/?>")
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _read_asset(url: str, node_modules: Path) -> tuple[Path, str]:
    path = local_asset(url, node_modules)
    if path is None:
        raise MapAssetsError(
            f"the map references {url}, which eezcheck cannot inline (no local package for it); "
            "remove the element that needs it, or save the map without offline=True"
        )
    if not path.exists():
        raise MapAssetsError(f"{path} (for {url}) is missing; reinstall with: {NPM_INSTALL}")
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


def inline_assets(page: str, node_modules: Path) -> str:
    """Replace a page's CDN ``<script src>`` and stylesheet ``<link>`` tags with the files' contents.

    Parameters
    ----------
    page : str
        The HTML page.
    node_modules : pathlib.Path
        Where the packages are (:func:`find_assets`).

    Returns
    -------
    str
        The page, needing no other file: stylesheets' relative ``url(...)`` become data: URIs.

    Raises
    ------
    MapAssetsError
        The page references a URL no installed package serves.

    Examples
    --------
    >>> inline_assets("<p>no assets</p>", Path("nm"))
    '<p>no assets</p>'
    """

    def script(m):
        path, text = _read_asset(m.group(1), node_modules)
        text = text.replace("</script", "<\\/script")
        return f"<script>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</script>"

    def link(m):
        path, text = _read_asset(m.group(1), node_modules)
        text = _inline_css(text, path.parent).replace("</style", "<\\/style")
        return f"<style>/* {path.parent.name}/{path.name}, inlined */\n{text}\n</style>"

    page = _SCRIPT_TAG.sub(script, page)
    page = _LINK_TAG.sub(link, page)
    left = re.findall(r"<(?:script|link)\b[^>]*(?:src|href)=\"(https?://[^\"]+)\"", page)
    if left:
        raise MapAssetsError(f"the offline map still references {', '.join(sorted(set(left)))}; eezcheck cannot inline it")
    return page

