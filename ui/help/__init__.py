"""Help inside the program: the guided start (Kom i gang) and the user guide."""
