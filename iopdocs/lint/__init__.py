"""Checking the project as a whole: the template lint (which knows every document's context)
and `iopdocs check` over cases, meeting files and templates."""
