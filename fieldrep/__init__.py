"""FieldRep's core: one package per feature, the use cases and the CLI; never imports Qt.

See the README's "How the code is laid out" for the packages and the rules between them.
"""

__version__ = "0.1.0"
