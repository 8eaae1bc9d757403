"""The unit directory (data/contacts.yml): each unit's reception office, never a person."""
from __future__ import annotations

from dataclasses import dataclass

from kb.model.privacy_lists import ListEntry, Lists

CONTACTS_FILE = "data/contacts.yml"
CONTACTS_PAGE = "reference/contacts.md"   # the only page that renders the cards (macro unit_cards)


@dataclass(frozen=True)
class Contact:
    unit: str
    phone: str
    address: str
    hours: str
    online: str
    example: bool = True


def with_office_numbers(lists: Lists, contacts) -> Lists:
    """The privacy lists plus one allow entry per office number, valid only in data/contacts.yml
    and the page rendered from it (its built HTML and search index entries map back to that page),
    and the 参考 section's print version (print/reference.html, which includes that page).
    A number typed anywhere else, and any mobile number, is still reported."""
    extra = []
    for c in contacts:
        for path in (f"*{CONTACTS_FILE}", f"*docs/{CONTACTS_PAGE}", "*print/reference.html"):  # relative or absolute
            extra.append(ListEntry(text=c.phone, reason=f"{c.unit} 接待窗口的办公电话（{CONTACTS_FILE}）", path=path))
    return Lists(lists.deny, lists.allow + tuple(extra))
