#!/usr/bin/env bash
# Install the system packages the project needs on Debian 12: PHP for the local MediaWiki,
# Python's venv module, Node.js with npm (the gadget's lint) and headless Chromium. Does nothing
# when they are already there; needs root otherwise.
set -euo pipefail

need=()
command -v php >/dev/null 2>&1 || need+=(php-cli)
# The module list is read once into a variable: `php -m | grep -q` under pipefail fails at random
# when grep stops reading before php has finished writing.
modules=$(php -m 2>/dev/null || true)
grep -qi pdo_sqlite <<<"$modules" || need+=(php-sqlite3)
grep -qi '^intl$' <<<"$modules" || need+=(php-intl)
grep -qi mbstring <<<"$modules" || need+=(php-mbstring)
grep -qi '^xml$' <<<"$modules" || need+=(php-xml)
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
# MediaWiki is downloaded with Debian's archive keyring named explicitly (scripts/localwiki.py).
[ -f /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
command -v git >/dev/null 2>&1 || need+=(git)  # the security tests ask git which files are tracked
# Node.js and npm for ESLint over the gadget's JavaScript (`make lint-js`).
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
# Headless Chromium for the browser tests and `make screenshots`, driven by Selenium through
# Debian's own driver (never one downloaded at run time).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
# faketime for the benchmark's quiet-day case, which moves the bot's clock a day ahead.
command -v faketime >/dev/null 2>&1 || need+=(faketime)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${need[*]}. Run as root, or: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "[bootstrap] installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
