"""Typed settings: each feature declares its keys; readers get parsed values."""
