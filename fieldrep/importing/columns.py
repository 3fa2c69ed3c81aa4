"""Match a spreadsheet's column headers to account fields, by synonyms or an explicit mapping."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from fieldrep.common.errors import FieldRepError
from fieldrep.common.text import fold

CONTACT_PARTS = ("name", "role", "phone", "email")
IGNORE = "ignore"

#: Field → header synonyms (compared after :func:`header_key`).  English first, then the
#: French and German words European CRM exports use.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "external_id": ("external id", "id", "account id", "customer id", "customer number",
                    "account number", "client id", "crm id", "ref", "reference", "code client",
                    "numero client", "kundennummer"),
    "name": ("name", "account", "account name", "company", "company name", "customer",
             "customer name", "client", "client name", "business", "business name",
             "organisation", "organization", "practice", "store", "shop", "nom",
             "raison sociale", "societe", "entreprise", "firma", "firmenname"),
    "street": ("street", "address", "address 1", "address line 1", "street address", "adresse",
               "rue", "strasse", "anschrift", "addr"),
    "postcode": ("postcode", "post code", "postal code", "zip", "zip code", "zipcode", "cp",
                 "code postal", "plz", "postleitzahl"),
    "city": ("city", "town", "locality", "municipality", "ville", "commune", "localite", "ort",
             "stadt"),
    "region": ("region", "state", "province", "county", "department", "departement", "land",
               "bundesland"),
    "country": ("country", "country code", "pays", "land code", "nation"),
    "lat": ("lat", "latitude", "y", "breite", "breitengrad"),
    "lon": ("lon", "lng", "long", "longitude", "x", "laenge", "langengrad", "laengengrad"),
    "geocode_source": ("geocode source", "location source"),
    "geocode_precision": ("geocode precision", "location precision", "precision"),
    "tier": ("tier", "priority", "priority tier", "class", "classification", "segment",
             "abc", "abc class", "rating", "categorie", "priorite"),
    "cadence_days": ("cadence", "cadence days", "visit cadence", "visit frequency", "frequency",
                     "visit every", "visit interval", "days between visits", "frequence"),
    "opening_hours": ("opening hours", "hours", "business hours", "open hours", "horaires",
                      "heures d ouverture", "oeffnungszeiten", "offnungszeiten"),
    "meeting_minutes": ("meeting minutes", "meeting length", "visit length", "visit duration",
                        "duration", "meeting duration", "minutes", "duree", "duree visite"),
    "annual_value": ("annual value", "value", "potential", "annual potential", "revenue",
                     "annual revenue", "sales", "turnover", "ca", "chiffre d affaires",
                     "umsatz", "potentiel"),
    "tags": ("tags", "tag", "labels", "keywords", "type", "category", "business type"),
    "notes": ("notes", "note", "comment", "comments", "remarks", "description", "remarques",
              "bemerkungen"),
    "active": ("active", "is active", "actif", "aktiv"),
    "territory": ("territory", "territory name", "area", "sector", "secteur", "gebiet"),
    "contact_name": ("contact", "contact name", "contact person", "main contact", "interlocuteur",
                     "ansprechpartner"),
    "contact_role": ("contact role", "contact title", "title", "role", "job title", "position",
                     "fonction"),
    "contact_phone": ("phone", "telephone", "tel", "phone number", "contact phone", "mobile",
                      "telefon"),
    "contact_email": ("email", "e mail", "mail", "email address", "contact email", "courriel"),
}
_CONTACT_N = re.compile(r"^contact\s?(\d+)\s?(name|role|phone|email)$")


class MappingError(FieldRepError, ValueError):
    """An explicit mapping names a column or a field that does not exist."""


def header_key(header: str) -> str:
    """The comparable form of a header: ``"Code_Postal"`` → ``"code postal"``."""
    return fold(header)


def is_field(name: str) -> bool:
    """Whether ``name`` is an account field a column can map to."""
    return name in SYNONYMS or _contact_field(name) is not None


def _contact_field(name: str) -> tuple[int, str] | None:
    match = _CONTACT_N.match(header_key(name))
    if not match:
        return None
    return int(match.group(1)), match.group(2)


def contact_slot(field: str) -> tuple[int, str] | None:
    """``contact_email`` → (1, "email"), ``contact2_phone`` → (2, "phone"), else None."""
    if field.startswith("contact_") and field[8:] in CONTACT_PARTS:
        return 1, field[8:]
    return _contact_field(field)


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field, for every header that matches a field (first match wins)."""
    lookup = {syn: field for field, syns in SYNONYMS.items() for syn in syns}
    lookup.update({field.replace("_", " "): field for field in SYNONYMS})
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = header_key(header)
        numbered = _contact_field(header)
        field = lookup.get(key)
        if field is None and numbered is not None:
            number, part = numbered
            field = f"contact_{part}" if number == 1 else f"contact{number}_{part}"
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


def apply_overrides(
    headers: Sequence[str], mapping: dict[int, str], overrides: Mapping[str, str]
) -> dict[int, str]:
    """Apply ``COLUMN=field`` overrides (``field`` empty or ``ignore`` drops the column)."""
    result = dict(mapping)
    keys = [header_key(h) for h in headers]
    for column, field in overrides.items():
        wanted = header_key(column)
        if wanted not in keys:
            raise MappingError(
                f"no column {column!r} in the file; its columns are: {', '.join(headers)}")
        index = keys.index(wanted)
        field = field.strip()
        if field in ("", IGNORE):
            result.pop(index, None)
            continue
        if not is_field(field):
            raise MappingError(f"{field!r} is not an account field; fields are: "
                               f"{', '.join(SYNONYMS)}")
        for other, existing in list(result.items()):
            if existing == field:
                del result[other]
        result[index] = field
    return result


def parse_overrides(items: Sequence[str]) -> dict[str, str]:
    """``["Firma=name", "Notes="]`` → ``{"Firma": "name", "Notes": ""}``."""
    result: dict[str, str] = {}
    for item in items:
        column, sep, field = item.partition("=")
        if not sep or not column.strip():
            raise MappingError(f"{item!r}: expected COLUMN=field")
        result[column.strip()] = field.strip()
    return result
