"""The personal-data scanner, usable alone (`kb privacy PATH`): the rule table (rules, names),
text extraction per file format (extract), scanning files, folders and built sites (scan) and
masked reports (report). Records in (text, deny/allow lists), findings out."""
