"""One WFS GetFeature page over HTTP, bounded in time, size and attempts.

A slow, broken or hostile server cannot hold eezcheck, or its memory, for long:

* ``timeout`` (connect, read): the longest silence on the socket.
* ``deadline``: seconds for the whole page — connecting, every attempt, every wait between
  attempts and every byte. A watchdog shuts the socket down when it passes, wherever the request
  is blocked, so a server dripping one byte every 0.5 s (which never trips the read timeout) is
  stopped at the deadline; the page then takes at most ``deadline`` plus a fraction of a second.
* ``max_bytes``: the body *after* decompression, read in 64 KiB pieces and abandoned past the
  limit (a 1 MB gzip that expands to 1 GB is stopped at the limit, never inflated in memory).
* ``retries``: attempts after the first, for connection failures, read timeouts, cut bodies and
  HTTP 429/5xx, with exponential backoff; ``Retry-After`` is obeyed up to
  :data:`RETRY_AFTER_MAX` seconds (a huge value or a far HTTP date is capped, not obeyed).

Every failure is one :class:`geo.errors.DownloadError` that says what happened.
"""

from __future__ import annotations

import email.utils
import functools
import json
import math
import operator
import re
import socket
import threading
import time
from dataclasses import dataclass

from geo.errors import DownloadError, InputError

__all__ = [
    "RETRY_STATUS",
    "RETRY_AFTER_MAX",
    "CONNECT_TIMEOUT_MAX",
    "Limits",
    "check_limits",
    "is_whole",
    "retry_after_seconds",
    "session",
    "get_page",
    "parse_collection",
    "server_words",
    "as_int",
]

#: HTTP statuses worth another attempt (the server is busy or briefly broken).
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
#: The longest ``Retry-After`` obeyed, in seconds.
RETRY_AFTER_MAX = 30.0
#: A single ``timeout`` number waits at most this long for the connection itself.
CONNECT_TIMEOUT_MAX = 10.0
#: Default deadline of a page, as a multiple of the read timeout.
DEADLINE_FACTOR = 4.0
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Limits:
    """How long and how much one page may take (see the module docstring)."""

    timeout: tuple[float, float]  # (connect, read) seconds of silence
    deadline: float  # seconds for the whole page, every attempt included
    max_bytes: int  # body bytes after decompression
    retries: int  # attempts after the first
    backoff: float  # seconds before the first retry; doubled for each further one


def _positive(value, option: str, unit: str = "seconds") -> float:
    """``value`` as a finite number > 0, or InputError naming ``option``."""
    try:
        v = math.nan if isinstance(value, bool) else float(value)  # True is not a number of seconds
    except (TypeError, ValueError):
        v = math.nan
    if not (math.isfinite(v) and v > 0):
        raise InputError(f"{option} = {value!r} must be a finite number of {unit} greater than 0")
    return v


def check_limits(*, timeout, deadline=None, max_mb, retries, backoff) -> Limits:
    """Validate the download limits; raise :class:`~geo.errors.InputError` for a bad one.

    Parameters
    ----------
    timeout : float or (float, float)
        Seconds of silence allowed: one number (the connection itself waits at most
        :data:`CONNECT_TIMEOUT_MAX` of it) or a (connect, read) pair.
    deadline : float, optional
        Seconds for a whole page, every attempt included (default ``DEADLINE_FACTOR`` × read).
    max_mb : float
        Largest page body in MiB, after decompression.
    retries : int
        Attempts after the first (0 or more).
    backoff : float
        Seconds before the first retry (0 or more), doubled for each further one.

    Returns
    -------
    Limits

    Examples
    --------
    >>> check_limits(timeout=5, max_mb=1, retries=0, backoff=0).deadline
    20.0
    """
    if isinstance(timeout, (tuple, list)) and len(timeout) == 2:
        pair = (_positive(timeout[0], "--timeout (connect)"), _positive(timeout[1], "--timeout (read)"))
    else:
        read = _positive(timeout, "--timeout")
        pair = (min(CONNECT_TIMEOUT_MAX, read), read)
    dl = DEADLINE_FACTOR * pair[1] if deadline is None else _positive(deadline, "--deadline")
    mb = _positive(max_mb, "--max-page-mb", "MiB")
    if not is_whole(retries) or retries < 0:
        raise InputError(f"--retries = {retries!r} must be a whole number, 0 or more")
    if isinstance(backoff, bool) or not isinstance(backoff, (int, float)) or not (math.isfinite(backoff) and backoff >= 0):
        raise InputError(f"backoff = {backoff!r} must be a finite number of seconds, 0 or more")
    return Limits(timeout=pair, deadline=dl, max_bytes=max(1, int(mb * 2**20)), retries=int(retries), backoff=float(backoff))


