"""Beside the pipeline, the watcher: ``config`` (sources.toml), ``fetch`` (HTTP and files),
``select`` (due, tags, shards), ``run`` (one scheduled check), ``alerts`` and ``sinks``.
"""
