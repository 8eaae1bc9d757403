"""The pass over the built site: what each built page goes through once it is written (the output
gate, the privacy scan of what the page adds to its sources, the search extraction), in worker
processes while MkDocs renders the next pages, and the same pass over the files the build writes
at the end (search index, tags.json, copied files). Knows nothing of MkDocs: strings in, records out."""
