"""`python -m tui_nn` runs the same entry point as the `tui-nn` command."""

import sys

from tui_nn.cli import main

sys.exit(main())
