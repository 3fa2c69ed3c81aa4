"""The setup assistant a new rep meets on the first start (reachable again from Settings)."""
