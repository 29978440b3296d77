"""Læringsarenaer: the arenas register, the coverage editor and the coverage matrix."""
