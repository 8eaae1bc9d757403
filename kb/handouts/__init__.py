"""Print: training handouts as PDFs. compose (pure: a module and its sections → one HTML
document) and printing (Chromium reads the built pages and prints the documents)."""
