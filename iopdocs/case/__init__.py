"""YAML → validated Case: reading files, Swedish messages, cross-file rules, the gate,
attainment and status."""
