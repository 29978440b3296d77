"""Aktiviteter: the per-doctor activity log and its dialogs."""
