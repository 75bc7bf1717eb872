"""Item delegates: how rows are painted and measured."""
