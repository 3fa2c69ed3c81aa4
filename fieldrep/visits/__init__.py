"""Visits: whom to see on a day, logging what happened, follow-ups, and the activity report."""
