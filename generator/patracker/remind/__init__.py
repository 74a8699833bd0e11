"""Reminders (``patracker remind``): one digest a day per person, by e-mail or LINE.

``digest`` decides what each person is told, ``channels`` how it travels, ``send`` the
retries and the once-a-day rule, ``state`` the log of what went out, ``run`` the command.
The package itself imports none of them: the site reads ``state`` alone.
"""
