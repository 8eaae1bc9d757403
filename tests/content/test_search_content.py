"""The search tuning's inputs from the real glossary (the built index: tests/e2e/test_search_site.py)."""
from kb.search import glossary as tuning
from kbtest import real_data


def test_user_dictionary_holds_every_glossary_term_and_alias():
    data = real_data()
    words = set(tuning.user_dictionary(data).split())
    checked = 0
    for term in data.terms:
        for name in (term.term, *term.aliases):
            runs = [r for r in tuning._HAN.findall(name) if len(r) >= 2]
            if name == "".join(runs) or "、" in name:
                assert set(runs) <= words, f"{name} is not in the jieba user dictionary"
                checked += 1
    assert checked >= 40, f"only {checked} glossary names were checked"
