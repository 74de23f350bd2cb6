"""A board meeting: its items, the agenda, the papers, the merged packet and its web copies."""
