"""One parser per source; each turns one published file or response into a
`sources.records.DecisionRecord` (docs/sources.md)."""
