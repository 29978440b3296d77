"""Backups in the window: restore from a backup, choose the backup folder."""
