"""Points as the user gives them: read from files, found in their columns, checked and normalised.

Everything a user hands to :func:`geo.check_points` passes through here once: the file reader
(CSV cells kept as text, so a bad value is reported as written), the columns that hold the
coordinates (found by name, never guessed between two), the coordinates themselves (numbers in
range, 0–360 longitudes wrapped) and the target state's code. Errors name the row, field and
value, with long values cut to :data:`ECHO_CHARS` characters.

Three modules: :mod:`~geo.inputs.values` (coordinates, target, messages),
:mod:`~geo.inputs.columns` (which columns hold the points) and :mod:`~geo.inputs.files`
(reading files). pandas, geopandas, shapely and pyogrio are imported inside the functions that
read tables, so ``eezcheck point`` (coordinates only) does not load them.
"""

from __future__ import annotations

from geo.inputs.columns import (
    LAT_NAMES,
    LON_NAMES,
    PointInput,
    check_column_clash,
    find_column,
    point_input,
    stand_in_points,
)
from geo.inputs.files import read_point_chunks, read_points
from geo.inputs.values import (
    ECHO_CHARS,
    MAX_LISTED_PROBLEMS,
    check_target,
    column_list,
    coordinates,
    describe_problems,
    problem_text,
    quoted,
)

__all__ = [
    "coordinates",
    "describe_problems",
    "problem_text",
    "quoted",
    "column_list",
    "MAX_LISTED_PROBLEMS",
    "ECHO_CHARS",
    "LAT_NAMES",
    "LON_NAMES",
    "find_column",
    "check_target",
    "PointInput",
    "point_input",
    "check_column_clash",
    "stand_in_points",
    "read_points",
    "read_point_chunks",
]
