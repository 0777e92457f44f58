"""Indonesian news -> normalized records of violence against women and children."""
__version__ = "0.1.0"
