"""The desk: a local web app where a coordinator creates, checks and commits records.

``forms`` turns the effective schemas into form schemas, ``save`` writes a
record through the templates of ``casework new`` and checks it before anything
is written, ``caselist`` works out the case list (every case's records and what
is due) once per state of the repository, ``amending`` says what a case can
amend and what an amended record says now, ``api`` answers the browser's other
requests, ``server`` is the HTTP layer (host check, token,
Content-Security-Policy) and ``static/`` holds the page. The server imports
``caselist`` and ``api`` when first asked, so it listens at once; ``casework
desk`` works the case list out in the background meanwhile.
"""
