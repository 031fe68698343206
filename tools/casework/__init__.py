"""casework: permanence panels as code.

Data flows one way: load (``yamlload``) -> validate (``schemas``, ``checks``)
-> derive timeline (``timeline``) -> evaluate rules (``rules``) -> report / render.
"""

__version__ = "0.1.0"
