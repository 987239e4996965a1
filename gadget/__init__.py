"""The browser workspace's source, installed as the package ``bot.gadget`` (setup.cfg), so an
installed bot publishes it wherever pip put it (bot/render/installed.py, docs/GADGET.md)."""
