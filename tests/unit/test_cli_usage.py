"""`kb` usage: exit 2 on usage errors, a Chinese --help for every subcommand (in this process,
in a folder with no checkout: none of this may need one)."""
import pytest

from kbtest import kb_in_process


@pytest.mark.parametrize("args", [("no-such-command",), (), ("build", "--no-such-flag"),
                                  ("handouts", "--no-such-option"), ("privacy",)])
def test_usage_errors_exit_2(tmp_path, args):
    assert kb_in_process(*args, cwd=tmp_path).returncode == 2


def test_outside_a_checkout_kb_says_where_to_stand(tmp_path):
    result = kb_in_process("check", cwd=tmp_path)
    assert result.returncode == 2 and "mkdocs.yml" in result.stderr and "KB_ROOT" in result.stderr


def test_kb_new_help(tmp_path):
    result = kb_in_process("new", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "playbook" in result.stdout and "procedure" in result.stdout


def test_handouts_help(tmp_path):
    result = kb_in_process("handouts", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "--out" in result.stdout and "--module" in result.stdout


def test_privacy_help_lists_the_kinds(tmp_path):
    helped = kb_in_process("privacy", "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "id-card" in helped.stdout


@pytest.mark.parametrize("command", ["search", "bench", "build", "check", "new", "privacy", "handouts"])
def test_every_subcommand_has_help_with_its_exit_codes(tmp_path, command):
    result = kb_in_process(command, "--help", cwd=tmp_path)
    assert result.returncode == 0 and "退出码" in result.stdout
