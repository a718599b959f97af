"""Build and run the guest C code of compiler/guest/ on its own (see harness.py)."""
