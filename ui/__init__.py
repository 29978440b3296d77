"""Qt widgets: the main window, views, dialogs, table models, chart canvases."""
