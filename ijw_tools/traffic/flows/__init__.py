"""The message flows of a shard (:class:`~ijw_tools.traffic.shard.Shard`), one module per flow."""
