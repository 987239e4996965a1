"""The page templates and the message files (``i18n/``), installed as the package ``bot.templates``.

This file only makes the folder a package, so that ``pip install`` copies it into the bot and
``importlib.resources`` finds it in a wheel, an sdist install and an editable clone alike
(setup.cfg maps ``bot.templates`` to this folder).
"""
