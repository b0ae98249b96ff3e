"""``python -m geo`` is the ``eezcheck`` command."""

from geo.cli import main

raise SystemExit(main())
