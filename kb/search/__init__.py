"""Chinese search: index tuning at build time (tuning), the Python twin of the browser's engine
(engine, used by `kb search`), and the benchmark of the golden query set (bench)."""
