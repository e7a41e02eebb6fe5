"""Constants shared by the simulator tests (kept out of conftest.py, which is not importable)."""

USER = "tester"
PASSWORD = "s3cret-pw"
