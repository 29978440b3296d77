"""ALIS Desktop: the domain core (models, rules, catalog) plus the command line."""

__version__ = "0.1.0"
APP_NAME = "ALIS Desktop"
