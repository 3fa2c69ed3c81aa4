"""The desktop kit: background operations, colours, hints, plurals, error display and the
table model base."""
