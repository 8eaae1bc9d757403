"""The only code that reads data/ and docs/: text and YAML once each (strict), the schema
registry, typed records, pages with front matter, and the Project that holds them all with
one explicit invalidation (`mkdocs serve` calls it before every rebuild)."""
