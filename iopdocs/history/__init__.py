"""A case through git: versions, the semantic diff, and the tracked-change comparison."""
