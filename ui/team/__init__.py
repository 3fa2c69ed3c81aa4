"""The team view: the manager's monthly report of the reps."""