def is_whole(value) -> bool:
    """Whether ``value`` is an integer (Python or NumPy), not a bool, float or text.

    Parameters
    ----------
    value : object

    Returns
    -------
    bool

    Examples
    --------
    >>> is_whole(3), is_whole(3.0), is_whole(True)
    (True, False, False)
    """
    if isinstance(value, bool):
        return False
    try:
        operator.index(value)
    except TypeError:
        return False
    return True


def retry_after_seconds(value, *, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait, capped at :data:`RETRY_AFTER_MAX`.

    Parameters
    ----------
    value : str or None
        The header: delay-seconds or an HTTP date.
    now : float, optional
        The current POSIX time (for HTTP dates; default ``time.time()``).

    Returns
    -------
    float or None
        None when the header is absent or unreadable (then the backoff applies).

    Examples
    --------
    >>> retry_after_seconds("86400")
    30.0
    >>> retry_after_seconds("2")
    2.0
    """
    if value is None:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        secs = float(text)
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None or when.tzinfo is None:
            return None
        secs = when.timestamp() - (time.time() if now is None else now)
    if not math.isfinite(secs):
        return RETRY_AFTER_MAX
    return min(max(secs, 0.0), RETRY_AFTER_MAX)


# --------------------------------------------------------------------------- the watchdog

_CURRENT = threading.local()  # the Watch of the page this thread is fetching, if any


class _Watch:
    """Shuts down the sockets of one page's requests when its deadline passes.

    It holds the sockets themselves, not their connections: http.client drops a connection's
    socket once the headers say ``Connection: close``, while the body is still being read from it.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._socks: list = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def add(self, sock) -> None:
        with self._lock:
            self._socks.append(sock)
            if self.expired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._socks:
                _shutdown(sock)

    def __enter__(self) -> "_Watch":
        self._previous = getattr(_CURRENT, "watch", None)
        _CURRENT.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._timer.cancel()
        with self._lock:
            self._socks.clear()
        _CURRENT.watch = self._previous


def _shutdown(sock) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)  # wakes a blocked recv in the fetching thread
    except OSError:
        pass


def _watch_connection(conn) -> None:
    watch = getattr(_CURRENT, "watch", None)
    sock = getattr(conn, "sock", None)
    if watch is not None and sock is not None:
        watch.add(sock)


