"""The desktop kit: background operations, colours, hints, plurals and error display."""
