"""Documents in the window: the document wizard, printing, service, voiding, case files."""
