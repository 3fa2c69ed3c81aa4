"""Allow ``python -m fieldrep``."""

from fieldrep.cli.main import main

raise SystemExit(main())
