"""Helpers every app may use: no models, and no import of any other app (the lowest layer)."""
