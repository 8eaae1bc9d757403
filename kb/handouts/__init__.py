"""Print: training handouts and section books as PDFs. extract (pure: a built page → the section
a module cites), compose (pure: a module and its sections → one HTML document) and printing
(reads the built pages, prints the documents in Chromium)."""
