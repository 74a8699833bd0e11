"""The domain engine: pure functions from the model and the rule data to answers.

Every rule reads its numbers from the forms (``schemas/forms/``) or the office file;
nothing here does I/O, so pages, reports and tests call the same functions.
"""
