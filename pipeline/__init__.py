"""Indonesian news -> normalized records of violence against women and children."""
