"""The desktop app's own preferences (QSettings), for what cannot live in the store:
above all, where the store is (``store/url``)."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from fieldrep.common.paths import APP_NAME

STORE_URL_KEY = "store/url"


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
