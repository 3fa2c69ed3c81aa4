"""Untimed, between two starts of :mod:`app_bench.first_start`: a home base in Lyon and a
plan saved for the day the Today page opens on, planned from the demo's accounts due, in
the store of the data folders the parent chose (XDG_*).  Prints ``PLANNED <stops>``."""

import datetime
import sys


def main() -> None:
    sys.path.insert(0, sys.argv[1])  # the repository
    from fieldrep.common.paths import default_db_url
    from fieldrep.planning.model import PlanError
    from fieldrep.store import open_store
    from fieldrep.usecases.settings import set_settings
    from fieldrep.usecases.today import plan_today, working_day_from

    store = open_store(default_db_url(""))
    set_settings(store, {"home.lat": "45.7578", "home.lon": "4.8320"})
    day = working_day_from(store, datetime.date.today())
    for _attempt in range(3):  # the search may find no fitting day at a first try
        try:
            route = plan_today(store, day)
        except PlanError:
            continue
        print(f"PLANNED {len(route.stops)}", flush=True)
        break
    store.close()


if __name__ == "__main__":  # the planner's processes import this module again
    main()
