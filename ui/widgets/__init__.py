"""Widgets shared between pages: the map view, the period picker, report previews."""
