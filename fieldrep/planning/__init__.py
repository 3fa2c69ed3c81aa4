"""Route planning: which visits a rep makes on which day, in which order, at what times.

``engine`` is the generic vehicle-routing solver (OR-Tools) in integer seconds and metres;
``vrplib`` reads the public VRPTW benchmark files into it.  The day and week planners
translate accounts, opening hours and appointments into its problems.
"""
