# Pywikibot configuration for the project's local wikis (demo, tests, benchmark).
#
# PYWIKIBOT_DIR points at this folder (the Makefile sets it). scripts/localwiki.py writes a
# family file per local wiki into families/ and the bot's BotPassword into user-password.cfg
# (mode 0600, git-ignored). MENTOR_WIKI picks the local wiki; it defaults to "demo".
#
# For a real wiki, keep a folder of your own with a user-config.py like this one, your family
# and your BotPassword, and point PYWIKIBOT_DIR at it (see the README).
# ruff: noqa
import os

family = os.environ.get("MENTOR_WIKI", "demo")
mylang = os.environ.get("MENTOR_WIKI_LANG", "en")
user_families_paths = [os.path.join(base_dir, "families")]
password_file = os.path.join(base_dir, "user-password.cfg")
usernames["*"]["*"] = "MentorBot"
user_script_paths = ["scripts"]

# A loopback wiki has no lag and no other users: no throttling, fail fast.
put_throttle = 0
minthrottle = 0
maxthrottle = 1
read_maxlag = 0
write_maxlag = 0
max_retries = 1
retry_wait = 0
retry_max = 1
noisysleep = 600.0
log = []
