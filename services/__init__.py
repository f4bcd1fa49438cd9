"""The services of the product (ingest, quality, export, dashboard) and the web parts they share.

The layers and the public surface of each service: ``docs/architecture.md``.
"""
