"""`python -m papertui` runs the CLI."""

from papertui.cli import main

raise SystemExit(main())
