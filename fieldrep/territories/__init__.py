"""Territories: polygons drawn on the map or lists of postcodes and towns, and who is inside."""
