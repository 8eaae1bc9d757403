"""Case playbook records against the pages: related links, leftovers of the template, and
hand-written pages that would clash with the generated ones."""
from __future__ import annotations

from kb.model.findings import Finding
from kb.model.playbook import FOLDER, TODO_MARK
from kb.checks.registry import rule
from kb.model.context import Context

INDEX_SRC = f"{FOLDER}/index.md"


@rule("playbook.no-hand-written-pages", "案例页面由 data/playbooks/*.yml 生成，docs/playbooks/ 下只有 index.md")
def no_hand_written(ctx: Context):
    for p in ctx.pages:
        if p.src.startswith(f"{FOLDER}/") and p.src != INDEX_SRC:
            yield Finding(p.shown, 1, "structure",
                          f"案例手册页面由 data/{FOLDER}/*.yml 自动生成，不要手写 docs/{p.src}。"
                          f"请把内容改写成一条记录（可以用 kb new playbook 标题 生成模板），然后删除这个文件。")


@rule("playbook.related", "案例的 related 都指向已发布的页面或案例")
def related(ctx: Context):
    d = ctx.data
    for pb in d.playbooks.values():
        for i, target in enumerate(pb.related):
            page = ctx.page(target)
            if target.startswith(f"{FOLDER}/"):
                other = d.playbooks.get(target[len(FOLDER) + 1:-3])
                if other is None or other.draft:
                    yield Finding(pb.source, pb.line("related", i), "link", f"related 里的 “{target}” 不是已发布的案例。"
                                  f"请写 {FOLDER}/<文件名>.md，文件名取自 data/{FOLDER}/ 下不是草稿的记录。")
            elif page is None:
                yield Finding(pb.source, pb.line("related", i), "link", f"related 里的 “{target}” 在 docs/ 下不存在。"
                              "请写 docs/ 下已有页面的路径，如 procedures/acceptance.md。")
            elif page.is_draft and not pb.draft:
                yield Finding(pb.source, pb.line("related", i), "link", f"related 里的 “{target}” 是草稿，不会发布，链接会失效。"
                              "请换一个已发布的页面，或等那一页写完再加。")


@rule("playbook.no-template-text", "已发布的案例里没有模板提示（【待填写】）")
def no_template_text(ctx: Context):
    for pb in ctx.data.playbooks.values():
        for json_path, value in pb.texts():
            if TODO_MARK in value and not pb.draft:
                yield Finding(pb.source, pb.line(*json_path), "content",
                              f"这里还是模板里的提示（{TODO_MARK}），请换成实际内容再发布，或者保留 draft: true。")
