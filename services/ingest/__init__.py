"""The ingest service: receives messages over HTTP and from Kafka, validates them (XSD and in-message rules),
stores every one (valid or rejected, with its findings) exactly once, judges TR056, and answers with retours.

Its parts: the batch processor (:mod:`services.ingest.processing`), the Kafka worker
(:mod:`services.ingest.worker`) and producer, and the HTTP routers (:mod:`services.ingest.api`), which the
composition layer (:mod:`ijw_app.http`) puts into the one HTTP app. No other service needs anything of it.
"""
