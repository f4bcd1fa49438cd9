"""``ijw serve``: run the ingest HTTP API (intake, results, retour messages, health, metrics) with uvicorn.

Listens on 127.0.0.1 unless told otherwise. Without ``--bootstrap`` (and without ``IJW_BOOTSTRAP_SERVERS``)
messages are processed in the request (embedded mode); with it they are published to ``ijw.berichten``
for the ingest workers. Issue API keys with ``ijw credentials issue``. The database must exist (``ijw db
upgrade`` creates it): on a missing, unreachable or unknown database it does not start (exit 2, one line).
"""

from __future__ import annotations

import typer

from ijw_app.cli.database import DB_OPTION


def serve(
    db: str | None = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="port to listen on"),
    bootstrap: str | None = typer.Option(
        None,
        "--bootstrap",
        help="Kafka bootstrap servers: publish to ijw.berichten instead of processing in the request",
        show_default=False,
    ),
    log_level: str = typer.Option("info", "--log-level", help="uvicorn log level"),
) -> None:
    """Serve the ingest API (OpenAPI at /docs) until Ctrl-C."""
    import uvicorn

    from ijw_app.cli.database import open_database
    from ijw_app.http import create_app
    from services.ingest.api import ApiSettings

    settings = ApiSettings.of(db_url=db, bootstrap_servers=bootstrap or None)
    # refuse to start on a missing or unreachable database; upgrade an older schema unless IJW_MIGRATE=false
    open_database(db, upgrade=settings.migrate).dispose()
    settings = settings.model_copy(update={"migrate": False})
    app = create_app(settings)
    typer.echo(f"ijw ingest API on http://{host}:{port} (docs: /docs, mode: {settings.mode})", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
