"""PDF documents (reportlab) and chart figures (matplotlib, no Qt) from domain objects.

Heavy libraries are imported inside the functions that need them, so opening the program
does not pay for them."""
