"""The Territories page: draw, list and assign territories."""
