"""A table function run over dask (geo)pandas partitions: work beyond one machine's memory.

:func:`map_table` applies a function that takes a (Geo)DataFrame and returns one (e.g.
:func:`geo.classify.check_points`) to each partition of a dask DataFrame, lazily: a cluster
runs partitions in parallel and nothing is computed until asked. dask needs the output's
columns and dtypes before running anything (its ``meta``); they come from running the function
on a one-row stand-in for the input, which the caller builds (``stand_in``) because only it
knows what a valid row looks like. Nothing here knows what the function computes.

Needs the optional extra ``dask`` (``pip install eezcheck[dask]``: dask-geopandas, distributed).
"""

from __future__ import annotations

from geo.errors import EEZCheckError

__all__ = ["is_dask", "map_table"]


def is_dask(data) -> bool:
    """A dask (Geo)DataFrame, recognised without importing dask.

    Examples
    --------
    >>> import pandas as pd
    >>> is_dask(pd.DataFrame())
    False
    """
    return type(data).__module__.split(".")[0] in ("dask", "dask_geopandas", "dask_expr")


def map_table(ddf, fn, *, stand_in):
    """``fn`` on every partition of ``ddf``; returns a lazy dask (Geo)DataFrame.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame or dask_geopandas.GeoDataFrame
    fn : callable
        ``fn(partition) -> DataFrame``; must give every partition the same columns and dtypes.
        Picklable (a module-level function or a ``functools.partial`` of one) for a cluster.
    stand_in : callable
        ``stand_in(sample) -> DataFrame``: a one-row input ``fn`` accepts, made from ``sample``
        (a one-row frame with ``ddf``'s columns and dtypes and made-up values). ``fn`` of it,
        emptied, is the output's ``meta`` and the answer for an empty partition.

    Returns
    -------
    A lazy dask (Geo)DataFrame, partitioned like ``ddf``, rows in order.

    Examples
    --------
    >>> out = map_table(ddf, partial(check_points, zones=path), stand_in=sample_row)  # doctest: +SKIP
    >>> out.compute()  # doctest: +SKIP
    """
    try:
        import dask_geopandas  # noqa: F401 - registers the dask GeoDataFrame type
    except ImportError as exc:  # pragma: no cover - only without the extra
        raise EEZCheckError("dask input needs the optional extra: pip install 'eezcheck[dask]' (dask-geopandas, distributed)") from exc
    meta = _empty_output(ddf._meta, fn, stand_in)
    return ddf.map_partitions(_partition, fn, stand_in, meta=meta)


def _partition(part, fn, stand_in):
    if len(part) == 0:
        return _empty_output(part, fn, stand_in)
    return fn(part)


def _empty_output(part, fn, stand_in):
    """The output's columns and dtypes for ``part``: ``fn`` of a one-row stand-in, emptied."""
    from dask.dataframe.utils import meta_nonempty

    sample = meta_nonempty(part).iloc[:1].copy()  # same dtypes as the partitions, made-up values
    return fn(stand_in(sample)).iloc[:0]
