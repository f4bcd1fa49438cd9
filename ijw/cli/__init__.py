"""The ``ijw`` command line."""
