"""gofixleaks: find Go code that leaks memory, goroutines or OS resources, and fix it safely."""

__version__ = "0.1.0"

import os as _os
import sys as _sys

if _sys.argv and _os.path.basename(_sys.argv[0]) == "gofixleaks":  # the console script
    from . import exits as _exits

    _exits.hold_from_start_up()  # Ctrl-C during the imports: exit 130, no traceback
