"""Small reusable widgets of the app (one per file)."""
