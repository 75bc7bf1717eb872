"""Networking on asyncio: connection loop with backoff, sync engine, outbox flushing."""
