"""The Today view: the day\x27s route on the map, its stops, arrive, finish, navigate."""
