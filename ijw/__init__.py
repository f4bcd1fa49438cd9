"""Shared domain library of the iJw-berichtenverkeer verwerker.

Everything the ingest, quality and export services share lives here: the compact model of the iJw 3.2
messages and the XSDs and typed records generated from it, safe parsing, code lists, product codes,
the rules of the standard and the retour builder.
"""

__version__ = "0.1.0"
