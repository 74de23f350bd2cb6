""".docx → archival PDF: LibreOffice, metadata, structure, and page stamps.

Depends only on the foundation (errors, fsutil, cores): documents/ and meeting/ use it.
"""
