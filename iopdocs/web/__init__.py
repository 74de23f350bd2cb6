"""`iopdocs serve`: the project in a browser. Routes, forms and templates only; every
job is done by the same functions the command line calls."""
