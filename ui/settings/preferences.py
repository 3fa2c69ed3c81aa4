"""The desktop app's own preferences (QSettings): the settings of this computer, which cannot
live in the store; above all, where the store is (:data:`STORE_LOCATION`, ``store/url``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from fieldrep.common.paths import APP_NAME
from fieldrep.settings.spec import Kind, Scope, Setting, SettingError
from fieldrep.store.database import StoreError, store_url

STORE_URL_KEY = "store/url"


class StoreLocation(Kind[str]):
    """A store's SQLAlchemy URL, or the full path of a SQLite file (made a URL)."""

    def parse(self, key: str, text: str) -> str:
        try:
            return store_url(text)
        except StoreError as exc:
            raise SettingError(str(exc)) from None


STORE_LOCATION = Setting(
    STORE_URL_KEY, StoreLocation(), "",
    "the store to open at the next start: a SQLite file or a database server's URL (empty: "
    "the SQLite file in your user data folder)", Scope.MACHINE, "store")


def preferences() -> QSettings:
    """The app's preferences for this user (the same file whatever the QApplication's names,
    in the platform's default format)."""
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, APP_NAME, APP_NAME)


def saved_store_url() -> str:
    """The store URL the rep chose in Settings (empty: none chosen)."""
    value = preferences().value(STORE_URL_KEY, "")
    return value.strip() if isinstance(value, str) else ""


def save_store_url(url: str) -> None:
    """Remember ``url`` as the store to open at the next start (empty: back to the default)."""
    settings = preferences()
    if url.strip():
        settings.setValue(STORE_URL_KEY, url.strip())
    else:
        settings.remove(STORE_URL_KEY)
    settings.sync()
