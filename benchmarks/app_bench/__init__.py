"""The measurements of ``app_speed.py``, one module each, with their Qt waits and report."""
