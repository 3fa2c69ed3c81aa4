"""The Visits page: due accounts, planned stops, the visit dialog and the activity report."""
