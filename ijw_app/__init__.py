"""The composition layer: the ``ijw`` command line (:mod:`ijw_app.cli`) and the HTTP application that puts
the services together. It stands on the domain library (:mod:`ijw`) and the services (:mod:`services`), and
reaches the tooling (:mod:`ijw_tools`) only from the commands that run it (traffic, bench, evaluate, demo).
"""
