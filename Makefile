# 信访工作知识库 — `make help` lists the targets.
# Everything runs from a fresh clone: the venv and pinned packages are created on first use.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup system-deps serve build check handouts bench test a11y clean

help: ## 列出所有命令
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

setup: $(STAMP) ## 创建 .venv 并安装锁定版本的 Python 依赖

system-deps: ## 安装测试需要的 Debian 包（chromium、fonts-noto-cjk、poppler-utils）；非 root 时打印安装命令
	@scripts/system-deps.sh

PORT ?= 8000

# --dirty: after a save only the pages it reaches are rebuilt (a saved page; the pages whose macro
# calls show changed data, kb/mkdocs_glue/live.py); every source check still runs on each save.
# --no-strict: MkDocs warns about every dirty build; real warnings are still printed, and
# `make build` (kb build) stays strict.
serve: $(STAMP) ## 构建并在 http://127.0.0.1:8000/ 预览（改 docs/、data/ 后只重建受影响的页面，自动刷新；换端口：make serve PORT=8001）
	$(BIN)/mkdocs serve --dirty --no-strict --dev-addr 127.0.0.1:$(PORT)

build: $(STAMP) system-deps ## 严格构建网站并运行全部检查，生成培训讲义 PDF（kb build；讲义要用 chromium）
	$(BIN)/kb build

check: $(STAMP) ## 只检查源文件，不构建（kb check）
	$(BIN)/kb check

handouts: $(STAMP) system-deps ## 生成培训讲义 PDF 到 handouts/（kb handouts；kb build 也会生成到 site/handouts/）
	$(BIN)/kb handouts --out handouts

bench: $(STAMP) ## 搜索基准：调优与 Material 原样索引对比（kb bench）
	$(BIN)/kb bench

# Two test processes (pytest-xdist), a file to each, in the order tests/conftest.py sorts them
# (--no-loadscope-reorder: not biggest file first): the browser and build tests often wait on
# Chromium or a subprocess, so two keep both cores busy; the real site is still built once.
TEST_WORKERS ?= 2

test: $(STAMP) system-deps ## 安装全部依赖后运行整个测试套件（两个进程并行；单进程：make test TEST_WORKERS=0）
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

a11y: $(STAMP) system-deps ## axe-core 无障碍检查：全部页面（约 1—3 分钟，make test 只查每类页面各一页）
	KB_A11Y_ALL=1 $(BIN)/python -m pytest -q tests/e2e/test_reader_a11y.py

clean: ## 删除构建产物（site/、handouts/）
	rm -rf site handouts .pytest_cache
