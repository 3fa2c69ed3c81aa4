"""Allow ``python -m fieldrep``."""

from fieldrep.cli import main

raise SystemExit(main())
