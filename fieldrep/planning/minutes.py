"""A rep's day reads in minutes: the travel times a day is planned and timed with are
whole minutes.

Travel models answer in seconds (a leg of 4 min 46 s), and a day timed with them carries
seconds everywhere (arrive 15:19:35).  Shown to the minute, such times disagree with the
legs beside them (left 11:30, 12 min of driving, arrived 11:43).  Every other time of a
day is already a whole minute (the working hours, opening hours, appointments, meeting
lengths, the lunch break), so with each leg rounded to the nearest minute every arrival,
meeting, lunch and return is a whole minute too, and each one shown is exactly the one
before it plus what is shown between them.  A leg between two different places is never
rounded below a minute.
"""

from __future__ import annotations

from dataclasses import replace

from fieldrep.travel.model import Matrix

MINUTE = 60


def whole_minutes(seconds: int) -> int:
    """``seconds`` to the nearest minute (half a minute up), in seconds; a positive time
    is at least a minute."""
    if seconds <= 0:
        return 0
    return max(MINUTE, (seconds + MINUTE // 2) // MINUTE * MINUTE)


def in_minutes(matrix: Matrix) -> Matrix:
    """``matrix`` with its travel times to the nearest minute (distances as they are)."""
    return replace(matrix, durations=[[whole_minutes(int(s)) for s in row]
                                      for row in matrix.durations])
