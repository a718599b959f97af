"""The natural-program corpus of issues 16 and 17 and its harness (see README.md here)."""
