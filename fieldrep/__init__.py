"""FieldRep core: accounts, storage, import/export, geocoding and the CLI (never imports Qt)."""

__version__ = "0.1.0"
