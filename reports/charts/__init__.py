"""matplotlib figures (Agg, no Qt) shared by the window, the meeting screen and the PDFs."""
