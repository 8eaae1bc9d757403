"""kb build never deletes sources: --site-dir refuses docs/, data/, the repository, its ancestors and
any non-empty folder that is not a previous site; kb search caps long queries (in-process)."""
from pathlib import Path

import pytest

from kbtest import kb_in_process

from kb.cli.build import SITE_MARKER, site_dir_problem

ROOTISH = "这是知识库目录本身或它的上级目录，构建会把整个目录（包括 docs/、data/ 和 .git）替换掉。请换一个专门放网站的目录，如 site/。"
NOT_A_SITE = ("这个目录不是空的，也不是 kb build 以前生成的网站（没有 .kb-site 标记），构建会把里面的东西全部删掉。"
              "请换一个空目录或专门放网站的目录，如 site/。")


def source_dir(name):
    return f"这是源文件目录 {name}/（或在它里面），构建会删掉源文件。请换一个专门放网站的目录，如 site/。"


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "kb"
    for d in ("docs", "data", ".git"):
        (root / d).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return root


def test_sources_repository_and_ancestors_are_refused(repo):
    assert site_dir_problem(repo / "docs", repo) == source_dir("docs")
    assert site_dir_problem(repo / "docs/site", repo) == source_dir("docs")
    assert site_dir_problem(repo / "data", repo) == source_dir("data")
    assert site_dir_problem(repo / ".git", repo) == source_dir(".git")
    assert site_dir_problem(repo, repo) == ROOTISH
    assert site_dir_problem(repo / "docs" / "..", repo) == ROOTISH
    assert site_dir_problem(repo.parent, repo) == ROOTISH
    assert site_dir_problem(Path("/"), repo) == ROOTISH


def test_only_empty_folders_and_previous_sites_are_replaced(repo, tmp_path):
    assert site_dir_problem(repo / "site", repo) is None            # does not exist yet
    other = tmp_path / "photos"
    other.mkdir()
    assert site_dir_problem(other, repo) is None                    # empty
    (other / "家里的照片.jpg").write_bytes(b"x")
    assert site_dir_problem(other, repo) == NOT_A_SITE
    (other / SITE_MARKER).write_text("x", encoding="utf-8")
    assert site_dir_problem(other, repo) is None                    # a site kb build made


def test_kb_build_refuses_docs_before_touching_anything(repo):
    (repo / "docs" / "index.md").write_text("# x\n", encoding="utf-8")
    run = kb_in_process("build", "--no-handouts", "--site-dir", "docs", cwd=repo)
    assert run.returncode == 2
    assert run.stderr == f"kb build: 不能把网站生成到 {(repo / 'docs').resolve()}：{source_dir('docs')}\n"
    assert (repo / "docs" / "index.md").read_text(encoding="utf-8") == "# x\n"
    run = kb_in_process("build", "--no-handouts", "--site-dir", ".", cwd=repo)
    assert run.returncode == 2 and ROOTISH in run.stderr and (repo / ".git").is_dir()
