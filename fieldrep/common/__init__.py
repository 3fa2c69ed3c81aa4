"""Small pure helpers every feature shares: money, hours, countries, units, text, paths."""
