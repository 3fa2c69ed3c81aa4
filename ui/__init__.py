"""FieldRep's Qt desktop layer: windows, table models and the background worker."""
