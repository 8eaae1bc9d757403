"""The output gate: what a built page may contain (pure logic, no I/O beyond the files it is given)."""
