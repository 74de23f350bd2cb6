"""Case → .docx: the statement, the assessment and follow-up forms, charts, and the build."""
