#!/usr/bin/env bash
# Debian packages the tests need. Installed with apt-get when running as root;
# otherwise the exact command is printed and the browser/PDF tests skip (fail under CI=true).
set -euo pipefail
PACKAGES=(chromium fonts-noto-cjk poppler-utils)

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# not `fc-list | grep -q`: grep stops at the first match, fc-list dies of SIGPIPE, and under
# pipefail the font counted as missing (apt-get update ran on every make test)
families=$(fc-list : family 2>/dev/null || true)
[[ $families == *"Noto Sans CJK"* ]] || missing+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "system-deps: ${PACKAGES[*]} 已安装"
  exit 0
fi

cmd="apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  echo "system-deps: 安装 ${missing[*]}"
  bash -c "$cmd"
else
  echo "system-deps: 缺少 ${missing[*]}。请用管理员权限运行：" >&2
  echo "  sudo bash -c '$cmd'" >&2
fi