@functools.lru_cache(maxsize=1)
def _adapter_class():
    """A requests HTTPAdapter whose connections report to the current page's watchdog."""
    from requests.adapters import HTTPAdapter  # lazy: requests is heavy for `eezcheck point`
    from urllib3 import connection, connectionpool

    class Watched:
        def connect(self):
            super().connect()
            _watch_connection(self)

        def request(self, *args, **kwargs):
            _watch_connection(self)  # a reused keep-alive connection does not connect again
            return super().request(*args, **kwargs)

    # (Named like urllib3's own: their names appear in connection error messages.)
    class HTTPConnection(Watched, connection.HTTPConnection):
        pass

    class HTTPSConnection(Watched, connection.HTTPSConnection):
        pass

    class HTTPConnectionPool(connectionpool.HTTPConnectionPool):
        ConnectionCls = HTTPConnection

    class HTTPSConnectionPool(connectionpool.HTTPSConnectionPool):
        ConnectionCls = HTTPSConnection

    pools = {"http": HTTPConnectionPool, "https": HTTPSConnectionPool}

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args, **kwargs):
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy, **kwargs):
            manager = super().proxy_manager_for(proxy, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    return Adapter


def session():
    """A requests Session for :func:`get_page` (retries are :func:`get_page`'s own).

    Returns
    -------
    requests.Session

    Examples
    --------
    >>> with session() as s:
    ...     s.headers["Accept"]
    'application/json'
    """
    import requests  # lazy: heavy

    from geo import __version__

    s = requests.Session()
    adapter = _adapter_class()(max_retries=0)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers["User-Agent"] = f"eezcheck/{__version__} (+maritime zone checker)"
    s.headers["Accept"] = "application/json"
    return s


# --------------------------------------------------------------------------- one page


class _Again(Exception):
    """An attempt failed in a way another attempt may cure."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


def get_page(sess, url: str, params: dict, limits: Limits, *, what: str, progress=None) -> tuple[dict, int]:
    """One GetFeature answer as a parsed GeoJSON FeatureCollection, within ``limits``.

    Parameters
    ----------
    sess : requests.Session
        From :func:`session` (another session works, but its blocked reads only stop at the
        read timeout).
    url : str
        The WFS endpoint.
    params : dict
        The GetFeature query.
    limits : Limits
        Time, size and attempts allowed for this page.
    what : str
        Names the layer and page in every error message.
    progress : tqdm, optional
        Updated with the bytes received.

    Returns
    -------
    (dict, int)
        The FeatureCollection (its ``features`` a list) and the body's size in bytes.

    Examples
    --------
    >>> get_page(session(), "http://127.0.0.1:9/wfs", {}, check_limits(timeout=1, max_mb=1, retries=0, backoff=0),
    ...          what="test")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    geo.errors.DownloadError: test: cannot reach http://127.0.0.1:9/wfs (...). Are you offline? Nothing was saved.
    """
    with _Watch(limits.deadline) as watch:
        attempt = 0
        while True:
            try:
                body = _attempt(sess, url, params, limits, watch, what, progress)
                break
            except _Again as exc:
                if attempt >= limits.retries:
                    raise DownloadError(str(exc)) from None
                wait = exc.wait if exc.wait is not None else limits.backoff * 2**attempt
                if wait >= watch.remaining():
                    raise DownloadError(
                        f"{exc} The next attempt would have to wait {wait:g} s, past the deadline of "
                        f"{limits.deadline:g} s for a page; nothing was saved. Try again later."
                    ) from None
                attempt += 1
                time.sleep(wait)
    return parse_collection(body, what), len(body)


def _attempt(sess, url, params, limits: Limits, watch: _Watch, what: str, progress) -> bytearray:
    """One HTTP request for the page; raises _Again (worth retrying) or DownloadError."""
    import requests  # lazy: heavy

    left = watch.remaining()
    if left <= 0:
        raise DownloadError(_deadline_message(what, limits))
    timeout = (min(limits.timeout[0], left), min(limits.timeout[1], left))
    try:
        with sess.get(url, params=params, timeout=timeout, stream=True) as r:
            if r.status_code != 200:
                _refuse_status(r, url, params, what)
            length = as_int(r.headers.get("Content-Length"))
            if length is not None and length > limits.max_bytes:
                raise DownloadError(_too_big_message(what, limits, f"announces {length:,} bytes"))
            body = bytearray()
            for chunk in r.iter_content(chunk_size=_CHUNK):
                body += chunk
                if progress is not None:
                    progress.update(len(chunk))
                if len(body) > limits.max_bytes:
                    raise DownloadError(_too_big_message(what, limits, "went on past it"))
                if watch.expired:
                    break
    except (DownloadError, _Again):
        raise
    except requests.exceptions.RequestException as exc:
        if watch.expired:
            raise DownloadError(_deadline_message(what, limits)) from exc
        raise _classify(exc, url, limits, what) from exc
    if watch.expired:  # a socket shut down by the watchdog can look like the end of the body
        raise DownloadError(_deadline_message(what, limits))
    return body


def _refuse_status(r, url: str, params: dict, what: str):
    head = b""
    for head in r.iter_content(chunk_size=2000):
        break  # the first 2,000 bytes say enough (and a huge error page is not read)
    text = server_words(head[:2000])
    message = (
        f"{what}: the server at {url} answered HTTP {r.status_code} {r.reason or ''}".rstrip()
        + f" (page from feature {params.get('startIndex', 0)})"
        + (f": {text}" if text else "")
        + ". Nothing was saved; try again later."
    )
    if r.status_code in RETRY_STATUS:
        raise _Again(message, retry_after_seconds(r.headers.get("Retry-After")))
    raise DownloadError(message)


def _classify(exc, url: str, limits: Limits, what: str) -> Exception:
    """The error to raise for a requests exception: _Again when another attempt may help."""
    import requests  # lazy: heavy

    e = requests.exceptions
    if isinstance(exc, e.ContentDecodingError):
        return DownloadError(f"{what}: the server's compressed answer is damaged ({_short(exc)}); nothing was saved.")
    if isinstance(exc, e.ChunkedEncodingError):
        return _Again(f"{what}: the connection was cut before the whole response arrived ({_cut_detail(exc)}); nothing was saved. Try again.")
    if isinstance(exc, e.Timeout) or (isinstance(exc, e.ConnectionError) and _is_read_timeout(exc)):
        return _Again(
            f"{what}: timed out after {limits.timeout[1]:g} s waiting for {url}; nothing was saved. "
            "Try again, or allow longer with --timeout."
        )
    if isinstance(exc, e.ConnectionError):
        return _Again(f"{what}: cannot reach {url} ({_reason(exc)}). Are you offline? Nothing was saved.")
    return DownloadError(f"{what}: request to {url} failed ({_short(exc)}); nothing was saved.")


def parse_collection(body: bytes, what: str) -> dict:
    """A page's bytes as a GeoJSON FeatureCollection dict whose ``features`` is a list.

    Parameters
    ----------
    body : bytes
        The server's answer.
    what : str
        Names the layer and page in the error message.

    Returns
    -------
    dict

    Examples
    --------
    >>> parse_collection(b'{"type": "FeatureCollection", "features": []}', "test")["features"]
    []
    """
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        head = bytes(body[:200]).decode("utf-8", "replace").strip()
        if head.startswith("<"):
            detail = f"the server sent XML instead: {server_words(bytes(body[:4000]))}"
        else:
            detail = f"{exc}; {len(body):,} bytes received"
        raise DownloadError(f"{what}: the server's answer is not valid JSON ({detail}). Nothing was saved.") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise DownloadError(f"{what}: the server's answer is JSON but not a GeoJSON FeatureCollection; nothing was saved.")
    return doc


# --------------------------------------------------------------------------- messages


def _deadline_message(what: str, limits: Limits) -> str:
    return (
        f"{what}: the page took longer than the deadline of {limits.deadline:g} s (the server is answering too "
        "slowly); nothing was saved. Try again later, or allow longer with --deadline."
    )


def _too_big_message(what: str, limits: Limits, how: str) -> str:
    return (
        f"{what}: the answer is larger than the limit of {limits.max_bytes / 2**20:g} MiB a page (after "
        f"decompression) and {how}; nothing was saved. Use a smaller --page-size, or raise --max-page-mb."
    )


def server_words(raw: bytes) -> str:
    """The useful part of an error body: an OWS ExceptionText, else the first words of text.

    Parameters
    ----------
    raw : bytes
        The start of the body.

    Returns
    -------
    str

    Examples
    --------
    >>> server_words(b"<ows:ExceptionText>Feature type x unknown</ows:ExceptionText>")
    'WFS exception: Feature type x unknown'
    """
    text = raw.decode("utf-8", "replace")
    m = re.search(r"<(?:\w+:)?ExceptionText>(.*?)</(?:\w+:)?ExceptionText>", text, re.S)
    if m:
        return "WFS exception: " + " ".join(m.group(1).split())[:300]
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.split())[:200]


def _reason(exc) -> str:
    """The innermost cause of a requests ConnectionError, without the long URL."""
    inner = exc.args[0] if exc.args else exc
    inner = getattr(inner, "reason", inner)
    return _short(inner)


def _cut_detail(exc) -> str:
    m = re.search(r"IncompleteRead\((\d+) bytes read, (\d+) more expected\)", str(exc))
    if m:
        return f"{int(m.group(1)):,} bytes received, {int(m.group(2)):,} more announced"
    return _short(exc)


def _is_read_timeout(exc) -> bool:
    """requests reports a read timeout met mid-body as a ConnectionError."""
    from urllib3.exceptions import ReadTimeoutError  # lazy: heavy

    inner = exc.args[0] if exc.args else None
    return isinstance(inner, ReadTimeoutError) or isinstance(getattr(inner, "reason", None), ReadTimeoutError)


def _short(exc) -> str:
    msg = str(exc)
    return msg if len(msg) <= 200 else msg[:200] + "…"


def as_int(value) -> int | None:
    """``value`` as an int, or None (GeoServer may say ``numberMatched: "unknown"``).

    Parameters
    ----------
    value : object

    Returns
    -------
    int or None

    Examples
    --------
    >>> as_int("12"), as_int("unknown")
    (12, None)
    """
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return None
