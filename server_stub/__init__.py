"""Beacon relay: durable event log, authentication, authorization and fan-out."""

__version__ = "0.1.0"
