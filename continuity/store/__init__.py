"""Storage: the only layer that speaks SQL (through sqlite-utils)."""

import sys

import sqlcipher3
import sqlcipher3.dbapi2

# The database is SQLCipher's (encrypted at rest). sqlite-utils catches the binding's own exception
# classes (OperationalError when a table is missing, IntegrityError...): it finds them under the
# name of the alternative binding it looks for, which is given to it here, before it is imported.
sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

# sqlite-utils imports pandas and numpy whenever they are installed (OR-Tools brings them), only to
# map their column types, which Continuity never passes it: 0.6 s at every start of the window and
# of every command. They are hidden while sqlite-utils loads; the solver imports them normally later.
_HIDDEN = [name for name in ("pandas", "numpy") if name not in sys.modules]
for _name in _HIDDEN:
    sys.modules[_name] = None  # type: ignore[assignment] - makes "import pandas" raise ImportError
try:
    import sqlite_utils  # noqa: E402
    import sqlite_utils.utils  # noqa: E402
finally:
    for _name in _HIDDEN:
        if sys.modules.get(_name) is None:
            del sys.modules[_name]

if sqlite_utils.utils.sqlite3 is not sqlcipher3:  # imported before this package: errors would slip past its handlers
    raise ImportError("sqlite_utils was imported before continuity.store: import continuity.store first")
