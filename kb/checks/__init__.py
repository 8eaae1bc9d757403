"""Every source check, as one registry of rules with stable ids (kb.checks.registry): records
and texts in, findings out, no I/O. Importing this package registers all families."""
from kb.checks import (calendar, citations, contacts, faq, frontmatter, local, macros, output, playbooks,  # noqa: F401
                       privacy, reader, references, review, scope, search, structure, training, triage)
from kb.checks.registry import REGISTRY, Rule, run_rules  # noqa: F401
from kb.model.context import Context  # noqa: F401
