"""The desk: a local web app where a coordinator creates, checks and commits records.

``forms`` turns the effective schemas into form schemas, ``save`` writes a
record through the templates of ``casework new`` and checks it before anything
is written, ``api`` answers the browser, ``server`` is the HTTP layer (host
check, token, Content-Security-Policy) and ``static/`` holds the page.
"""
