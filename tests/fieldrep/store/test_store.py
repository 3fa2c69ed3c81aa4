"""The store on a real SQLite file and a real PostgreSQL database: migrations, WAL and
foreign keys, services, rollback."""

from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from fieldrep.accounts.model import AccountData, ContactData
from fieldrep.accounts.service import (
    add_account,
    count_accounts,
    delete_accounts,
    get_account,
    list_accounts,
    restore_accounts,
    update_account,
)
from fieldrep.store import Store, open_store
from fieldrep.store.database import StoreError, alembic_config
from fieldrep.store.models import Account, Base
from fieldrep.team.identity import database_login


def test_new_store_is_migrated_with_wal_and_foreign_keys(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"accounts", "contacts", "territories", "account_tags", "geocode_cache",
            "settings", "alembic_version"} <= tables
    with store.engine.connect() as conn:
        if store.engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        head = ScriptDirectory.from_config(alembic_config(store.engine)).get_current_head()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head


def test_migrations_build_exactly_the_models_schema(store: Store) -> None:
    """A model changed without its migration shows up here, not on a rep's machine."""
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_migration_from_the_first_schema_keeps_the_territories_of_accounts(
    db_url: str,
) -> None:
    engine = create_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO territories (id, name, notes) VALUES (1, 'North', '')"))
        conn.execute(text(
            "INSERT INTO accounts (name, street, postcode, city, region, country, "
            "geocode_source, geocode_precision, tier, cadence_days, opening_hours, "
            "meeting_minutes, notes, active, created_at, updated_at, territory_id) VALUES "
            "(:n, '', '', '', '', '', '', '', 'A', 14, '', 30, '', true, :t, :t, :tid)"),
            [{"n": "In North", "t": "2026-01-01", "tid": 1},
             {"n": "Nowhere", "t": "2026-01-01", "tid": None}])
    engine.dispose()
    migrated = open_store(db_url)
    try:
        accounts = {a.name: a for a in list_accounts(migrated)}
        assert accounts["In North"].territory == "North"
        assert accounts["Nowhere"].territory == ""
    finally:
        migrated.close()


def test_reopening_keeps_data(db_url: str) -> None:
    first = open_store(db_url)
    add_account(first, AccountData(name="Pharmacie du Centre", city="Lyon"))
    first.close()
    second = open_store(db_url)
    assert [a.name for a in list_accounts(second)] == ["Pharmacie du Centre"]
    second.close()


def test_account_round_trips_every_field(store: Store) -> None:
    account = AccountData(
        name="Cave des Canuts", street="12 rue d'Austerlitz", postcode="69004", city="Lyon",
        region="Auvergne-Rhône-Alpes", country="FR", lat=45.7748, lon=4.8316,
        geocode_source="import", geocode_precision="exact", external_id="C-1", tier="A",
        cadence_days=14, opening_hours="Tu-Sa 10:00-19:00", meeting_minutes=45,
        annual_value=Decimal("125000.50"), tags=("key-account", "wine"), notes="Parking behind",
        active=True, territory="Lyon Nord",
        contacts=(ContactData("Anne Roux", "Gérante", "04 99 00 00 01", "anne@example.fr"),))
    saved = add_account(store, account)
    assert saved.id is not None
    mine = database_login(store) or ""  # the rep the account belongs to
    assert get_account(store, saved.id) == AccountData(**{**vars(account), "id": saved.id,
                                                           "version": 1, "owner": mine})


def test_update_delete_and_restore(store: Store) -> None:
    saved = add_account(store, AccountData(name="Garage Martin", tags=("garage",),
                                           contacts=(ContactData("Paul"),)))
    changed = update_account(store, AccountData(**{**vars(saved), "city": "Bron",
                                                   "tags": ("garage", "fleet")}))
    assert changed.city == "Bron" and changed.tags == ("fleet", "garage")
    deleted = delete_accounts(store, [saved.id])
    assert count_accounts(store) == 0
    with store.unit_of_work() as uow:  # contacts and tags went with the account
        assert uow.session.execute(text("SELECT count(*) FROM contacts")).scalar() == 0
        assert uow.session.execute(text("SELECT count(*) FROM account_tags")).scalar() == 0
    restore_accounts(store, deleted)
    assert get_account(store, saved.id) == changed


