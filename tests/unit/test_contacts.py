"""Office numbers of data/contacts.yml are accepted only there and on the unit directory page;
a personal mobile number is refused everywhere."""
from __future__ import annotations

from kb.model.contacts import Contact, with_office_numbers
from kb.model.privacy_lists import Lists
from kb.privacy.scan import scan_text

LISTS = with_office_numbers(Lists(), [Contact("county-petition-bureau", "0000-2000003", "县行政服务中心", "工作日", "网上")])
CARD = "接待电话：0000-2000003\n"
MOBILE = "经办人手机 13912345678\n"


def kinds(text, shown, aliases=()):
    return [r.kind for r in scan_text(text, "md", shown, LISTS, aliases)]


def test_office_number_is_accepted_in_the_directory_only():
    assert kinds(CARD, "data/contacts.yml") == []
    assert kinds(CARD, "reference/contacts.html", aliases=["docs/reference/contacts.md"]) == []
    assert kinds(CARD, "docs/procedures/transfer.md") == ["landline"]
    assert kinds("接待电话：0000-2000004\n", "data/contacts.yml") == ["landline"]   # not a registered number


def test_a_mobile_number_is_refused_even_on_the_directory_page():
    assert kinds(MOBILE, "docs/reference/contacts.md") == ["mobile"]
    assert kinds(MOBILE, "data/contacts.yml") == ["mobile"]
