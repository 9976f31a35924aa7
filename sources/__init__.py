"""Connectors to the official open-data sources of case law (docs/sources.md): one parser per
source turns what it publishes into a neutral `records.DecisionRecord`; `sync` writes each
record through the interchange importer in its own transaction."""
