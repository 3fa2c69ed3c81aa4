"""On a team's server each rep keeps their own home base, working day and name, and only a
manager changes the team's settings (quotas, servers); on a SQLite file, one rep sets all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest
from sqlalchemy import text

from fieldrep.planning.settings import home_base, work_day
from fieldrep.settings.spec import SettingError
from fieldrep.store import open_store
from fieldrep.usecases.settings import get_setting, set_setting, set_settings
from fieldrep.visits.settings import quotas
from tests.postgres_server import grant_manager


@pytest.mark.postgres
def test_each_rep_keeps_their_own_home_and_day_the_shared_value_is_the_default(
        pg_url: str, new_rep: Callable[[], str]) -> None:
    admin = open_store(pg_url)
    with admin.engine.begin() as connection:  # kept before the team shared the store
        connection.execute(text("INSERT INTO settings (key, value) "
                                "VALUES ('work.start', '08:00')"))
    anna, ben = open_store(new_rep()), open_store(new_rep())
    set_settings(anna, {"home.lat": "45.76", "home.lon": "4.84"})
    set_setting(anna, "work.start", "07:30")
    set_setting(ben, "rep.name", "Ben Martin")
    home = home_base(anna)
    assert home is not None and (home.lat, home.lon) == (45.76, 4.84)
    assert home_base(ben) is None  # Anna's home is not Ben's
    assert (work_day(anna).start, work_day(ben).start) == (time(7, 30), time(8, 0))
    assert (get_setting(anna, "rep.name"), get_setting(ben, "rep.name")) == ("", "Ben Martin")
    set_setting(anna, "work.start", "")  # back to the team's default
    assert work_day(anna).start == time(8, 0)
    for store in (admin, anna, ben):
        store.close()


@pytest.mark.postgres
def test_only_a_manager_changes_the_teams_settings(pg_url: str,
                                                  new_rep: Callable[[], str]) -> None:
    rep_url, boss_url = new_rep(), new_rep()
    rep = open_store(rep_url)
    with pytest.raises(SettingError, match=r"only a manager may change the team's settings "
                                           r"\(quota.visits_per_month\)"):
        set_setting(rep, "quota.visits_per_month", "60")
    assert quotas(rep).visits_per_month == 0
    grant_manager(pg_url, boss_url)
    boss = open_store(boss_url)
    set_setting(boss, "quota.visits_per_month", "60")
    assert quotas(rep).visits_per_month == 60  # one value for the whole team
    rep.close()
    boss.close()


def test_on_a_sqlite_file_the_one_rep_sets_everything(db_url: str) -> None:
    store = open_store(db_url)
    set_settings(store, {"home.lat": "45.76", "home.lon": "4.84",
                         "quota.visits_per_month": "40"})
    assert home_base(store) is not None and quotas(store).visits_per_month == 40
    store.close()
