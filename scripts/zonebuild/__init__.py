"""Bundled maritime zones from open coastline data, for one target state (``scripts/build_zones.py``).

Modules, in pipeline order: ``common`` (paths, constants), ``geodesy`` (WGS84 circles, conformal
sphere), ``geometry`` (polygon clean-up), ``target`` (the target's facts from
``scripts/data/targets/<ISO3>.json``, country facts from ``scripts/data/countries.csv``),
``source`` (the pinned coastline), ``internal`` (internal waters behind closing lines),
``straight`` (straight baselines and the internal waters behind them), ``baselines`` (samples and
owners), ``voronoi`` (median lines, distance cuts), ``straits`` (specified sea areas: 3 NM
territorial sea), ``limits`` (pieces, tiling), ``naming`` (land rows), ``output`` (files),
``build`` (the whole run).

Method (the target's law; for Japan: baselines -> 12 NM territorial sea, 24 NM contiguous zone,
200 NM EEZ cut at the median line):

1. The coastline is the boundary of the union of all land in the window (land borders shared by
   two countries dissolve in the union). It is sampled every <= 1 km; each sample belongs to the
   country whose land it lies on. Tiny features missing from the source come from the target's
   baseline-points table. The disputed features are the target's in its view; their baseline
   points are tracked separately.
2. Median lines: spherical Voronoi diagram of the samples on the *conformal sphere* (geodetic
   latitude replaced by conformal latitude). Cells of samples of one country merge into that
   country's area; where two countries' cells meet is the median line.
3. Limits: each Voronoi cell is cut by the geodesic circle (``pyproj.Geod.fwd`` on WGS84) of
   radius 12, 24 and 200 NM around its own sample. 1 NM = 1852 m. Where the law narrows the
   territorial sea (Japan's specified sea areas), the water beyond it falls to the next band.

Error budget (each term bounded in its module, the whole tested in
``tests/test_bundled_zones.py`` with ``pyproj.Geod``): baseline sampling < 0.01 km at >= 12 NM
(baselines); circles drawn as equal-area polygons, <= 0.035 km off the circle either way and
unbiased (geodesy); Voronoi edges drawn straight < 0.02 km and
crossing unification < 0.3 km (voronoi); conformal-sphere bisector vs. ellipsoidal bisector
< 0.1 km (geodesy); source coastline generalised at 100 m and simplified at 0.001 deg
(<= 0.11 km, source).
"""
