"""One module per ``casework`` command; see ``casework.cli``."""
