"""Acme's orders API."""

__version__ = "0.3.0"
