"""The accounts table's orders in the store: a page of 200 rows by name, town, next due
date, beside the same page ordered by the raw bytes (SQLite's own order, the floor).

Names and towns are sorted through the ``fieldrep`` collation (a Python function SQLite
calls for each comparison), so this measures what sorting as the language reads costs on
the stores a rep has (1,000 to 100,000 accounts).  Medians of 5 runs, in milliseconds.

Run: ``.venv/bin/python benchmarks/table_sort.py [--sizes 1000 10000 100000]``
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from fieldrep.accounts.model import AccountData
from fieldrep.accounts.service import list_accounts, save_accounts
from fieldrep.store import Store, open_store
from fieldrep.store.models import Account

WORDS = ("Pharmacie", "Garage", "Cave", "Écurie", "Atelier", "Clinique", "Boulangerie",
         "Élevage", "Quincaillerie", "Librairie")
TOWNS = ("Écully", "Vénissieux", "Lyon", "Œuilly", "Annecy", "Échirolles", "Grenoble",
         "Saint-Étienne", "Villeurbanne", "Île-d'Abeau")


def build(size: int, folder: Path) -> str:
    url = f"sqlite:///{folder / f'{size}.sqlite3'}"
    store = open_store(url)
    rng = random.Random(size)
    accounts = [AccountData(f"{rng.choice(WORDS)} {rng.choice(['du', 'de la', 'des'])} "
                            f"{rng.choice(TOWNS)} {n}", city=rng.choice(TOWNS),
                            cadence_days=rng.choice((14, 30, 60)))
                for n in range(size)]
    with store.unit_of_work() as uow:
        save_accounts(uow.session, accounts)
        uow.commit()
    store.close()
    return url


def median_ms(run: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print("| accounts | page by raw bytes (floor) | by name | by name, middle page | "
          "by town | by next due |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            store = open_store(build(size, Path(tmp)))
            cells = measure(store, size)
            store.close()
            print(f"| {size:,} | " + " | ".join(f"{c:,.0f} ms" for c in cells) + " |")


def measure(store: Store, size: int) -> list[float]:
    """The floor (the accounts' rows by raw bytes, no relations), then the table's pages."""

    def raw() -> None:
        with store.unit_of_work() as uow:
            list(uow.session.scalars(select(Account).order_by(Account.name).limit(200)))

    cells = [median_ms(raw)]
    for sort, offset in (("name", 0), ("name", size // 2), ("city", 0), ("next_due", 0)):
        cells.append(median_ms(lambda s=sort, o=offset: list_accounts(
            store, sort=s, offset=o, limit=200)))
    return cells


if __name__ == "__main__":
    main()
