"""Scale benchmark: a synthetic N-page corpus made from the real content (corpus.py) and the
plain-Material baseline of the same Markdown it is measured against. Same layer as search/."""
