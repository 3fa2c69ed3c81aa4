"""The kinds of expense a field rep claims, each with the label a person reads."""

from __future__ import annotations

from enum import StrEnum


class Category(StrEnum):
    """An expense category; the value is what the store and files keep."""

    MILEAGE = "mileage"
    FUEL = "fuel"
    PARKING = "parking"
    TOLLS = "tolls"
    MEALS = "meals"
    CLIENT_ENTERTAINMENT = "client_entertainment"
    LODGING = "lodging"
    AIRFARE = "airfare"
    TRAIN = "train"
    CAR_RENTAL = "car_rental"
    OTHER = "other"

    @property
    def label(self) -> str:
        """The category as shown in the app and the reports (``Client entertainment``)."""
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[Category, str] = {
    Category.MILEAGE: "Mileage",
    Category.FUEL: "Fuel",
    Category.PARKING: "Parking",
    Category.TOLLS: "Tolls",
    Category.MEALS: "Meals",
    Category.CLIENT_ENTERTAINMENT: "Client entertainment",
    Category.LODGING: "Lodging",
    Category.AIRFARE: "Airfare",
    Category.TRAIN: "Train",
    Category.CAR_RENTAL: "Car rental",
    Category.OTHER: "Other",
}


def parse_category(text: str) -> Category:
    """The category named by its value or label, in any case (``meals``, ``Car rental``,
    ``car-rental``); :class:`ValueError` lists the known ones."""
    wanted = text.strip().casefold().replace("-", " ").replace("_", " ")
    for category in Category:
        if wanted in (category.value.replace("_", " "), category.label.casefold()):
            return category
    known = ", ".join(c.label for c in Category)
    raise ValueError(f"{text!r} is not an expense category; use one of: {known}")
