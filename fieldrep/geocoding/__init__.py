"""Geocoding: online providers through geopy, a cache in the store, an offline gazetteer."""
