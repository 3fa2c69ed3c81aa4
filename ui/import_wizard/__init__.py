"""The import wizard: file, columns, preview and import of accounts."""
