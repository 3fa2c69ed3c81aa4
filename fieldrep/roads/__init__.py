"""Real roads offline, from an OpenStreetMap extract (PBF) the rep imported once.

- :mod:`~fieldrep.roads.highways`: which ways a car may drive, which way and how fast;
- :mod:`~fieldrep.roads.reader`: the drivable ways and place names of an extract (pyosmium);
- :mod:`~fieldrep.roads.graph`: the directed graph in milliseconds and decimetres;
- :mod:`~fieldrep.roads.index`: the many-to-many index (customizable contraction
  hierarchies, RoutingKit);
- :mod:`~fieldrep.roads.snapping`: the nearest drivable road of a point;
- :mod:`~fieldrep.roads.storage` and :mod:`~fieldrep.roads.importer`: the import, kept in
  the user data folder;
- :mod:`~fieldrep.roads.network`: routes and tables on the imported roads;
- :mod:`~fieldrep.roads.travel_model`: the travel model "roads";
- :mod:`~fieldrep.roads.distances`: road km from one place to many.

Everything derived from an extract is © OpenStreetMap contributors (ODbL 1.0).
"""
