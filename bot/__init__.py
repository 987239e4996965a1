"""Mentor dashboard bot: public, wikitext mentor dashboards for any MediaWiki."""

__version__ = "0.1.0"
