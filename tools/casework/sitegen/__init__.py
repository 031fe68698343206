"""The intranet site: Markdown pages generated from the records and the policy pack.

Page generation is plain project code (no MkDocs plugin, no ``hooks:``): each
page family has its own module that renders Jinja2 templates into real
Markdown files in a build folder, and ``casework.sitegen.build`` then runs
MkDocs with the repository's ``mkdocs.yml`` on that folder. Zensical, or any
other builder that reads ``mkdocs.yml``, can build the same folder.
"""
