"""Storage: the only layer that speaks SQL (through sqlite-utils)."""

import sys

# sqlite-utils imports pandas and numpy whenever they are installed (OR-Tools brings them), only to
# map their column types, which Continuity never passes it: 0.6 s at every start of the window and
# of every command. They are hidden while sqlite-utils loads; the solver imports them normally later.
_HIDDEN = [name for name in ("pandas", "numpy") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment] - makes "import pandas" raise ImportError
try:
    import sqlite_utils  # noqa: F401, E402
finally:
    for _name in _HIDDEN:
        if sys.modules.get(_name) is None:
            del sys.modules[_name]
