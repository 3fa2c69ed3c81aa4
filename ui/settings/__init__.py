"""The settings dialog, the rate editor and this machine's preferences."""
