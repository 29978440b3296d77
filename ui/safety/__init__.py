"""Data safety in the window: opening with the writer's lock, the read-only banner, the
heartbeat, the personal-data dialog."""
