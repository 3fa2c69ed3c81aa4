"""FieldRep's core: one package per feature, the use cases and the CLI; never imports Qt.

See the README's "How the code is laid out" for the packages and the rules between them.
"""

import logging

__version__ = "0.1.0"

# Until the command line or the app starts the log file, what FieldRep logs goes nowhere
# (never to the terminal as "No handlers" noise or a traceback).
logging.getLogger(__name__).addHandler(logging.NullHandler())
