"""The team: who the user is and whether they hold the manager role."""
