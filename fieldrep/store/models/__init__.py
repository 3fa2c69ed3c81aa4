"""SQLAlchemy 2.0 typed tables of the store, one module per feature.

Changes go through an Alembic migration.  Every table is imported here, so
``Base.metadata`` (what the migrations are compared with) holds them all.
"""

from fieldrep.store.models.accounts import Account, AccountTag, Contact, Territory
from fieldrep.store.models.base import NAMING, Base, utcnow
from fieldrep.store.models.expenses import (
    Expense,
    ExpenseReceipt,
    ExpenseReport,
    ExpenseReportEvent,
)
from fieldrep.store.models.geocoding import GeocodeCacheEntry
from fieldrep.store.models.plans import Plan, PlanDay, PlanDropped, PlanStop
from fieldrep.store.models.settings import Setting
from fieldrep.store.models.travel import TravelCacheEntry
from fieldrep.store.models.visits import FollowUp, Visit, VisitDraft, VisitRevision

__all__ = [
    "NAMING",
    "Account",
    "AccountTag",
    "Base",
    "Contact",
    "Expense",
    "ExpenseReceipt",
    "ExpenseReport",
    "ExpenseReportEvent",
    "FollowUp",
    "GeocodeCacheEntry",
    "Plan",
    "PlanDay",
    "PlanDropped",
    "PlanStop",
    "Setting",
    "Territory",
    "TravelCacheEntry",
    "Visit",
    "VisitDraft",
    "VisitRevision",
    "utcnow",
]
