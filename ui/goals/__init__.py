"""Læringsmål: the per-doctor goals tab, approval dialogs, the heat map, catalog import."""