def test_unit_of_work_rolls_back_unless_committed(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(Account(name="Never saved"))
        uow.session.flush()
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.session.add(Account(name="Also never saved"))
        uow.session.flush()
        raise RuntimeError("crash in the middle of a job")
    assert count_accounts(store) == 0


def test_search_and_pages(store: Store) -> None:
    for i in range(25):
        add_account(store, AccountData(name=f"Pharmacie {i:02d}", city="Lyon" if i % 2 else "Bron"))
    assert count_accounts(store, "bron") == 13
    page = list_accounts(store, offset=10, limit=5)
    assert [a.name for a in page] == [f"Pharmacie {i:02d}" for i in range(10, 15)]


def test_bad_store_urls_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("not a url")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store in"):
        open_store(f"sqlite:///{blocker}/sub/store.sqlite3")


def test_filters_and_sort_orders(store: Store) -> None:
    from fieldrep.accounts.service import AccountFilter, account_ids, all_tags
    from fieldrep.territories.service import TerritoryData, save_territory

    add_account(store, AccountData("Alpha", city="Lyon", tier="A", lat=45.76, lon=4.83,
                                   geocode_precision="exact", tags=("wine",),
                                   annual_value=Decimal("500")))
    add_account(store, AccountData("Bravo", city="Lyon", tier="B", lat=45.75, lon=4.85,
                                   geocode_precision="town", annual_value=Decimal("9000")))
    add_account(store, AccountData("Charlie", city="Grenoble", tier="C", tags=("wine", "bar")))
    lyon = save_territory(store, TerritoryData("Lyon", areas=("Lyon",)))

    def names(**kwargs: object) -> list[str]:
        return [a.name for a in list_accounts(store, where=AccountFilter(**kwargs))]

    assert names(territory_id=lyon.id) == ["Alpha", "Bravo"]
    assert names(territory_id=0) == ["Charlie"]  # outside every territory
    assert names(tiers=frozenset("AC")) == ["Alpha", "Charlie"]
    assert names(tag="wine") == ["Alpha", "Charlie"]
    assert names(precision="approximate") == ["Bravo"]
    assert names(no_location=True) == ["Charlie"]
    assert names(search="lyon", tiers=frozenset("B")) == ["Bravo"]
    assert count_accounts(store, where=AccountFilter(tag="wine")) == 2
    assert account_ids(store, AccountFilter(tag="bar")) == [
        a.id for a in list_accounts(store, search="Charlie")]
    assert all_tags(store) == ["bar", "wine"]

    by_value = [a.name for a in list_accounts(store, sort="annual_value", descending=True)]
    assert by_value[:2] == ["Bravo", "Alpha"]
    assert [a.name for a in list_accounts(store, sort="city")] == ["Charlie", "Alpha", "Bravo"]
    with pytest.raises(ValueError, match="cannot sort accounts by 'colour'"):
        list_accounts(store, sort="colour")


def test_position_of_an_account_in_a_sorted_filtered_list(store: Store) -> None:
    from fieldrep.accounts.service import AccountFilter, account_position, add_tag

    ids = {n: add_account(store, AccountData(n, city=c, tier=t)).id
           for n, c, t in [("Delta", "Annecy", "A"), ("Alpha", "Lyon", "B"),
                           ("Charlie", "Lyon", "A"), ("Bravo", "Grenoble", "C")]}
    assert account_position(store, ids["Charlie"]) == 2
    assert account_position(store, ids["Charlie"], sort="city", descending=True) == 1
    a_tier = AccountFilter(tiers=frozenset("A"))
    assert account_position(store, ids["Delta"], where=a_tier) == 1
    assert account_position(store, ids["Bravo"], where=a_tier) is None
    assert add_tag(store, [ids["Alpha"], ids["Bravo"]], " Key  Account ") == 2
    assert add_tag(store, [ids["Alpha"], ids["Delta"]], "key account") == 1
    assert get_account(store, ids["Alpha"]).tags == ("key account",)
    with pytest.raises(ValueError, match="cannot be empty"):
        add_tag(store, [ids["Alpha"]], "  ")


def test_the_row_versions_migration_goes_down_and_up_again(store: Store) -> None:
    """Versions, the lines' account names and the guard triggers come and go cleanly."""
    config = alembic_config(store.engine)
    versions = next(script for script in ScriptDirectory.from_config(config).walk_revisions()
                    if (script.doc or "").startswith("row versions"))
    sqlite = store.engine.dialect.name == "sqlite"
    triggers = text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'" if sqlite else
                    "SELECT count(*) FROM pg_trigger WHERE tgname LIKE '%locked%'")
    command.downgrade(config, str(versions.down_revision))
    assert "version" not in {c["name"] for c in inspect(store.engine).get_columns("accounts")}
    with store.engine.connect() as conn:
        assert conn.execute(triggers).scalar() == 0
    command.upgrade(config, "head")
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert conn.execute(triggers).scalar() == (7 if sqlite else 3)
    assert diff == []
    saved = add_account(store, AccountData(name="Garage Martin"))
    assert saved.version == 1
