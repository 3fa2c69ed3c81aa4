"""Generate N realistic FieldRep account rows (CSV, the layout of ``resources/demo/accounts.csv``).

Deterministic: the same ``n`` and ``seed`` always give the same file, byte for byte.  The
rows look like a French field-sales portfolio:

* about 100 real French towns with their real-ish centre coordinates (rounded to about
  100 m), postcodes and regions; accounts are picked per town by population (to the power
  0.8) and spread in a disc around the centre (bigger towns, bigger discs);
* 8 % of the rows have no coordinates (the app would geocode them), 1.5 % write them with a
  decimal comma (``45,7640``) as European exports do, 3 % write the country as ``France``
  instead of ``FR``;
* opening hours like ``Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00``, tags like
  ``pharmacy,key-account``, tiers, cadences, values, notes (some with commas and quotes),
  and one contact (name, role, phone, e-mail) on 90 % of the rows.

Business names, streets and people are invented.  Phone numbers are all in the
04 65 71 xx xx block that ARCEP reserves for fiction, e-mails use ``example.fr``.

Usage: ``python benchmarks/generate.py N out.csv [--seed S]``, or
``from benchmarks.generate import write_accounts``.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("external_id", "name", "street", "postcode", "city", "region", "country", "lat",
           "lon", "tier", "cadence_days", "opening_hours", "meeting_minutes", "annual_value",
           "tags", "notes", "contact_name", "contact_role", "contact_phone", "contact_email")
DEFAULT_SEED = 20261123
NO_COORDS_SHARE = 0.08
DECIMAL_COMMA_SHARE = 0.015
COUNTRY_NAME_SHARE = 0.03
NO_CONTACT_SHARE = 0.10

ARA, IDF, PACA, OCC, NAQ = ("Auvergne-Rhône-Alpes", "Île-de-France",
                            "Provence-Alpes-Côte d'Azur", "Occitanie", "Nouvelle-Aquitaine")
PDL, BRE, GE, HDF, NOR = ("Pays de la Loire", "Bretagne", "Grand Est", "Hauts-de-France",
                          "Normandie")
BFC, CVL, COR = "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Corse"


@dataclass(frozen=True)
class Town:
    name: str
    lat: float
    lon: float
    postcodes: tuple[str, ...]
    region: str
    population: int


def _town(name: str, lat: float, lon: float, postcodes: str, region: str, pop: int) -> Town:
    return Town(name, lat, lon, tuple(postcodes.split()), region, pop)


TOWNS: tuple[Town, ...] = (
    _town("Paris", 48.8566, 2.3522, " ".join(f"750{n:02d}" for n in range(1, 21)), IDF, 2_100_000),
    _town("Marseille", 43.2965, 5.3698, " ".join(f"130{n:02d}" for n in range(1, 17)), PACA,
          870_000),
    _town("Lyon", 45.7640, 4.8357, " ".join(f"6900{n}" for n in range(1, 10)), ARA, 520_000),
    _town("Toulouse", 43.6047, 1.4442, "31000 31100 31200 31300 31400 31500", OCC, 480_000),
    _town("Nice", 43.7102, 7.2620, "06000 06100 06200 06300", PACA, 340_000),
    _town("Nantes", 47.2184, -1.5536, "44000 44100 44200 44300", PDL, 310_000),
    _town("Montpellier", 43.6108, 3.8767, "34000 34070 34080 34090", OCC, 290_000),
    _town("Strasbourg", 48.5734, 7.7521, "67000 67100 67200", GE, 285_000),
    _town("Bordeaux", 44.8378, -0.5792, "33000 33100 33200 33300 33800", NAQ, 255_000),
    _town("Lille", 50.6292, 3.0573, "59000 59160 59260 59800", HDF, 235_000),
    _town("Rennes", 48.1173, -1.6778, "35000 35200 35700", BRE, 220_000),
    _town("Reims", 49.2583, 4.0317, "51100", GE, 180_000),
    _town("Toulon", 43.1242, 5.9280, "83000 83100 83200", PACA, 178_000),
    _town("Saint-Étienne", 45.4397, 4.3872, "42000 42100", ARA, 173_000),
    _town("Le Havre", 49.4944, 0.1079, "76600 76610 76620", NOR, 168_000),
    _town("Grenoble", 45.1885, 5.7245, "38000 38100", ARA, 158_000),
    _town("Dijon", 47.3220, 5.0415, "21000", BFC, 158_000),
    _town("Angers", 47.4784, -0.5632, "49000 49100", PDL, 155_000),
    _town("Villeurbanne", 45.7719, 4.8902, "69100", ARA, 150_000),
    _town("Nîmes", 43.8367, 4.3601, "30000 30900", OCC, 148_000),
    _town("Clermont-Ferrand", 45.7772, 3.0870, "63000 63100", ARA, 147_000),
    _town("Le Mans", 48.0061, 0.1996, "72000 72100", PDL, 143_000),
    _town("Aix-en-Provence", 43.5297, 5.4474, "13090 13100", PACA, 143_000),
    _town("Brest", 48.3904, -4.4861, "29200", BRE, 139_000),
    _town("Tours", 47.3941, 0.6848, "37000 37100 37200", CVL, 136_000),
    _town("Amiens", 49.8941, 2.2958, "80000 80080 80090", HDF, 133_000),
    _town("Limoges", 45.8336, 1.2611, "87000 87100 87280", NAQ, 130_000),
    _town("Annecy", 45.8992, 6.1294, "74000", ARA, 130_000),
    _town("Boulogne-Billancourt", 48.8397, 2.2399, "92100", IDF, 121_000),
    _town("Perpignan", 42.6887, 2.8948, "66000 66100", OCC, 120_000),
    _town("Metz", 49.1193, 6.1757, "57000 57050 57070", GE, 117_000),
    _town("Besançon", 47.2378, 6.0241, "25000", BFC, 116_000),
    _town("Orléans", 47.9030, 1.9093, "45000 45100", CVL, 116_000),
    _town("Saint-Denis", 48.9362, 2.3574, "93200", IDF, 113_000),
    _town("Rouen", 49.4432, 1.0999, "76000 76100", NOR, 111_000),
    _town("Argenteuil", 48.9472, 2.2467, "95100", IDF, 110_000),
    _town("Mulhouse", 47.7508, 7.3359, "68100 68200", GE, 108_000),
    _town("Montreuil", 48.8638, 2.4485, "93100", IDF, 108_000),
    _town("Caen", 49.1829, -0.3707, "14000", NOR, 106_000),
    _town("Nancy", 48.6921, 6.1844, "54000 54100", GE, 104_000),
    _town("Roubaix", 50.6942, 3.1746, "59100", HDF, 98_000),
    _town("Tourcoing", 50.7239, 3.1612, "59200", HDF, 98_000),
    _town("Nanterre", 48.8924, 2.2071, "92000", IDF, 96_000),
    _town("Créteil", 48.7904, 2.4556, "94000", IDF, 92_000),
    _town("Avignon", 43.9493, 4.8055, "84000", PACA, 91_000),
    _town("Poitiers", 46.5802, 0.3404, "86000", NAQ, 88_000),
    _town("Dunkerque", 51.0343, 2.3768, "59140", HDF, 87_000),
    _town("Versailles", 48.8049, 2.1204, "78000", IDF, 85_000),
    _town("Cherbourg-en-Cotentin", 49.6337, -1.6222, "50100", NOR, 78_000),
    _town("Béziers", 43.3442, 3.2158, "34500", OCC, 78_000),
    _town("Pau", 43.2951, -0.3708, "64000", NAQ, 77_000),
    _town("La Rochelle", 46.1603, -1.1511, "17000", NAQ, 77_000),
    _town("Cannes", 43.5528, 7.0174, "06400", PACA, 74_000),
    _town("Antibes", 43.5808, 7.1251, "06600", PACA, 73_000),
    _town("Ajaccio", 41.9192, 8.7386, "20000 20090", COR, 71_000),
    _town("Saint-Nazaire", 47.2735, -2.2138, "44600", PDL, 71_000),
    _town("Colmar", 48.0794, 7.3585, "68000", GE, 67_000),
    _town("Calais", 50.9513, 1.8587, "62100", HDF, 67_000),
    _town("Bourges", 47.0810, 2.3988, "18000", CVL, 64_000),
    _town("Valence", 44.9334, 4.8924, "26000", ARA, 64_000),
    _town("Quimper", 47.9960, -4.1024, "29000", BRE, 63_000),
    _town("Troyes", 48.2973, 4.0744, "10000", GE, 61_000),
    _town("Montauban", 44.0176, 1.3550, "82000", OCC, 61_000),
    _town("Chambéry", 45.5646, 5.9178, "73000", ARA, 59_000),
    _town("Niort", 46.3237, -0.4588, "79000", NAQ, 59_000),
    _town("Lorient", 47.7483, -3.3700, "56100", BRE, 57_000),
    _town("Beauvais", 49.4295, 2.0807, "60000", HDF, 56_000),
    _town("Vannes", 47.6582, -2.7608, "56000", BRE, 54_000),
    _town("Cholet", 47.0600, -0.8786, "49300", PDL, 54_000),
    _town("Fréjus", 43.4330, 6.7370, "83600", PACA, 54_000),
    _town("Saint-Quentin", 49.8465, 3.2876, "02100", HDF, 53_000),
    _town("Bayonne", 43.4929, -1.4748, "64100", NAQ, 51_000),
    _town("Arles", 43.6768, 4.6303, "13200", PACA, 51_000),
    _town("Laval", 48.0707, -0.7734, "53000", PDL, 50_000),
    _town("Albi", 43.9289, 2.1464, "81000", OCC, 49_000),
    _town("Belfort", 47.6397, 6.8638, "90000", BFC, 47_000),
    _town("Évreux", 49.0241, 1.1508, "27000", NOR, 47_000),
    _town("Saint-Malo", 48.6493, -2.0257, "35400", BRE, 46_000),
    _town("Blois", 47.5861, 1.3359, "41000", CVL, 46_000),
    _town("Carcassonne", 43.2130, 2.3491, "11000", OCC, 46_000),
    _town("Charleville-Mézières", 49.7621, 4.7263, "08000", GE, 46_000),
    _town("Chalon-sur-Saône", 46.7806, 4.8539, "71100", BFC, 45_000),
    _town("Angoulême", 45.6484, 0.1562, "16000", NAQ, 42_000),
    _town("Arras", 50.2910, 2.7775, "62000", HDF, 41_000),
    _town("Tarbes", 43.2328, 0.0781, "65000", OCC, 41_000),
    _town("Gap", 44.5594, 6.0786, "05000", PACA, 41_000),
    _town("Bourg-en-Bresse", 46.2052, 5.2255, "01000", ARA, 41_000),
    _town("Chartres", 48.4439, 1.4890, "28000", CVL, 38_000),
    _town("Roanne", 46.0342, 4.0725, "42300", ARA, 34_000),
    _town("Mâcon", 46.3069, 4.8287, "71000", BFC, 34_000),
    _town("Auxerre", 47.7982, 3.5673, "89000", BFC, 34_000),
    _town("Agen", 44.2033, 0.6163, "47000", NAQ, 33_000),
    _town("Épinal", 48.1724, 6.4496, "88000", GE, 32_000),
    _town("Périgueux", 45.1846, 0.7218, "24000", NAQ, 30_000),
    _town("Vichy", 46.1278, 3.4258, "03200", ARA, 25_000),
    _town("Aurillac", 44.9264, 2.4396, "15000", ARA, 25_000),
    _town("Rodez", 44.3506, 2.5750, "12000", OCC, 24_000),
    _town("Le Puy-en-Velay", 45.0434, 3.8858, "43000", ARA, 19_000),
    _town("Saint-Flour", 45.0340, 3.0930, "15100", ARA, 6_500),
    _town("Sarlat-la-Canéda", 44.8890, 1.2160, "24200", NAQ, 8_800),
)


@dataclass(frozen=True)
class Kind:
    """A business type: name patterns (``{q}`` a quarter, ``{s}`` a surname, ``{f}`` a first
    name), opening hours, meeting lengths, contact roles, extra tags."""

    tag: str
    weight: int
    names: tuple[str, ...]
    hours: tuple[str, ...]
    minutes: tuple[str, ...]
    roles: tuple[str, ...]
    extra_tags: tuple[str, ...]


KINDS: tuple[Kind, ...] = (
    Kind("pharmacy", 20, ("Pharmacie {q}", "Pharmacie {s}", "Grande Pharmacie {q}"),
         ("Mo-Fr 08:30-12:00,14:00-18:30; Sa 09:00-12:00", "Mo-Sa 09:00-12:30,14:00-19:30",
          "Mo-Fr 08:30-19:30; Sa 09:00-19:00"), ("20", "25", "30"),
         ("Pharmacien titulaire", "Pharmacienne adjointe", "Préparatrice"),
         ("parapharmacy", "orthopedics")),
    Kind("medical", 13, ("Cabinet médical {q}", "Maison de santé {q}", "Cabinet dentaire {s}"),
         ("Mo-Fr 08:00-12:00,14:00-19:00", "Mo,Tu,Th,Fr 08:30-12:00,14:00-18:30; We 08:30-12:00"),
         ("15", "20"), ("Médecin généraliste", "Secrétaire médicale"), ("general-practice",)),
    Kind("clinic", 5, ("Clinique {q}", "Clinique Sainte-Anne", "Centre de soins {q}"),
         ("Mo-Fr 08:00-18:00", "Mo-Fr 08:30-12:30,13:30-17:30"), ("45", "60", "1h"),
         ("Directrice des achats", "Cadre de santé"), ("hospital", "surgery")),
    Kind("restaurant", 15, ("Bistrot {q}", "Brasserie {q}", "Restaurant {s}", "Chez {f}"),
         ("Tu-Sa 11:30-14:30,19:00-22:30", "Mo-Fr 11:30-14:30; Th-Sa 19:00-23:00",
          "Tu-Su 12:00-14:00,19:00-22:00"), ("20", "30"),
         ("Chef de cuisine", "Gérante", "Sommelier"), ("wine", "terrace", "catering")),
    Kind("wine", 8, ("Cave {q}", "Cave {s}", "Le Cellier {q}"),
         ("Tu-Sa 09:30-12:30,15:00-19:30",
          "Tu-Fr 10:00-13:00,15:30-19:30; Sa 09:30-19:30; Su 10:00-12:30"), ("20", "30"),
         ("Caviste", "Gérant"), ("organic", "spirits")),
    Kind("hardware", 8, ("Quincaillerie {s}", "Droguerie {q}", "Bricolage {s}"),
         ("Mo-Sa 08:00-12:00,14:00-18:30", "Tu-Sa 08:30-12:15,14:00-19:00"), ("20", "30"),
         ("Responsable magasin", "Acheteuse"), ("diy", "trade-counter")),
    Kind("industrial", 10, ("Ateliers {s} Mécanique", "{s} Usinage", "{s} et Fils"),
         ("Mo-Th 07:30-12:00,13:30-17:00; Fr 07:30-12:00", "Mo-Fr 08:00-12:00,13:30-17:30"),
         ("45", "60", "1h30"), ("Directeur des achats", "Responsable maintenance"),
         ("manufacturing", "machining")),
    Kind("insurance", 7, ("Cabinet {s} Assurances", "{s} Courtage", "Assurances {q}"),
         ("Mo-Fr 09:00-12:30,13:30-17:30", "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"),
         ("30", "45 min"), ("Agent général", "Courtière"), ("brokerage",)),
    Kind("garage", 8, ("Garage {s}", "Garage {q}", "Carrosserie {s}"),
         ("Mo-Fr 08:00-12:00,14:00-18:30; Sa 08:00-12:00", "Mo-Fr 07:45-12:00,13:30-18:00"),
         ("20", "30"), ("Garagiste", "Cheffe d'atelier"), ("bodywork", "tyres")),
    Kind("optician", 6, ("Optique {s}", "Optique {q}", "Lunetterie {s}"),
         ("Tu-Sa 09:30-12:30,14:00-19:00", "Mo 14:00-19:00; Tu-Sa 09:30-19:00"), ("25", "30"),
         ("Opticienne", "Gérant"), ("hearing",)),
)
QUARTERS = ("du Centre", "de la Gare", "du Marché", "de l'Hôtel de Ville", "des Halles",
            "du Parc", "de la Poste", "de la Mairie", "du Pont", "de l'Église", "des Tilleuls",
            "du Château", "du Moulin", "Saint-Jean", "de la République", "des Arts")
STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Gambetta", "rue Victor Hugo",
           "rue Pasteur", "avenue du Général de Gaulle", "rue Nationale", "place de l'Église",
           "rue des Écoles", "cours Émile Zola", "rue Paul Bert", "avenue de la Libération",
           "rue du Commerce", "rue Jean Moulin", "avenue Foch", "rue Garibaldi",
           "place du Marché", "rue de la Gare", "rue Thiers", "rue Carnot", "rue Voltaire",
           "rue Anatole France", "rue du 8 Mai 1945", "rue de Verdun", "chemin des Vignes",
           "ZI des Grandes Terres", "ZA du Champ de Foire", "rue de l'Industrie")
FIRST_NAMES = ("Jean", "Pierre", "Philippe", "Nicolas", "Julien", "Thomas", "Éric", "Stéphane",
               "François", "Olivier", "Antoine", "Hugo", "Marie", "Nathalie", "Isabelle",
               "Sophie", "Céline", "Hélène", "Camille", "Julie", "Émilie", "Claire", "Chloé",
               "Manon", "Anne-Laure", "Jean-Marc")
SURNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont",
            "Lambert", "Bonnet", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
            "Muller", "Henry", "Perrin", "Morin", "Chevalier", "Brun", "Giraud", "Le Gall")
NOTES = ("Prefers morning visits", "Parking behind the building", "Closed in August",
         "Call the day before, ask for the owner", 'Says "no" to samples, bring a catalogue',
         "Delivery entrance on the side street", "Pays by transfer at 30 days",
         "Door code by phone", "Orders through the buying group since January")
TIER_CADENCE = {"A": ("14", "21", "every 2 weeks"), "B": ("30", "monthly"), "C": ("60", "90", "")}
TIER_VALUE = {"A": (40_000, 250_000), "B": (10_000, 60_000), "C": (1_000, 15_000)}


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return folded.lower().replace(" ", "-")


def _coordinates(rng: random.Random, town: Town) -> tuple[float, float]:
    """A point spread uniformly in a disc around the town centre (bigger towns, bigger disc)."""
    radius_km = (0.8 + 4.5 * math.sqrt(town.population / 2_100_000)) * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = town.lat + radius_km * math.cos(angle) / 111.32
    lon = town.lon + radius_km * math.sin(angle) / (111.32 * math.cos(math.radians(town.lat)))
    return lat, lon


def iter_accounts(n: int, seed: int = DEFAULT_SEED) -> Iterator[dict[str, str]]:
    """Yield ``n`` account rows (column → cell text, in :data:`COLUMNS` order)."""
    rng = random.Random(seed)
    town_weights = [t.population ** 0.8 for t in TOWNS]
    kind_weights = [k.weight for k in KINDS]
    for i in range(1, n + 1):
        town = rng.choices(TOWNS, weights=town_weights)[0]
        kind = rng.choices(KINDS, weights=kind_weights)[0]
        tier = rng.choices("ABC", weights=(15, 35, 50))[0]
        name = rng.choice(kind.names).format(
            q=rng.choice(QUARTERS), s=rng.choice(SURNAMES), f=rng.choice(FIRST_NAMES))
        street = rng.choice(STREETS)
        if not street.startswith(("ZI ", "ZA ")):
            street = f"{rng.randint(1, 180)}{' bis' if rng.random() < 0.03 else ''} {street}"
        lat = lon = ""
        if rng.random() >= NO_COORDS_SHARE:
            y, x = _coordinates(rng, town)
            lat, lon = f"{y:.6f}", f"{x:.6f}"
            if rng.random() < DECIMAL_COMMA_SHARE:
                lat, lon = lat.replace(".", ","), lon.replace(".", ",")
        low, high = TIER_VALUE[tier]
        value = "" if rng.random() < 0.1 else str(int(rng.triangular(low, high, low)) // 100 * 100)
        tags = [kind.tag]
        if rng.random() < 0.4:
            tags.append(rng.choice(kind.extra_tags))
        if tier == "A" and rng.random() < 0.7:
            tags.append("key-account")
        contact = ("", "", "", "")
        if rng.random() >= NO_CONTACT_SHARE:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            phone = rng.randrange(10_000)
            email = "" if rng.random() < 0.1 else f"{_ascii(first)}.{_ascii(last)}@example.fr"
            contact = (f"{first} {last}", rng.choice(kind.roles),
                       f"04 65 71 {phone // 100:02d} {phone % 100:02d}", email)
        yield dict(zip(COLUMNS, (
            f"BENCH-{i:07d}", name, street, rng.choice(town.postcodes), town.name, town.region,
            "France" if rng.random() < COUNTRY_NAME_SHARE else "FR", lat, lon, tier,
            rng.choice(TIER_CADENCE[tier]), "" if rng.random() < 0.05 else rng.choice(kind.hours),
            rng.choice(kind.minutes), value, ",".join(tags),
            rng.choice(NOTES) if rng.random() < 0.2 else "", *contact), strict=True))


def write_accounts(n: int, path: Path | str, seed: int = DEFAULT_SEED) -> Path:
    """Write ``n`` generated account rows, with a header, to ``path`` (UTF-8 CSV)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(iter_accounts(n, seed))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="how many account rows")
    parser.add_argument("out", type=Path, help="the CSV file to write")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args()
    if args.n < 0:
        parser.error("N must be zero or more")
    path = write_accounts(args.n, args.out, args.seed)
    print(f"wrote {args.n} accounts to {path}")


if __name__ == "__main__":
    main()
