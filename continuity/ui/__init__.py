"""The Qt desktop window (PySide6). The only layer allowed to import Qt."""
