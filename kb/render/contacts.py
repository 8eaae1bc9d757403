"""The unit directory (单位名录): one card per unit with its reception office (data/contacts.yml),
and links from elsewhere to a unit's card."""
from __future__ import annotations

from kb.model.records import KbData
from kb.render.core import esc, unit_anchor, unit_card_link  # noqa: F401 (unit_card_link: the macro)

EXAMPLE_BADGE = "示例，请替换"


def unit_cards(data: KbData) -> str:
    """Every unit of data/units.yml as a card (raw HTML, Markdown leaves it alone)."""
    cards = []
    for u in data.units.values():
        c = data.contacts.get(u.id)
        if c is None:
            rows = '<p class="kb-unit-card__missing">data/contacts.yml 里还没有这个单位的接待窗口。</p>'
        else:
            badge = f'<span class="kb-unit-card__example">{EXAMPLE_BADGE}</span>' if c.example else ""
            rows = (f'<dl><dt>接待电话</dt><dd>{esc(c.phone)}</dd><dt>接待地址</dt><dd>{esc(c.address)}</dd>'
                    f'<dt>接待时间</dt><dd>{esc(c.hours)}</dd><dt>网上渠道</dt><dd>{esc(c.online)}</dd></dl>{badge}')
        cards.append(f'<div class="kb-unit-card" id="{unit_anchor(u.id)}">'
                     f'<p class="kb-unit-card__name"><strong>{esc(u.name)}</strong>'
                     f'<span class="kb-unit-card__level">{esc(u.level)}</span></p>'
                     f'<p class="kb-unit-card__duties">{esc(u.duties)}</p>{rows}</div>')
    return '<div class="kb-unit-cards">\n' + "\n".join(cards) + "\n</div>"
