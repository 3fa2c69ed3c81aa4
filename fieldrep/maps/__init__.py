"""Maps as folium pages that work with no network."""
