"""Material's tags plugin, seen from kb: the id it gives a tag's heading in the tags index."""
from __future__ import annotations


def tag_anchor(config, name: str) -> str:
    """The id Material's tags plugin gives a tag's heading in the tags index (tag:<slug>)."""
    tags = config.plugins.get("material/tags")
    if tags is None:
        return "tag:" + name
    slug = tags.config.tags_slugify(name, tags.config.tags_slugify_separator)
    return tags.config.tags_slugify_format.format(slug=slug)
