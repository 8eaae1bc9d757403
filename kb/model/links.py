"""External links: the office's rule (data/links.yml). A link out of the site is an error unless
its domain is on the allow-list, each entry with the reason staff can reach it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AllowedDomain:
    domain: str    # e.g. oa.example.gov.cn; also covers its subdomains
    reason: str


@dataclass(frozen=True)
class LinkPolicy:
    allow: tuple[AllowedDomain, ...] = ()

    def allows(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == a.domain or host.endswith("." + a.domain) for a in self.allow)

    @property
    def domains(self) -> str:
        return "、".join(a.domain for a in self.allow) or "（现在一个也没有）"
