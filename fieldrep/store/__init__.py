"""The store: typed tables, engine set-up, migrations and the unit of work."""

from fieldrep.store.database import Store, open_store
from fieldrep.store.unit_of_work import UnitOfWork

__all__ = ["Store", "UnitOfWork", "open_store"]
